"""The exported .docx as LibreOffice prints it (`libreoffice --headless --convert-to pdf`, read with pdfplumber):
表三 on at most two pages, no heading alone at a page foot, the title on one or two balanced lines broken between
words, row labels wrapped at most twice, serif body and sans headings without the GB fonts, page numbers “— N —”
at the outside of the foot. And the PDF export's message when LibreOffice is missing."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from assistant.export import ReportDoc, from_workspace
from assistant.export.docx import SUBHEADING_LINE, export_docx
from assistant.export.geometry import ems
from assistant.export.pdf import ExportError, docx_to_pdf, office
from assistant.layouts import get_layout
from assistant.workspace import Workspace
from tests.factory import consistent_values, paste_text
from tests.report_factory import Plan, prose
from tests.test_export_roundtrip import daqing_workspace

ROOT = Path(__file__).resolve().parent.parent
FOOTER = re.compile(r"—\d+—")  # “— 3 —” with the spaces taken out

if office() is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI needs LibreOffice (make system-deps installs it)")
    pytest.skip("LibreOffice 未安装（make system-deps 会安装）", allow_module_level=True)


def big_2021_workspace() -> Workspace:
    """A 2021-layout report with five-digit numbers everywhere and every part adopted, sub-headings included."""
    layout = get_layout("2021")
    values = consistent_values(layout, random.Random(2021).randint)
    for table in ("三", "四"):  # every rule is linear: scaled, the tables stay consistent
        for cells in values[table].values():
            for col, v in cells.items():
                cells[col] = str(int(v) * 97)
    plan = Plan(layout="2021", year=2023, agency="某某市某某区人民政府办公室", values=values)
    p = prose(plan)
    drafts = {part.key: "\n".join(p[part.number or "intro"]) for part in layout.prose_parts}
    return Workspace(agency=plan.agency, year=2023, tables_text=paste_text("2021", values), drafts=drafts)


@pytest.fixture(scope="module", params=["daqing", "2021"])
def rendered(request, seed_text, tmp_path_factory):
    ws = daqing_workspace(seed_text) if request.param == "daqing" else big_2021_workspace()
    doc = from_workspace(ws)
    folder = tmp_path_factory.mktemp(f"render-{request.param}")
    pdf = docx_to_pdf(export_docx(doc, folder / "report.docx"), folder / "report.pdf")
    with pdfplumber.open(pdf) as opened:
        pages = [(page.width, page.extract_text() or "", page.chars) for page in opened.pages]
    return doc, pages


def lines_of(text: str) -> list[str]:
    return [l.replace(" ", "") for l in text.splitlines() if l.strip()]


def headings(doc: ReportDoc) -> set[str]:
    out = {s.heading for s in doc.layout.sections}
    for text in doc.sections.values():
        out |= {l.strip() for l in text.splitlines() if SUBHEADING_LINE.match(l.strip()) and len(l.strip()) <= 40
                and not l.strip().endswith("。")}
    return out


def test_table_three_on_at_most_two_pages(rendered):
    doc, pages = rendered
    pages_of_three = [k for k, (_, text, _) in enumerate(pages) if "申请人情况" in text]  # its header, repeated
    assert 1 <= len(pages_of_three) <= 2, pages_of_three
    assert pages_of_three == list(range(pages_of_three[0], pages_of_three[-1] + 1))
    last_row = doc.layout.table("三").rows[-1].label
    assert last_row.replace(" ", "") in "".join(lines_of(pages[pages_of_three[-1]][1]))


def test_no_heading_ends_a_page(rendered):
    doc, pages = rendered
    names = {h.replace(" ", "") for h in headings(doc)}
    assert len(names) > 6 or doc.layout.id == "2019"  # the 2021 report has sub-headings of its own lines
    for k, (_, text, _) in enumerate(pages[:-1]):
        body = [l for l in lines_of(text) if not FOOTER.fullmatch(l)]
        assert body[-1] not in names, f"page {k + 1} ends with the heading {body[-1]}"


def test_title_on_one_or_two_balanced_lines_broken_between_words(rendered):
    doc, pages = rendered
    chars = [c for c in pages[0][2] if c["size"] > 20]  # 二号 = 22 pt
    rows: dict[int, str] = {}
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        rows[round(c["top"])] = rows.get(round(c["top"]), "") + c["text"]
    lines = [t.replace(" ", "") for _, t in sorted(rows.items())]
    assert "".join(lines) == doc.title
    assert 1 <= len(lines) <= 2, lines
    if len(lines) == 2:
        assert lines[0] in (doc.agency, f"{doc.agency}{doc.year}年"), lines
        short, long = sorted(ems(l) for l in lines)
        assert short / long >= 0.6, lines


def _runs(chars, text: str) -> list[list[dict]]:
    """Every run of characters spelling `text` (spaces ignored), in the order the PDF draws them."""
    drawn = [c for c in chars if c["text"].strip()]
    target = text.replace(" ", "")
    out = []
    for i in range(len(drawn) - len(target) + 1):
        if drawn[i]["text"] == target[0] and "".join(c["text"] for c in drawn[i:i + len(target)]) == target:
            out.append(drawn[i:i + len(target)])
    return out


def test_row_labels_of_table_three_wrap_at_most_twice(rendered):
    doc, pages = rendered
    table = doc.layout.table("三")
    labels = {part for row in table.rows for part in row.path if len(part) > 4}
    # a group label beside n rows (三、本年度办理结果) may stand in n lines: that makes no row taller
    beside = {label: sum(label in row.path[:-1] for row in table.rows) for label in labels}
    chars = [c for _, text, page_chars in pages if "申请人情况" in text for c in page_chars]
    measured = 0
    for label in labels:
        for run in _runs(chars, label):
            lines = len({round(c["top"]) for c in run})
            assert lines <= max(3, beside[label]), f"「{label}」 takes {lines} lines"
            measured += 1
    assert measured >= len(labels) * 0.8  # (a group label cut by the page break is found on neither page whole)


def test_fonts_fall_back_to_serif_body_and_sans_headings(rendered):
    doc, pages = rendered
    chars = pages[0][2]
    heading = _runs(chars, doc.layout.sections[0].heading)
    assert heading and all("Sans" in c["fontname"] for c in heading[0])
    body = [c for c in chars if 15 < c["size"] < 17 and "\u4e00" <= c["text"] <= "\u9fff"
            and c not in heading[0]]
    serif = [c for c in body if "Serif" in c["fontname"] or "UMing" in c["fontname"]]
    assert len(serif) / len(body) > 0.9, {c["fontname"] for c in body}


def test_page_numbers_at_the_outside_of_the_foot(rendered):
    _, pages = rendered
    for k, (width, _, chars) in enumerate(pages[:2]):
        dashes = [c for c in chars if c["text"] == "—" and c["top"] > 700]
        assert len(dashes) == 2, f"page {k + 1}: “— {k + 1} —” expected"
        middle = sum(c["x0"] for c in dashes) / 2
        assert (middle > width * 0.6) if k % 2 == 0 else (middle < width * 0.4)


def test_pdf_export_without_libreoffice_says_so(tmp_path, seed_text, monkeypatch):
    docx = export_docx(from_workspace(daqing_workspace(seed_text)), tmp_path / "r.docx")
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without LibreOffice
    with pytest.raises(ExportError, match="没有安装 LibreOffice"):
        docx_to_pdf(docx, tmp_path / "r.pdf")
    done = subprocess.run([sys.executable, "-m", "assistant", "export", str(docx), "--to", "pdf", "-o",
                           str(tmp_path / "r.pdf")], capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": str(tmp_path), "ASSISTANT_DATA_DIR": str(tmp_path)}, timeout=120)
    assert done.returncode == 2 and "没有安装 LibreOffice" in done.stderr and not (tmp_path / "r.pdf").exists()


def test_pdf_export_through_libreoffice(tmp_path, seed_text):
    done = subprocess.run([sys.executable, "-m", "assistant", "export", str(ROOT / "corpus/reports/2021_大庆市公共资源交易中心.txt"),
                           "--to", "pdf", "-o", str(tmp_path / "大庆.pdf")], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path)}, timeout=300)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "大庆.pdf") as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace(" ", "")
    assert "第二十条第（九）项" in text and "11,561,862,563.21" in text
