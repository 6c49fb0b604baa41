"""Export is exact: the tables of an export are the workspace's tables as the table tab parsed them, and
`assistant check` on the exported file finds the same tables cell by cell and no finding the workspace lacked."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.checks.report import check_report
from assistant.export import from_workspace, workspace_tables
from assistant.export.docx import export_docx
from assistant.export.markdown import export_markdown
from assistant.export.review import review
from assistant.layouts import get_layout
from assistant.report import load, parse_report
from assistant.tables import parse_tables
from assistant.workspace import Workspace, WorkspaceStore
from tests.factory import consistent_values, paste_text, seed_tables_text
from tests.report_factory import Plan, prose

ROOT = Path(__file__).resolve().parent.parent
EXPORTERS = {"docx": export_docx, "md": export_markdown}
YEARS = {"2019": [2019, 2020, 2021], "2021": [2020, 2021, 2023]}  # the year's layout or not (大庆: 2021 with 2019 tables)


def values_of(ts):
    return {t: {r: {c: x.raw for c, x in cells.items()} for r, cells in d.rows.items()} for t, d in ts.tables.items()}


def key(f):
    return f.rule, f.severity, f.table_id, f.row_id, f.column_id, f.expected, f.actual


@st.composite
def workspaces(draw) -> Workspace:
    layout_id = draw(st.sampled_from(["2019", "2021"]))
    year = draw(st.sampled_from(YEARS[layout_id]))
    rng = random.Random(draw(st.integers(0, 2**32)))
    layout = get_layout(layout_id)
    values = consistent_values(layout, rng.randint)
    planted = draw(st.sampled_from([None, "plus_one", "blank", "dash", "text"]))
    if planted:  # one cell made wrong: a 勾稽 error, a blank, “—”, words where a number belongs
        table = rng.choice(layout.tables)
        row, col = rng.choice(table.rows), rng.choice(table.columns)
        old = values[table.id][row.id][col.id]
        values[table.id][row.id][col.id] = {"plus_one": str(int(float(old)) + 1) if "." not in old else old + "1",
                                            "blank": "", "dash": "—", "text": "不适用"}[planted]
    text = paste_text(layout_id, values, sep=draw(st.sampled_from(["\t", "  "])),
                      wrap=draw(st.sampled_from([None, 6])))
    agency = draw(st.sampled_from(["某某市某某局", "大庆市公共资源交易中心", "某某县人民政府办公室"]))
    plan = Plan(layout=layout_id, year=year, agency=agency, values=consistent_values(layout, rng.randint))
    paragraphs = prose(plan)
    drafts = {}
    for part in layout.prose_parts:
        if draw(st.booleans()):  # adopted or not yet
            drafts[part.key] = "\n".join(paragraphs["intro" if not part.number else part.number])
    return Workspace(agency=agency, year=year, layout=draw(st.sampled_from([None, layout_id])), tables_text=text,
                     drafts=drafts)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ws=workspaces())
def test_round_trip(fmt, ws, tmp_path):
    shown = parse_tables(ws.tables_text, year=ws.year, layout=ws.layout)  # what the table tab shows
    doc = from_workspace(ws)
    assert doc.tables is not None and doc.layout.id == shown.layout
    assert values_of(doc.tables) == values_of(shown)
    path = tmp_path / f"{ws.id}.{fmt}"
    EXPORTERS[fmt](doc, path)
    ts, report = load(path)
    assert report is not None, "the export must read back as a whole report"
    assert report.year == ws.year and ts.layout == shown.layout
    assert values_of(ts) == values_of(shown)  # cell by cell
    known = {key(f) for f in review(doc).findings}
    new = [f.line_text() for f in check_report(report) if key(f) not in known]
    assert new == [], f"{fmt}: the exported file has findings the workspace did not: {new}"


def daqing_workspace(seed_text: str) -> Workspace:
    """The 大庆 seed as a workspace: a 2021 report whose pasted tables use the 2019 layout, every part adopted."""
    report = parse_report(seed_text)
    return Workspace(agency="大庆市公共资源交易中心", year=2021, tables_text=seed_tables_text(seed_text),
                     drafts={"intro": report.intro, "overview": report.section("一").text,
                             "problems": report.section("五").text, "other": report.section("六").text})


@pytest.fixture()
def daqing(seed_text) -> Workspace:
    return daqing_workspace(seed_text)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_daqing_seed_exports_its_2019_tables_and_rechecks_clean(daqing, fmt, tmp_path):
    doc = from_workspace(daqing)
    assert doc.layout.id == "2019" and workspace_tables(daqing).layout_source == "表头"
    path = tmp_path / f"daqing.{fmt}"
    EXPORTERS[fmt](doc, path)
    text = path.read_text(encoding="utf-8") if fmt == "md" else "\n".join(
        c.text for t in Document(path).tables for row in t.rows for c in row.cells)
    for must in ("第二十条第（九）项", "政府集中采购", "8,850", "11,561,862,563.21", "本年新制作数量"):
        assert must in text
    ts, report = load(path)
    assert report is not None and ts.layout == "2019"
    assert values_of(ts) == values_of(parse_tables(daqing.tables_text, year=2021))
    findings = check_report(report)
    assert [f.rule for f in findings if f.severity == "错误"] == []
    assert review(doc).errors == [] and review(doc).verdict() == "未发现错误"


def test_export_tells_the_truth(tmp_path, seed_tables):
    """Open 错误 and the parts not adopted, in Chinese with the layout's section names; exporting anyway works."""
    wrong = seed_tables.replace("(七) 总计\t0", "(七) 总计\t3", 1)
    assert wrong != seed_tables
    store = WorkspaceStore(tmp_path / "data")
    ws = store.create("某某市某某局", 2021)
    ws.tables_text, ws.drafts = wrong, {"overview": "2021年，本局认真贯彻落实条例。"}
    store.save(ws)
    r = review(from_workspace(ws))
    assert r.errors and r.verdict() == f"含 {len(r.errors)} 个错误"
    lines = "\n".join(r.lines())
    assert f"尚有 {len(r.errors)} 个错误" in lines and "（七）总计" in lines
    assert "尚未定稿的部分：“开头说明”、“五、存在的主要问题及改进情况”、“六、其他需要报告的事项”" in lines
    for internal in ("intro", "problems", "other", "overview"):
        assert internal not in lines
    out = tmp_path / "out.docx"
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "assistant", "export", "某某市某某局", "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0 and out.exists(), done.stderr
    assert f"含 {len(r.errors)} 个错误" in done.stdout + done.stderr
    assert "（七）总计" in done.stderr and "“五、存在的主要问题及改进情况”" in done.stderr
    # and what it said is what `assistant check` then finds
    checked = subprocess.run([sys.executable, "-m", "assistant", "check", str(out), "--json"],
                             capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    import json

    errors = [f for f in json.loads(checked.stdout)["files"][0]["findings"] if f["severity"] == "错误"]
    assert len(errors) == len(r.errors)


def test_export_of_a_workspace_without_tables_or_with_unreadable_ones(tmp_path):
    store = WorkspaceStore(tmp_path / "data")
    empty = store.create("某某县某某局", 2023)
    r = review(from_workspace(empty))
    assert r.verdict() == "含 1 个错误" and "尚未粘贴统计表" in r.lines()[1]
    assert "“一、总体情况”" in r.lines()[-1]
    broken = store.create("某某县另一局", 2023)
    broken.tables_text = '{"tables": {"三": '
    store.save(broken)
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "assistant", "export", "某某县另一局", "-o", str(tmp_path / "x.docx")],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 2 and "工作区“某某县另一局 2023 年度”的统计表无法读取：JSON" in done.stderr
    assert store.get(broken.id).tables_text == '{"tables": {"三": '  # what was pasted is kept
