"""A generated region for reviewer mode: a summary (全市) report and its member agencies' reports, this year and last
year, in one layout, with problems planted on named members (see Region.planted) and the others clean."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from assistant.layouts import get_layout
from tests.factory import APPLICANTS, consistent_values, last_year_for
from tests.report_factory import WRITERS, Plan

MEMBERS = ["教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局",
           "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
           "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "退役军人事务局"]
CITY = "某某市"
YEARS = {"2019": 2020, "2021": 2023}  # the report year each region is written for (last year's is one earlier)


def realistic(layout_id: str, rng: random.Random, *, granted_low: bool = False, nothing: bool = False) -> dict:
    """Consistent values whose indicators look like a real agency's: most requests granted, few appeals corrected."""
    layout = get_layout(layout_id)
    vals = consistent_values(layout, draw=rng.randint)
    t3 = vals["三"]
    results = [r.id for r in layout.table("三").rows if r.path[0].startswith("三、") and r.id != "result_total"]
    for col in APPLICANTS:
        for rid in results:
            t3[rid][col] = "0"
        if not nothing and col in ("natural", "business"):
            granted, unable = (rng.randint(1, 3), rng.randint(15, 30)) if granted_low else \
                (rng.randint(8, 40), rng.randint(0, 4))
            t3["granted"][col], t3["partial"][col], t3["unable_not_held"][col] = str(granted), str(rng.randint(0, 3)), str(unable)
        total = sum(int(t3[rid][col]) for rid in results)
        carried_out = 0 if nothing else rng.randint(0, 3)
        carried_in = 0 if nothing else rng.randint(0, min(3, total + carried_out))
        t3["result_total"][col], t3["carried_out"][col] = str(total), str(carried_out)
        t3["carried_in"][col], t3["new"][col] = str(carried_in), str(total + carried_out - carried_in)
    for rid in t3:
        t3[rid]["total"] = str(sum(int(t3[rid][c]) for c in APPLICANTS))
    cases = vals["四"]["cases"]
    for group in ("review", "direct", "after"):
        parts = {"upheld": rng.randint(0, 4), "corrected": 0, "other": rng.randint(0, 1), "pending": rng.randint(0, 1)}
        for name, v in parts.items():
            cases[f"{group}_{name}"] = str(v)
        cases[f"{group}_total"] = str(sum(parts.values()))
    return vals


def summed(layout_id: str, members: list[dict]) -> dict:
    """The summary report's values: every cell the sum of the members' cells."""
    layout = get_layout(layout_id)
    out: dict = copy.deepcopy(members[0])
    for table in layout.tables:
        for rid, cols in out[table.id].items():
            for cid in cols:
                total = sum(Decimal(m[table.id][rid][cid]) for m in members)
                signed = layout.value_type(table.column_index[cid]).kind == "signed" if cid in table.column_index else False
                cols[cid] = (f"{total:+}" if total else "0") if signed else str(total)
    return out


def overview(year: int, agency: str, plan: Plan, variant: int) -> list[str]:
    """Section 一 in one of two wordings (a clean agency words its overview differently each year)."""
    whole, parts = plan.breakdown
    names = ["政策文件", "工作动态", "通知公告", "人事信息"]
    listing = "、".join(f"{names[i]} {v} 条" for i, v in enumerate(parts))
    new, review = plan.total("new"), int(plan.values["四"]["cases"]["review_total"])
    if variant == 0:
        return [f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
                "（一）主动公开", f"全年主动公开政府信息 {whole} 条，包括：{listing}。其中政策解读 {plan.interpretations} 条。",
                "（二）依申请公开", f"全年新收政府信息公开申请 {new} 件，均在法定期限内答复。",
                "（三）政府信息管理", "严格落实公开前保密审查制度，定期清理过时信息。",
                "（四）政府信息公开平台建设", "持续优化政府网站信息公开专栏，方便群众查阅。",
                "（五）监督保障", f"全年因政府信息公开工作被申请行政复议 {review} 件。"]
    return [f"{year}年，{agency}坚持以公开为常态、不公开为例外，围绕中心工作深化政务公开。",
            "（一）主动公开", f"本年度通过门户网站主动公开政府信息 {whole} 条，包括：{listing}。政策解读材料 {plan.interpretations} 条随文件同步发布。",
            "（二）依申请公开", f"本年度受理新收的政府信息公开申请 {new} 件，办理全部在时限以内完成。",
            "（三）政府信息管理", "建立信息发布三级审核流程，动态更新公开指南和目录。",
            "（四）政府信息公开平台建设", "升级改造政务公开专区，新增站内智能检索功能。",
            "（五）监督保障", f"因政府信息公开工作被申请行政复议共 {review} 件，已全部依法答复。"]


PROBLEMS = [["一是部分栏目更新不够及时；二是政策解读形式较为单一；三是依申请公开答复的规范性有待加强。",
             "下一步，我们将加强业务培训，完善考核机制，切实提升公开质量。"],
            ["主要问题是基层公开人员力量薄弱，信息发布审核把关还需进一步严格，部分专栏内容不够丰富。",
             "今后将充实工作力量，健全常态化检查通报制度，推动公开工作提质增效。"]]


@dataclass
class Region:
    layout: str
    year: int
    this_dir: Path
    last_dir: Path
    mapping: Path  # the parent/children YAML
    files: dict[str, Path] = field(default_factory=dict)  # agency → this year's file
    planted: dict[str, str] = field(default_factory=dict)  # agency → the problem planted there
    clean: list[str] = field(default_factory=list)

    @property
    def members(self) -> list[str]:
        return [CITY + m for m in MEMBERS]


def _plan(layout: str, year: int, agency: str, values: dict, variant: int, **kw) -> Plan:
    plan = Plan(layout=layout, year=year, agency=agency, values=values, **kw)
    plan.prose_override = {"一": overview(year, agency, plan, variant), "五": PROBLEMS[variant], **plan.prose_override}
    return plan


def make_region(root: Path, layout: str = "2021", *, seed: int = 7, formats=("txt", "docx", "html"),
                extra_wrong_layout: bool = True) -> Region:
    rng = random.Random(seed)
    year = YEARS[layout]
    region = Region(layout, year, root / f"{year}年", root / f"{year - 1}年", root / "汇总关系.yaml")
    region.this_dir.mkdir(parents=True)
    region.last_dir.mkdir(parents=True)
    agencies = region.members
    this_vals: dict[str, dict] = {}
    last_vals: dict[str, dict] = {}
    low, nothing = agencies[4], agencies[5]
    for a in agencies:
        this_vals[a] = realistic(layout, rng, granted_low=a == low, nothing=a == nothing)
        last_vals[a] = last_year_for(layout, this_vals[a])
    parent_this, parent_last = summed(layout, list(this_vals.values())), summed(layout, list(last_vals.values()))
    # Planted problems (the summary's sums are taken before, so only the member shows them).
    carry, copied, bad_sum = agencies[1], agencies[2], "四"
    lv = last_vals[carry]["三"]
    lv["carried_out"]["natural"] = str(int(lv["carried_out"]["natural"]) + 2)
    lv["new"]["natural"] = str(int(lv["new"]["natural"]) + 2)
    for rid in ("carried_out", "new"):
        lv[rid]["total"] = str(sum(int(lv[rid][c]) for c in APPLICANTS))
    cases = parent_this[bad_sum]["cases"]
    cases["review_upheld"] = str(int(cases["review_upheld"]) + 3)
    cases["review_total"] = str(int(cases["review_total"]) + 3)
    region.planted = {carry: "xyear.carry_over", copied: "review.copied_prose", CITY: "review.parent_sum",
                      low: "review.indicator.disclosure_rate", nothing: "review.zero_table"}
    writers = [WRITERS[f] for f in formats]
    for k, a in enumerate([CITY, *agencies]):
        tv, lv_ = (parent_this, parent_last) if a == CITY else (this_vals[a], last_vals[a])
        write = writers[k % len(writers)]
        last_plan = _plan(layout, year - 1, a, lv_, 1)
        this_plan = _plan(layout, year, a, tv, 0, prose_override={"五": PROBLEMS[1]} if a == copied else {})
        if a == copied:
            last_plan.prose_override["一"] = overview(year - 1, a, last_plan, 0)  # last year worded like this year
        suffix = write.__name__.removeprefix("write_")
        region.files[a] = write(this_plan, region.this_dir / f"{a}{year}年政府信息公开工作年度报告.{suffix}")
        write(last_plan, region.last_dir / f"{a}{year - 1}年政府信息公开工作年度报告.{suffix}")
    if extra_wrong_layout:
        other = next(l for l in YEARS if l != layout)
        a = CITY + "档案馆"
        region.files[a] = WRITERS["txt"](_plan(other, year, a, realistic(other, rng), 0),
                                         region.this_dir / f"{a}{year}年政府信息公开工作年度报告.txt")
        region.planted[a] = "layout.year_mismatch"
    region.mapping.write_text(yaml.safe_dump({CITY: agencies}, allow_unicode=True), encoding="utf-8")
    region.clean = [a for a in agencies if a not in region.planted]
    return region
