"""Reviewer mode on a generated region (a 全市 summary and 22 members, this year and last year, in each layout):
every planted problem is found where it was planted, the clean agencies give nothing, and the outputs are written."""

from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from assistant.review import review
from assistant.review.charts import cjk_font
from assistant.review.outputs import ISSUES_DIR, OVERVIEW_HTML, OVERVIEW_XLSX
from tests.review_factory import CITY, make_region


@pytest.fixture(scope="module", params=["2019", "2021"])
def reviewed(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"region{request.param}")
    region = make_region(root, request.param)
    result = review([region.this_dir], out=root / "审阅", last_year=[region.last_dir], parent=str(region.mapping),
                    jobs=2 if request.param == "2021" else 1)
    return region, result


def rules(result, agency: str) -> list[str]:
    a = result.agency(agency)
    assert a is not None, agency
    return [i.finding.rule for i in a.items]


def test_region_has_a_summary_and_at_least_twenty_members(reviewed):
    region, result = reviewed
    assert len(region.members) >= 20
    assert result.agency(CITY).role == "汇总"
    assert {a.label for a in result.agencies if a.role == "成员"} == set(region.members)
    assert not result.unreadable
    assert {e.path for e in result.pairing.unmatched} == {str(region.files[CITY + "档案馆"])}


def test_every_planted_problem_is_found_where_it_was_planted(reviewed):
    region, result = reviewed
    for agency, rule in region.planted.items():
        assert rule in rules(result, agency), (agency, rule, rules(result, agency))
    carry = next(a for a, r in region.planted.items() if r == "xyear.carry_over")
    found = [i.finding for i in result.agency(carry).items if i.finding.rule == "xyear.carry_over"]
    assert {f.column_id for f in found} == {"natural", "total"}  # the column changed, and the total


def test_parent_sums_name_the_cells_that_differ(reviewed):
    region, result = reviewed
    found = [i.finding for i in result.agency(CITY).items]
    assert sorted(f.column_id for f in found if f.rule == "review.parent_sum") == ["review_total", "review_upheld"]
    upheld = next(f for f in found if f.column_id == "review_upheld")
    assert int(upheld.actual) == int(upheld.expected) + 3 and upheld.severity == "错误"
    assert set(rules(result, CITY)) == {"review.parent_sum"}  # nothing else on the summary


def test_copied_prose_quotes_the_repeated_sentences(reviewed):
    region, result = reviewed
    copied = next(a for a, r in region.planted.items() if r == "review.copied_prose")
    found = [i.finding for i in result.agency(copied).items if i.finding.rule == "review.copied_prose"]
    assert {f.table for f in found} == {"“一、总体情况”", "“五、存在的主要问题及改进情况”"}
    five = next(f for f in found if "五" in f.table)
    assert "主要问题是基层公开人员力量薄弱" in five.quote and "照搬上年" in five.message
    assert result.agency(copied).repeated["五"] == 1.0


def test_clean_agencies_give_nothing(reviewed):
    region, result = reviewed
    assert len(region.clean) >= 15
    for agency in region.clean:
        assert rules(result, agency) == [], agency
        a = result.agency(agency)
        assert a.last is not None and all(f.last is not None and f.this is not None for f in a.figures)


def test_key_figures_show_change_and_percent(reviewed):
    region, result = reviewed
    a = result.agency(region.clean[0])
    new = next(f for f in a.figures if f.id == "new_requests")
    t3 = a.entry.tables
    assert new.this == t3.value("三", "new", "total") and new.last == a.last.tables.value("三", "new", "total")
    assert new.change == new.this - new.last
    assert new.share == pytest.approx(float((new.this - new.last) / new.last))


def test_outputs_are_written_and_self_contained(reviewed):
    region, result = reviewed
    out = result.out
    html = (out / OVERVIEW_HTML).read_text(encoding="utf-8")
    assert html.count("<svg") == 4  # by rule, ranking, indicators, year over year
    assert not re.search(r"<script|<link|@font-face|src=\"https?:|url\((?!#)", html)
    assert "<text" not in html  # chart text is drawn as outlines: the page needs no font
    assert cjk_font(tuple(result.config.chart_fonts)) is not None  # drawn with a CJK font of the machine
    assert "某某市公安局" in html and "照搬上年" in html
    wb = load_workbook(out / OVERVIEW_XLSX)
    rows = list(wb["各机关一览"].iter_rows(values_only=True))
    assert rows[0][0] == "机关" and len(rows) == 1 + len(result.agencies)
    issues = out / ISSUES_DIR
    assert len(list(issues.glob("*.docx"))) == len(result.agencies) == len(list(issues.glob("*.xlsx")))
    with zipfile.ZipFile(issues / f"{CITY}.docx") as z:
        body = z.read("word/document.xml").decode()
    assert "问题清单" in body and "成员单位合计" in body
    sheet = load_workbook(issues / f"{CITY}.xlsx")["问题清单"]
    assert [c.value for c in sheet[1]][:3] == ["序号", "严重程度", "规则"] and sheet.max_row == 3
