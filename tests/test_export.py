"""Workspaces and the 公文-style export."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from assistant.checks.report import check_report
from assistant.export import from_report, from_workspace
from assistant.errors import WorkspaceError
from assistant.export.docx import export_docx
from assistant.export.markdown import export_markdown
from assistant.report import load, parse_report
from assistant.workspace import WorkspaceStore

ROOT = Path(__file__).resolve().parent.parent
HEADINGS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def _values(ts):
    return {t: {r: {c: x.raw for c, x in cells.items()} for r, cells in d.rows.items()} for t, d in ts.tables.items()}


@pytest.fixture()
def seed_docx(tmp_path, seed_text):
    return export_docx(from_report(parse_report(seed_text)), tmp_path / "seed.docx")


def test_docx_has_six_sections_and_every_table_value(seed_docx, seed_text):
    doc = Document(seed_docx)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "大庆市公共资源交易中心2021年政府信息公开工作年度报告"
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert len(doc.tables) == 7
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert {"11,561,862,563.21", "8,850", "（七）总计", "3.危及“三安全一稳定”", "复议后起诉"} <= cells
    # and it reads back to the same tables, with no 错误
    ts, report = load(seed_docx)
    assert _values(ts) == _values(parse_report(seed_text).tables)
    assert [f.rule for f in check_report(report)] == ["layout.year_mismatch"]


def test_docx_gongwen_style(seed_docx):
    doc = Document(seed_docx)
    sec = doc.sections[0]
    assert round(sec.page_width.cm, 1) == 21.0 and round(sec.page_height.cm, 1) == 29.7
    title = doc.paragraphs[0]
    assert title.alignment == 1  # centred
    run = title.runs[0]
    assert run.font.size.pt == 22 and run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert heading.runs[0].font.name == "黑体" and heading.runs[0].font.size.pt == 16
    body = next(p for p in doc.paragraphs if p.text.startswith("2021 年，大庆市"))
    assert body.runs[0].font.name == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32
    sub = next(p for p in doc.paragraphs if p.text.startswith("（一）加强组织领导"))
    assert sub.runs[0].font.name in ("楷体_GB2312", "仿宋_GB2312")
    table = doc.tables[-2]  # 表三
    assert table.style.name == "Table Grid"
    number_cell = table.rows[5].cells[-1]
    assert number_cell.text == "0" and number_cell.paragraphs[0].alignment == 2  # right-aligned


def test_markdown_export(seed_text):
    md = export_markdown(from_report(parse_report(seed_text)))
    for h in HEADINGS:
        assert f"## {h}" in md
    assert "| 政府集中采购 | 8,850 | 11,561,862,563.21 |" in md
    assert "| 三、本年度办理结果 | （三）不予公开 | 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in md


def test_markdown_export_reads_back_with_its_title_and_agency(seed_text, tmp_path):
    path = tmp_path / "seed.md"
    path.write_text(export_markdown(from_report(parse_report(seed_text))), encoding="utf-8")
    _, report = load(path)
    assert report is not None and report.year == 2021
    assert report.agency == "大庆市公共资源交易中心" and not report.title.startswith("#")


def test_libreoffice_renders_the_docx(seed_docx, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice 未安装：无法验证 PDF 渲染")
    r = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(seed_docx)],
                       capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "seed.pdf"
    assert r.returncode == 0 and pdf.exists() and pdf.stat().st_size > 5000, r.stderr
    ts, report = load(pdf)
    assert report is not None and [s.number for s in report.sections] == list("一二三四五六")


def test_workspace_store_persists(tmp_path):
    store = WorkspaceStore(tmp_path)
    ws = store.create("某某市某某局", 2023, "2021")
    ws.facts["overview"] = ["全年主动公开政府信息 1520 条"]
    ws.drafts["overview"] = "（一）主动公开\n全年主动公开政府信息 1520 条。"
    ws.chat.append({"role": "user", "content": "起草总体情况"})
    store.save(ws)
    again = WorkspaceStore(tmp_path).get(ws.id)  # a new store: as after a restart
    assert again == ws.model_copy(update={"updated": again.updated})
    assert [w.id for w in store.list()] == [ws.id] and store.find("某某市某某局").id == ws.id
    store.delete(ws.id)
    assert store.list() == []
    with pytest.raises(WorkspaceError, match="请填写机关名称"):
        store.create(" ", 2023)
    with pytest.raises(WorkspaceError, match="四位年份"):
        store.create("某局", 23)
    with pytest.raises(WorkspaceError):
        store.get("../../etc")


def test_workspace_export_and_cli(tmp_path, seed_tables):
    store = WorkspaceStore(tmp_path / "data")
    ws = store.create("某某市某某局", 2021, "2019")
    ws.tables_text = seed_tables
    ws.drafts = {"intro": "根据条例编制本报告。", "overview": "（一）主动公开\n全年主动公开政府信息 1520 条。",
                 "problems": "存在不足。", "other": "无。"}
    store.save(ws)
    doc = from_workspace(ws)
    md = export_markdown(doc)
    assert "全年主动公开政府信息 1520 条。" in md and "## 五、存在的主要问题及改进情况\n\n存在不足。" in md
    out = tmp_path / "ws.docx"
    r = subprocess.run([sys.executable, "-m", "assistant", "export", "某某市某某局", "--to", "docx", "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT, env={"ASSISTANT_DATA_DIR": str(tmp_path / "data"),
                                                                      "PATH": "/usr/bin:/bin"}, timeout=120)
    assert r.returncode == 0, r.stderr
    texts = [p.text for p in Document(out).paragraphs]
    assert "全年主动公开政府信息 1520 条。" in texts and len(Document(out).tables) == 7
    missing = subprocess.run([sys.executable, "-m", "assistant", "export", "不存在的局", "-o", str(out)],
                             capture_output=True, text=True, cwd=ROOT,
                             env={"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert missing.returncode == 2 and "没有找到文件或工作区" in missing.stderr


def test_docx_tables_repeat_headers_keep_rows_and_headings_and_name_font_fallbacks(seed_docx):
    from assistant.export.fonts import BODY, SUBHEADING, TITLE

    doc = Document(seed_docx)
    for table in doc.tables:
        rows = table.rows
        assert all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        header = [r._tr.trPr.find(qn("w:tblHeader")) is not None for r in rows]
        assert header[0] and not header[-1] and header == sorted(header, reverse=True)  # the top rows only
    three = doc.tables[-2]
    assert sum(r._tr.trPr.find(qn("w:tblHeader")) is not None for r in three.rows) == 3  # 申请人情况's three levels
    widths = [c.width.pt for c in three.columns]
    assert abs(sum(widths) - (210 - 28 - 26) / 25.4 * 72) < 2  # the full text width
    assert widths[2] >= 4 * 10.5  # “3.危及“三安全一稳定”” (11 characters) in at most three lines
    for heading in HEADINGS:
        assert next(p for p in doc.paragraphs if p.text == heading).paragraph_format.keep_with_next
    sec = doc.sections[0]
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == [37, 35, 28, 26]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = sec.footer.paragraphs[0], sec.even_page_footer.paragraphs[0]
    assert odd.text == even.text == "— 1 —" and (odd.alignment, even.alignment) == (2, 0)  # outside: right, left
    fonts = Document(seed_docx).part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob.decode("utf-8")
    for font in (TITLE, BODY, SUBHEADING):
        assert f'w:name="{font.name}"><w:altName w:val="{font.fallbacks[0]}"/><w:charset w:val="86"/>' in fonts
    assert BODY.fallbacks[:2] == ("仿宋", "FangSong") and "华文中宋" in TITLE.fallbacks and "宋体" in TITLE.fallbacks
