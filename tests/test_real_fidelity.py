"""Slips of real reports that the checker closes as classes (issue 12): a column name cut short, the 条例 misnamed, an
item of a list without its number, a prose figure that is one column or one row instead of the total, the same figure
stated twice differently. Each on a small synthetic report of our own, then on the real report in tests/real that
shows it."""

from __future__ import annotations

import random
from pathlib import Path

from assistant.checks.report import check_file, check_report
from assistant.findings import WARNING, Finding
from assistant.layouts import get_layout
from assistant.report import parse_report
from tests.factory import consistent_values
from tests.report_factory import Plan, report_text

REAL = Path(__file__).parent / "real"


def _report(replace: dict[str, str] | None = None, layout: str = "2021") -> str:
    random.seed(7)
    plan = Plan(layout=layout, year=2023 if layout == "2021" else 2020, values=consistent_values(get_layout(layout)))
    text = report_text(plan)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _rules(text: str, *rules: str) -> list[Finding]:
    return [f for f in check_report(parse_report(text)) if f.rule in rules]


def _real(name: str, *rules: str) -> list[Finding]:
    _, _, findings = check_file(REAL / name)
    return [f for f in findings if f.rule in rules]


# ---- a column name cut short ---------------------------------------------------------------------------------------

def test_a_column_name_cut_short_is_one_reminder_per_table():
    found = _rules(_report({"本年废止件数\t现行有效件数": "本年废止件数\t现行有效件"}), "table.header_truncated")
    assert [(f.severity, f.table_id, f.actual, f.expected) for f in found] == [(WARNING, "二(一)", "现行有效件", "现行有效件数")]
    assert _rules(_report(), "table.header_truncated") == []
    wrapped = _report({"本年废止件数\t现行有效件数": "本年废止件数\t现行有效\t件数"})  # a name over two cells is whole
    assert _rules(wrapped, "table.header_truncated") == []


def test_real_truncated_column_names():
    (found,) = _real("2020_微山县两城镇人民政府.txt", "table.header_truncated")
    assert "“本年新”" in found.message and "本年新制作数量" in found.message  # both columns lost their words
    for name in ("2021_鸭南乡人民政府.txt", "2025_天门市人民政府办公室.txt"):
        assert [f.actual for f in _real(name, "table.header_truncated")] == ["现行有效件"], name


# ---- the 条例 misnamed ---------------------------------------------------------------------------------------------

def test_the_regulation_named_without_zhengfu():
    text = _report({"根据《中华人民共和国政府信息公开条例》规定": "根据《中华人民共和国信息公开条例》规定"})
    (found,) = _rules(text, "report.regulation_name")
    assert found.severity == WARNING and found.actual == "中华人民共和国信息公开条例"
    assert _rules(_report(), "report.regulation_name") == []
    assert [f.actual for f in _real("2021_安庆市招商中心.txt", "report.regulation_name")] == ["中华人民共和国信息公开条例"]


def test_a_misspelt_notice_number_is_said_once():
    text = _report({"编制本年度报告": "按照国办公开办涵〔2021〕30号编制本年度报告"})
    assert len([f for f in _rules(text, "report.cited_notice") if "国办公开办涵" in f.message]) == 1


# ---- an item of a list without its number --------------------------------------------------------------------------

def test_list_item_without_its_number():
    text = _report({"包括：政策文件 320 条、工作动态 1200 条": "包括：政策文件 320 条、核准资质条、工作动态 1200 条"})
    found = [f for f in _rules(text, "prose.figure_missing")]
    assert [(f.severity, f.quote) for f in found] == [(WARNING, "核准资质条")]
    for fine in ("包括：政策文件 320 条、其他文件、工作动态 1200 条", "包括：政策文件 320 条、相关条款若干条、工作动态 1200 条"):
        assert _rules(_report({"包括：政策文件 320 条、工作动态 1200 条": fine}), "prose.figure_missing") == [], fine
    (real,) = _real("2019_平潭综合实验区管委会.txt", "prose.figure_missing")
    assert real.quote == "全年公开核准企业资质条"


# ---- a prose figure that is one column, one row or another count instead of the total ------------------------------

_T3_ROWS = ("（一）予以公开\t18\t18\t11\t22\t13\t15\t97", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t18\t3\t24\t1\t22\t69")


def test_prose_figure_that_is_one_column_is_named_so():
    text = _report({"全年新收政府信息公开申请 1020 件，均在法定期限内答复。": "全年予以公开及部分公开 19 件。"})
    (found,) = [f for f in _rules(text, "prose.table_mismatch") if f.actual == "19"]
    assert found.expected == "166" and "恰为「自然人」一列之和" in found.message


def test_received_written_for_handled_is_named_so():
    text = _report({"全年新收政府信息公开申请 1020 件": "全年新收政府信息公开申请 1776 件"})  # 1776: （七）总计
    (found,) = [f for f in _rules(text, "prose.table_mismatch") if f.actual == "1776"]
    assert found.expected == "1020" and "恰为表中“答复（办结）政府信息公开申请”的数" in found.message


def test_blank_totals_still_bound_the_prose_figure_from_below():
    # 科研机构 and 总计 blank in both rows: no equation gives the totals; yet the filled cells add to 86 + 66 = 152 > 18.
    blanked = {_T3_ROWS[0]: "（一）予以公开\t18\t18\t\t22\t13\t15\t",
               _T3_ROWS[1]: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t1\t18\t\t24\t1\t22\t",
               "全年新收政府信息公开申请 1020 件，均在法定期限内答复。": "全年予以公开及部分公开 18 件。"}
    (found,) = [f for f in _rules(_report(blanked), "prose.table_mismatch") if f.actual == "18"]
    assert found.severity == "错误" and found.expected == "≥ 152" and "空白单元格未计入" in found.message
    assert "恰为「三、本年度办理结果（一）予以公开」行「自然人」列一格" in found.message
    fine = dict(blanked, **{"全年新收政府信息公开申请 1020 件，均在法定期限内答复。": "全年予以公开及部分公开 160 件。"})
    assert [f for f in _rules(_report(fine), "prose.table_mismatch") if f.actual == "160"] == []  # above the floor


def test_real_prose_figures_that_are_one_cell_one_row_or_another_count():
    found = {f.actual: f for f in _real("2019_上海市人民政府办公厅.html", "prose.table_mismatch")}
    assert found["258"].expected == "≥ 275" and "「自然人」列一格" in found["258"].message
    assert found["265"].expected == "≥ 337" and "本机关不掌握相关政府信息」一行" in found["265"].message
    (mixed,) = _real("2022_平潭综合实验区管委会.txt", "prose.table_mismatch")
    assert (mixed.actual, mixed.expected) == ("75", "74") and "答复（办结）" in mixed.message  # 收到 written for 办理


# ---- the same figure stated twice; a phrase printed twice ----------------------------------------------------------

def test_same_channel_figure_stated_twice_differently():
    text = _report({"持续优化政府网站信息公开专栏。": "持续优化政府网站信息公开专栏，全年通过门户网站政务公开专栏发布信息 300 条。",
                    "严格落实公开前保密审查制度。": "严格落实公开前保密审查制度，通过政务公开栏目公开信息 280 条。"})
    (found,) = _rules(text, "prose.self_contradiction")
    assert found.severity == WARNING and {found.expected, found.actual} == {"300", "280"}
    same = text.replace("280 条", "300 条")
    assert _rules(same, "prose.self_contradiction") == []
    (real,) = _real("2022_杨凌示范区审计局.txt", "prose.self_contradiction")
    assert (real.expected, real.actual) == ("20", "16")


def test_a_phrase_printed_twice_in_a_row():
    text = _report({"严格落实公开前保密审查制度。": "召开新闻发布会优化营商环境专场召开新闻发布会优化营商环境专场，严格落实保密审查。"})
    (found,) = _rules(text, "prose.duplicated_phrase")
    assert found.severity == WARNING and "“召开新闻发布会优化营商环境专场”连写了两遍" in found.message
    assert _rules(_report(), "prose.duplicated_phrase") == []  # 表四's header words repeat by design: not read
    (real,) = _real("2019_平潭综合实验区管委会.txt", "prose.duplicated_phrase")
    assert "平潭专场新闻发布会" in real.message


def test_figure_missing_right_after_the_verb():
    old = "全年主动公开政府信息 1520 条，包括：政策文件 320 条、工作动态 1200 条。"
    text = _report({old: "全年共主动公开条，包括：政策文件 320 条、工作动态 1200 条。"})
    assert [f.severity for f in _rules(text, "prose.figure_missing")] == [WARNING]
    for fine in ("全年未收到书面申请的政府信息公开申请件，也无网络申请。", "严格执行政府信息公开条例，全年主动公开政府信息 1520 条。"):
        assert _rules(_report({old: fine}), "prose.figure_missing") == [], fine
    assert [f.rule for f in _real("2024_某园区管委会_镜像.txt", "prose.figure_missing")] == ["prose.figure_missing"]
    assert _real("2024_银川市兴庆区前进街街道办事处.txt", "prose.figure_missing") == []  # “未接到…申请件”: none came
