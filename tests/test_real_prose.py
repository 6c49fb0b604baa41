"""The prose of real reports (issue 12, classes 6–8): “其中” read by scope and dimension, combined and qualitative
claims, shares, and the other slips real reports contain. Each class on a small synthetic report of our own, then
tied to the published report in tests/real that shows it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from assistant.checks.report import check_file, check_report
from assistant.findings import ERROR, WARNING, Finding
from assistant.layouts import get_layout
from assistant.report import parse_report
from tests.factory import consistent_values
from tests.report_factory import Plan, report_text

REAL = Path(__file__).parent / "real"
PROSE_RULES = ("prose.", "report.empty_section", "table.township_rules")


def _plan(layout: str = "2021", **kw) -> Plan:
    random.seed(7)
    year = 2023 if layout == "2021" else 2020
    return Plan(layout=layout, year=year, values=consistent_values(get_layout(layout)), **kw)


def _text(plan: Plan, *lines: str, section: str = "一", replace: dict[str, str] | None = None) -> str:
    """The plan's report with lines added at the start of a section (and any text replaced)."""
    text = report_text(plan)
    heading = {"一": "一、总体情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}[section]
    text = text.replace(heading + "\n", heading + "\n" + "".join(x + "\n" for x in lines), 1)
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return text


def _prose(text: str, tables: bool = False) -> list[Finding]:
    """The prose findings of a report; against the tables only when asked (the synthetic tables hold other numbers)."""
    return [f for f in check_report(parse_report(text)) if f.rule.startswith(PROSE_RULES)
            and (tables or f.rule != "prose.table_mismatch")]


def _real(name: str) -> list[Finding]:
    _, report, findings = check_file(REAL / name)
    assert report is not None
    return findings


# ---- 6. “其中” scope ---------------------------------------------------------------------------------

def test_channel_breakdown_plus_outcome_split_reports_the_outcome_sum():
    found = _prose(_text(_plan(), "全年受理政府信息公开申请 15 件，其中网上申请 15 件，办结 12 件，结转 2 件。"))
    assert [(f.rule, f.severity) for f in found] == [("prose.breakdown_sum", ERROR)]
    assert "办结 12 件 + 结转 2 件 = 14件" in found[0].message and "15 件" in found[0].message
    assert (found[0].expected, found[0].actual) == ("15", "14")


def test_channel_and_outcome_split_that_add_up_are_clean():
    assert _prose(_text(_plan(), "全年共收到申请 35 件，其中自然人 34 件，企业 1 件，办结 32 件，结转下年办理 3 件。")) == []


def test_parenthesised_qiizhong_belongs_to_its_parent_item():
    line = ("全年主动公开各类政府信息 22 条，其中人事信息 2 条，动态信息 2 条，部门财务信息 2 条（其中部门预算 1 条、"
            "部门决算 1 条），计划总结 5 条，审计结果 11 条。")
    assert _prose(_text(_plan(), line)) == []
    bad = line.replace("部门决算 1 条", "部门决算 3 条")
    found = _prose(_text(_plan(), bad))
    assert [f.rule for f in found] == ["prose.part_exceeds_whole"]
    assert (found[0].expected, found[0].actual) == ("2", "4")  # the parts in parentheses against 部门财务信息 2 条


def test_districts_in_parentheses_are_not_a_breakdown_of_the_whole():
    assert _prose(_text(_plan(), "全年受理申请 120 件（城区 30 件、开发区 20 件），均按期答复。")) == []


def test_nested_qizhong_compares_with_the_nearer_figure():
    found = _prose(_text(_plan(), "全年公开信息 100 条，其中政策文件 60 条，其中规范性文件 70 条。"))
    assert [(f.rule, f.expected) for f in found] == [("prose.part_exceeds_whole", "60")]


def test_units_must_match_unless_mixed_totals_add_up():
    assert _prose(_text(_plan(), "全年公开信息 10 条，其中会议 30 次。")) == []  # 次 is not a part of 条
    assert _prose(_text(_plan(), "全年主动公开政府信息 47 条，其中部门文件 22 件，通知公告 16 条，人事任免 9 条。")) == []
    found = _prose(_text(_plan(), "全年公开信息 40 条（件），包括文件 22 件、公告 16 条。"))
    assert [(f.rule, f.actual) for f in found] == [("prose.breakdown_sum", "38")]


def test_long_qizhong_list_short_of_its_figure_is_a_reminder_and_a_selection_is_not():
    near = _prose(_text(_plan(), "全年公开信息 21 条，其中文件 4 条，计划 5 条，动态 4 条，年报 1 条。"))
    assert [(f.rule, f.severity) for f in near] == [("prose.breakdown_sum", WARNING)]
    assert _prose(_text(_plan(), "全年发布动态信息 1464 条，其中文件 15 条，解读 10 条，报告 1 条。")) == []
    assert _prose(_text(_plan(), "全年公开信息 107 条，其中文件 18 条，解读 18 条，会议 16 条，任免 11 条等。")) == []


def test_real_reports_nested_and_adjacent_qizhong_are_no_longer_errors():
    for name in ("2024_温州市瓯海区审计局.txt", "2025_广汉市人民政府办公室.txt"):
        assert not [f for f in _real(name) if f.rule.startswith("prose.")], name


# ---- 7. combined and qualitative claims -------------------------------------------------------------

def test_granted_and_partial_combined_is_their_sum():
    plan = _plan()
    granted, partial = plan.total("granted"), plan.total("partial")
    ok = _prose(_text(plan, f"予以公开及部分公开 {granted + partial} 件。"), tables=True)
    assert ok == []
    found = _prose(_text(plan, f"予以公开及部分公开 {granted} 件。"), tables=True)
    assert [(f.rule, f.expected, f.actual) for f in found] == [
        ("prose.table_mismatch", str(granted + partial), str(granted))]
    assert "予以公开及部分公开" in found[0].message


def test_answered_is_the_result_total():
    plan = _plan()
    total = plan.total("result_total")
    assert _prose(_text(plan, f"全年答复政府信息公开申请 {total} 件。"), tables=True) == []
    found = _prose(_text(plan, f"全年办结 {total + 3} 件。"), tables=True)
    assert [(f.rule, f.expected) for f in found] == [("prose.table_mismatch", str(total))]


def test_litigation_without_xingzheng_and_all_upheld_against_table_four():
    plan = _plan()
    t4 = plan.values["四"]["cases"]
    for col in t4:
        t4[col] = "0"
    t4.update(review_upheld="5", review_pending="2", review_total="7", direct_upheld="9", direct_total="9")
    clean = _prose(_text(plan, "行政复议 7 件，诉讼 9 件。"), tables=True)
    assert clean == []
    wrong = _prose(_text(plan, "行政复议 7 件，诉讼 8 件。"), tables=True)
    assert [(f.rule, f.expected, f.actual) for f in wrong] == [("prose.table_mismatch", "9", "8")]
    upheld = _prose(_text(plan, "信息公开类行政复议 7 件，诉讼 9 件，均获维持。"), tables=True)
    assert [(f.rule, f.severity) for f in upheld] == [("prose.table_mismatch", ERROR)]
    assert "尚未审结" in upheld[0].message and "2" in upheld[0].message
    worded = _prose(_text(plan, "因政府信息公开被申请行政复议的案件均获维持。"), tables=True)
    assert [f.rule for f in worded] == ["prose.table_mismatch"]  # no figure in the sentence, still read
    assert _prose(_text(plan, "因政府信息公开被提起的诉讼均获维持。"), tables=True) == []  # 诉讼: none open


def test_all_upheld_is_clean_when_no_case_is_open_or_corrected():
    plan = _plan()
    t4 = plan.values["四"]["cases"]
    for col in t4:
        t4[col] = "0"
    t4.update(review_upheld="3", review_total="3")
    assert _prose(_text(plan, "行政复议 3 件，均获维持。"), tables=True) == []


def test_shares_are_recomputed_and_the_rounded_value_expected():
    found = _prose(_text(_plan(), "全年答复申请 830 件。其中不予公开 21 件，占比 2.6%。"))
    assert [(f.rule, f.severity, f.expected, f.actual) for f in found] == [("prose.percentage", WARNING, "2.5", "2.6")]
    assert "21 件 ÷ 830 件" in found[0].message
    assert _prose(_text(_plan(), "全年答复申请 830 件。其中不予公开 21 件，占比 2.5%。")) == []
    assert _prose(_text(_plan(), "全年受理申请 830 件，较上年增长 2.6%。")) == []  # a change, not a share


def test_real_shanghai_2019_prose_slips_are_found():
    found = _real("2019_上海市人民政府办公厅.html")
    rules = [(f.rule, f.severity) for f in found if f.rule.startswith("prose.")]
    assert ("prose.percentage", WARNING) in rules  # 35/805 = 4.348% printed as 4.34%
    assert any(f.rule == "prose.breakdown_sum" and f.expected == "805" and f.actual == "716" for f in found)
    assert any(f.rule == "prose.table_mismatch" and "均获维持" in f.message for f in found)


def test_real_percentages():
    tongzhou = [f for f in _real("2019_北京市通州区某局.txt") if f.rule == "prose.percentage"]
    assert {(f.expected, f.actual) for f in tongzhou} == {("0.4", "0.5")}
    dazu = [f for f in _real("2022_重庆市大足区人民政府外事办公室.txt") if f.rule == "prose.percentage"]
    assert [(f.expected, f.actual) for f in dazu] == [("42", "41")]


# ---- 8. other slips -------------------------------------------------------------------------------------

def test_outline_sentence_against_the_layout():
    plan = _plan()
    five = ("本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、存在的主要问题及改进情况、"
            "其他需要报告的事项等五个部分组成。")
    found = _prose(_text(plan, five))
    assert [f.rule for f in found] == ["prose.intro_parts"]
    assert "行政复议" in found[0].message and "6 个部分" in found[0].message
    six = ("本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
           "存在的主要问题及改进情况、其他需要报告的事项六个部分组成。")
    assert _prose(_text(plan, six)) == []
    seven = _prose(_text(plan, six.replace("六个部分", "7个部分")))
    assert [(f.rule, f.actual) for f in seven] == [("prose.intro_parts", "7")]
    abbreviated = "本年报由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等六个部分组成。"
    assert _prose(_text(plan, abbreviated)) == []
    open_ended = five.replace("等五个部分组成", "等方面内容")
    assert _prose(_text(plan, open_ended)) == []
    listed_five = five.replace("等五个部分组成", "")
    assert [f.rule for f in _prose(_text(plan, listed_five))] == ["prose.intro_parts"]


def test_kinds_count_and_figure_missing():
    found = _prose(_text(_plan(), "公开信息涉及公告公示、组织机构、政策文件及重点领域信息 5 大类。"))
    assert [(f.rule, f.expected, f.actual) for f in found] == [("prose.category_count", "4", "5")]
    blank = _prose(_text(_plan(), "全年主动公开信息  条，均按时发布。"))
    assert [(f.rule, f.severity) for f in blank] == [("prose.figure_missing", WARNING)]
    assert [f.rule for f in _prose(_text(_plan(), "在门户网站主动公开政府信息260余"))] == ["prose.figure_missing"]


def test_problems_section_saying_only_none():
    plan = _plan()
    text = _text(plan, replace={"一是公开内容的针对性有待提高；二是解读形式还不够丰富。下一步将加强培训，提升公开质量。": "无。"})
    found = _prose(text)
    assert [(f.rule, f.severity) for f in found] == [("report.empty_section", WARNING)]
    assert "五、" in found[0].message


def test_processing_fee_needs_the_fee_itself_not_any_charge():
    plan = _plan(fee_sentence=False)
    base = report_text(plan)
    for sentence, reminded in (("本年度未收取信息处理费。", False), ("本年度收取信息处理费 0 元。", False),
                               ("本机关严格执行收费标准，未违规收费。", True)):
        text = base.replace("六、其他需要报告的事项\n无。", "六、其他需要报告的事项\n" + sentence)
        rules = [f.rule for f in check_report(parse_report(text))]
        assert ("report.processing_fee" in rules) is reminded, sentence


@pytest.mark.parametrize("agency, flagged", [("某某县某某镇人民政府", True), ("某某区某某街道办事处", True),
                                             ("镇江市人民政府", False), ("某某市司法局", False)])
def test_rules_rows_filled_by_a_township(agency, flagged):
    plan = _plan(agency=agency)
    plan.values["二(一)"]["rules"] = {"issued": "2", "repealed": "0", "in_force": "2"}
    found = [f for f in _prose(report_text(plan)) if f.rule == "table.township_rules"]
    assert bool(found) is flagged
    if found:
        assert found[0].severity == WARNING and found[0].table_id == "二(一)"


def test_real_outline_slips():
    for name, actual in (("2024_和平县合水镇人民政府.txt", "7"), ("2022_青龙满族自治县财政局.txt", "5"),
                         ("2020_会昌县中村乡人民政府.txt", "4"), ("2020_开阳县冯三镇人民政府.txt", "5")):
        found = [f for f in _real(name) if f.rule == "prose.intro_parts"]
        assert [f.actual for f in found] == [actual], name
    for name in ("2023_怀化市洪江区沅江路街道办事处.txt", "2023_无锡市锡山区厚桥街道.txt"):
        found = [f for f in _real(name) if f.rule == "prose.intro_parts"]
        assert len(found) == 1 and "其他需要报告的事项" in found[0].message, name
    qidu = [f for f in _real("2024_温州市鹿城区七都街道办事处.txt") if f.rule == "prose.category_count"]
    assert [(f.expected, f.actual) for f in qidu] == [("5", "7")]
    # “其他报告的事项共六个部分” names all six
    assert not [f for f in _real("2024_九江市濂溪区人民政府.txt") if f.rule == "prose.intro_parts"]
