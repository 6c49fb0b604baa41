"""Whole-report checking: the seed parsed completely; reports written from the layouts in every file format,
consistent ones clean and planted inconsistencies caught at the right place."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.checks.report import check_report
from assistant.layouts import get_layout
from assistant.report import load, parse_report
from assistant.textfile import InputError
from tests.factory import consistent_values
from tests.report_factory import WRITERS, Plan, report_text

FORMATS = list(WRITERS)


def _plan(layout: str = "2021", seed: int = 0, **kw) -> Plan:
    random.seed(seed)
    year = 2023 if layout == "2021" else 2020
    return Plan(layout=layout, year=year, values=consistent_values(get_layout(layout)), **kw)


def _check(plan: Plan, fmt: str, tmp_path: Path):
    path = WRITERS[fmt](plan, tmp_path / f"report.{fmt}")
    ts, report = load(path)
    assert report is not None
    return report, check_report(report)


def _values(ts):
    return {t: {r: {c: cell.raw for c, cell in cells.items()} for r, cells in d.rows.items()} for t, d in ts.tables.items()}


# ---- the seed ------------------------------------------------------------------------------------

def test_seed_report_parses_completely(seed_text, seed_tables):
    from assistant.tables.paste import parse_paste

    report = parse_report(seed_text)
    assert report.title == "2021 年政府信息公开工作年度报告"
    assert report.agency == "大庆市公共资源交易中心"
    assert report.year == 2021 and report.published == "2022-01" and report.layout == "2019"
    assert [s.number for s in report.sections] == list("一二三四五六")
    assert [s.title for s in report.sections] == ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                                                  "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
    assert report.section("一").subheadings[0].startswith("（一）加强组织领导")
    assert report.section("六").text.strip() == "无。"
    assert _values(report.tables) == _values(parse_paste(seed_tables))
    stated = [(n.value, n.unit) for n in report.numbers if n.unit == "条"]
    assert stated == [(Decimal(v), "条") for v in (11627, 11620, 11620, 1837, 8821, 300, 167, 495)]
    assert all(n.section is None for n in report.numbers)  # all in the opening 说明
    assert (Decimal(100), "%") in [(n.value, n.unit) for n in report.numbers]
    findings = check_report(report)
    assert [(f.rule, f.severity) for f in findings] == [("layout.year_mismatch", "提醒")]


def test_seed_breakdown_is_verified(seed_text):
    broken = seed_text.replace("发布其他工作动态、通知公告等信息 495 条", "发布其他工作动态、通知公告等信息 496 条")
    findings = [f for f in check_report(parse_report(broken)) if f.rule == "prose.breakdown_sum"]
    assert len(findings) == 1
    f = findings[0]
    assert f.expected == "11620" and f.actual == "11621" and "496 条" in f.quote and f.line == 9
    part = seed_text.replace("其中业务信息 11620 条", "其中业务信息 11720 条")
    rules = [f.rule for f in check_report(parse_report(part))]
    assert "prose.part_exceeds_whole" in rules


# ---- written reports, every format ---------------------------------------------------------------

@pytest.mark.parametrize("layout", ["2019", "2021"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_consistent_report_has_no_errors(layout, fmt, tmp_path):
    plan = _plan(layout, seed=hash((layout, fmt)) % 100)
    report, findings = _check(plan, fmt, tmp_path)
    assert [s.number for s in report.sections] == list("一二三四五六")
    assert report.year == plan.year and report.layout == layout
    assert _values(report.tables) == plan.values
    assert [f for f in findings if f.severity == "错误"] == []
    assert findings == []


def _plant(kind: str, plan: Plan) -> dict:
    """Plant one inconsistency; return what the finding must carry."""
    v = plan.values
    if kind == "table3":
        v["三"]["granted"]["natural"] = str(int(v["三"]["granted"]["natural"]) + 1)
        return dict(rule="t3.applicant_total", row_id="granted", column_id="total")
    if kind == "table4":
        v["四"]["cases"]["after_total"] = str(int(v["四"]["cases"]["after_total"]) + 1)
        return dict(rule="t4.after_total", column_id="after_total")
    if kind == "breakdown":
        plan.breakdown = (1520, [320, 1201])
        return dict(rule="prose.breakdown_sum", expected="1520", actual="1521", quote="1520 条")
    if kind == "part":
        plan.interpretations = 2000
        return dict(rule="prose.part_exceeds_whole", quote="其中政策解读 2000 条")
    if kind == "prose_new":
        plan.stated_new = plan.total("new") + 3
        return dict(rule="prose.table_mismatch", expected=str(plan.total("new")), actual=str(plan.stated_new), quote="新收政府信息公开申请")
    if kind == "prose_review":
        plan.stated_review = int(v["四"]["cases"]["review_total"]) + 2
        return dict(rule="prose.table_mismatch", actual=str(plan.stated_review), quote="行政复议")
    if kind == "period":
        plan.period_year = plan.year - 1
        return dict(rule="report.period_year", expected=str(plan.year), actual=str(plan.year - 1))
    if kind == "opening":
        plan.opening_year = plan.year + 1
        return dict(rule="report.opening_year", actual=str(plan.year + 1))
    if kind == "missing_section":
        plan.drop_section = "五"
        return dict(rule="report.missing_section")
    raise AssertionError(kind)


KINDS = ["table3", "table4", "breakdown", "part", "prose_new", "prose_review", "period", "opening", "missing_section"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_planted_inconsistency_is_caught(kind, fmt, tmp_path):
    plan = _plan("2021", seed=KINDS.index(kind))
    want = _plant(kind, plan)
    _, findings = _check(plan, fmt, tmp_path)
    mine = [f for f in findings if f.rule == want["rule"]]
    assert len(mine) >= 1, [f.line_text() for f in findings]
    f = mine[0]
    assert f.severity == "错误"
    for key, value in want.items():
        if key == "quote":
            assert value.replace(" ", "") in (f.quote or "").replace(" ", ""), f  # PDFs drop spaces at line ends
        elif key != "rule":
            assert getattr(f, key) == value, (key, f)
    # nothing else is an error except what the planted slip implies
    others = {x.rule for x in findings if x.severity == "错误"} - {want["rule"]}
    assert others <= {"t3.result_total", "t3.balance"}, [x.line_text() for x in findings]


def test_2021_report_without_processing_fee_is_reminded(tmp_path):
    plan = _plan("2021", fee_sentence=False)
    _, findings = _check(plan, "txt", tmp_path)
    assert [(f.rule, f.severity) for f in findings] == [("report.processing_fee", "提醒")]
    plan19 = _plan("2019", fee_sentence=False)
    assert _check(plan19, "txt", tmp_path)[1] == []


def test_truncated_report(tmp_path):
    plan = _plan("2021")
    text = report_text(plan)
    cut = text[: text.index("三、收到和处理政府信息公开申请情况")]
    report = parse_report(cut)
    findings = check_report(report)
    truncated = [f for f in findings if f.rule == "report.truncated"]
    assert len(truncated) == 1 and "三、收到和处理政府信息公开申请情况" in truncated[0].message
    assert not any(f.rule == "table.missing" for f in findings)  # said once, as the truncation


def test_section_order(tmp_path):
    text = report_text(_plan("2021"))
    a, b = text.index("五、存在的主要问题及改进情况"), text.index("六、其他需要报告的事项")
    swapped = text[:a] + text[b:] + "\n" + text[a:b]
    assert "report.section_order" in [f.rule for f in check_report(parse_report(swapped))]


@pytest.mark.parametrize("content,suffix,words", [
    (b"", ".txt", "空文件"),
    (b"\x00\x01\x02\x03" * 10, ".txt", "二进制"),
    (b"%PDF-1.4 broken", ".pdf", "PDF"),
    (b"PK\x03\x04 not a zip", ".docx", ".docx"),
    ("今天天气很好。我们去公园散步。".encode(), ".txt", "没有找到"),
    (b"\xd0\xcf\x11\xe0", ".doc", "另存为 .docx"),
])
def test_unreadable_inputs_get_chinese_messages(tmp_path, content, suffix, words):
    path = tmp_path / f"x{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        ts, report = load(path)
        if report is None:  # plain text that is no report and no table: the CLI says so
            from assistant.checks import check_tables

            rules = [f.rule for f in check_tables(ts)]
            assert "parse.no_tables" in rules
            raise InputError("没有找到统计表")
    assert words in str(exc.value)


def test_scanned_pdf_without_text(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)
    c.save()
    with pytest.raises(InputError, match="扫描件"):
        load(path)


def test_cli_folder_summary_and_csv(tmp_path):
    good = _plan("2021", seed=1)
    bad = _plan("2021", seed=2)
    _plant("prose_new", bad)
    folder = tmp_path / "reports"
    folder.mkdir()
    WRITERS["docx"](good, folder / "a.docx")
    WRITERS["pdf"](bad, folder / "b.pdf")
    (folder / "c.txt").write_bytes(b"")
    out_csv = tmp_path / "summary.csv"
    r = subprocess.run([sys.executable, "-m", "assistant", "check", "--summary", str(folder), "--csv", str(out_csv)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2  # c.txt cannot be read
    lines = r.stdout.strip().splitlines()
    assert lines[0].split("\t") == ["文件", "机关", "年度", "版式", "错误", "提醒", "说明"]
    rows = {Path(l.split("\t")[0]).name: l.split("\t") for l in lines[1:]}
    assert rows["a.docx"][1:6] == ["某某市某某局", "2023", "2021", "0", "0"]
    assert rows["b.pdf"][4] == "1"
    assert "空文件" in rows["c.txt"][6]
    assert out_csv.read_text(encoding="utf-8-sig").splitlines()[0] == "文件,机关,年度,版式,错误,提醒,说明"
    r = subprocess.run([sys.executable, "-m", "assistant", "check", "--json", str(folder / "b.pdf")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    (f,) = json.loads(r.stdout)["files"][0]["findings"]
    assert f["rule"] == "prose.table_mismatch" and "新收政府信息公开申请" in f["quote"]
