"""A third official layout arrives as one YAML file (in the folder the setting layouts_dir names): pasting, checking,
whole-report parsing and export all work on it without a code change, and the two official layouts are untouched."""

from __future__ import annotations

import yaml
import pytest

from assistant import layouts
from assistant.checks import check_tables
from assistant.checks.report import check_report
from assistant.export import from_report
from assistant.export.docx import export_docx
from assistant.export.markdown import export_markdown
from assistant.findings import ERROR
from assistant.layouts import DATA
from assistant.report import load, parse_report
from assistant.tables import parse_tables
from tests.factory import consistent_values, paste_text
from tests.report_factory import Plan, report_text

NEW_TABLE = {
    "id": "二(十)", "section": "二", "name": "表二「第二十条第（十）项」", "title": "第二十条第（十）项",
    "anchors": ["第二十条第（十）项"], "corner": "信息内容",
    "columns": [{"id": "datasets", "path": ["本年开放数据集数量"], "type": "count"}],
    "rows": [{"id": "open_data", "path": ["公共数据开放"]}],
}
RECTIFICATION = {"rule": "report.rectification", "any": ["整改"],
                 "message": "“五、存在的主要问题及改进情况”未说明上年问题的整改情况"}


@pytest.fixture
def layout_2027(tmp_path, monkeypatch):
    """A fictional 2027 revision: the 2021 layout plus a 表二 sub-table and a new requirement for 五."""
    data = yaml.safe_load((DATA / "layout_2021.yaml").read_text(encoding="utf-8"))
    data.update(id="2027", name="中华人民共和国政府信息公开工作年度报告格式（虚构修订）", notice="国办公开办函〔2027〕1号",
                default_for_years={"first": 2027})
    data["markers"] = data["markers"] + ["本年开放数据集数量", "公共数据开放"]
    data["tables"].insert(4, NEW_TABLE)
    next(s for s in data["sections"] if s["key"] == "problems")["required"] = [RECTIFICATION]
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "layout_2027.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_LAYOUTS_DIR", str(folder))
    layouts.reload()
    yield layouts.get_layout("2027")
    monkeypatch.delenv("ASSISTANT_LAYOUTS_DIR")
    layouts.reload()


def test_third_layout_is_loaded_beside_the_official_ones(layout_2027):
    assert [l.id for l in layouts.all_layouts()] == ["2019", "2021", "2027"]
    assert layouts.layout_for_year(2027).id == "2027" and layouts.layout_for_year(2023).id == "2021"
    assert layouts.layout_for_year(2019).id == "2019"
    assert [t.id for t in layout_2027.section_tables("二")] == ["二(一)", "二(五)", "二(六)", "二(八)", "二(十)"]


def test_paste_and_check_in_the_third_layout(layout_2027):
    values = consistent_values(layout_2027)
    ts = parse_tables(paste_text("2027", values), year=2027)
    assert ts.layout == "2027" and ts.layout_source == "表头"
    assert str(ts.value("二(十)", "open_data", "datasets")) == values["二(十)"]["open_data"]["datasets"]
    assert [f for f in check_tables(ts) if f.severity == ERROR] == []

    values["三"]["new"]["total"] = str(int(values["三"]["new"]["total"]) + 1)  # a slip in 表三
    errors = [f for f in check_tables(parse_tables(paste_text("2027", values), year=2027)) if f.severity == ERROR]
    assert errors and all(f.table == "表三" for f in errors)
    assert any(f.row_id == "new" and f.column_id == "total" for f in errors)


def test_official_layouts_are_still_recognised_with_a_third_present(layout_2027):
    values = consistent_values(layouts.get_layout("2021"))
    ts = parse_tables(paste_text("2021", values), year=2023)
    assert ts.layout == "2021"
    assert [f for f in check_tables(ts) if f.severity == ERROR] == []


def test_whole_report_and_export_round_trip_in_the_third_layout(layout_2027, tmp_path):
    plan = Plan(layout="2027", year=2027, values=consistent_values(layout_2027))
    report = parse_report(report_text(plan), year=2027)
    assert report.tables.layout == "2027"
    findings = check_report(report)
    assert [f.rule for f in findings if f.severity == ERROR] == []
    assert [f.message for f in findings if f.rule == "report.rectification"] == [RECTIFICATION["message"]]

    doc = from_report(report)
    md = tmp_path / "report.md"
    export_markdown(doc, md)
    docx = export_docx(doc, tmp_path / "report.docx")
    for path in (md, docx):
        tables, again = load(path, year=2027)
        assert again is not None and tables.layout == "2027"
        for spec, data in report.tables.ordered_tables():
            for row in spec.rows:
                for col in spec.columns:
                    got, want = tables.cell(spec.id, row.id, col.id), data.rows[row.id][col.id]
                    assert got is not None, (path.suffix, spec.id, row.id, col.id)
                    assert (got.kind, got.value, got.raw) == (want.kind, want.value, want.raw), (path.suffix, spec.id, row.id, col.id)
