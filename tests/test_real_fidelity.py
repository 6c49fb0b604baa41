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
