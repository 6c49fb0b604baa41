"""Report files → plain text, with tables as tab-separated lines (txt, md, pdf, docx, html)."""

from __future__ import annotations

import re
from pathlib import Path

from .. import limits
from ..textfile import InputError, decode, read_bytes

SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")

# Page footers and headers that PDFs put inside tables: “- 4 -”, “第 4 页”, “第4页 共10页”, “4/10”, a lone number.
_PAGE_LINE = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})\s*$")


def read_report(path: str | Path) -> str:
    """A report file's text, within the limits of assistant/limits.py (else an InputError naming the limit)."""
    p = Path(path)
    return limits.check_text(_read(p), str(p))


def _read(p: Path) -> str:
    data = read_bytes(p)
    suffix = p.suffix.lower()
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return pdf_text(data, str(p))
    if suffix == ".docx" or (data[:2] == b"PK" and suffix not in (".txt", ".md")):
        return docx_text(data, str(p))
    if suffix == ".doc":
        raise InputError(f"{p} 是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再检查")
    text = decode(data, str(p))
    if suffix in (".html", ".htm") or re.match(r"\s*(<!DOCTYPE html|<html)", text[:200], re.I):
        return html_text(text, str(p))
    return text


_STREAM = re.compile(rb"stream\r?\n")


def _check_pdf_streams(data: bytes, name: str) -> None:
    """The compressed streams of a PDF (page content, object streams) unpack to at most MAX_UNPACKED_BYTES in all,
    measured by unpacking them in pieces before pdfminer unpacks each whole (a “zip bomb” PDF). Images are left
    alone: text extraction never unpacks them."""
    import zlib

    budget = limits.MAX_UNPACKED_BYTES
    at = 0
    while budget >= 0:
        m = _STREAM.search(data, at)
        if m is None:
            return
        at = m.end()
        if data[m.start() - 3:m.start()] == b"end":
            continue
        head = data[max(0, m.start() - 400):m.start()]
        head = head[head.rfind(b"obj"):] if b"obj" in head else head
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        unpack = zlib.decompressobj()
        chunk = data[at:at + 64 * 1024 * 1024]
        try:
            while chunk and budget >= 0 and not unpack.eof:
                budget -= len(unpack.decompress(chunk, 4 * 1024 * 1024))
                chunk = unpack.unconsumed_tail
        except zlib.error:
            continue  # pdfminer will say what is wrong with it
    raise limits.over(name, "压缩内容解压后的大小", limits.mb(limits.MAX_UNPACKED_BYTES))


def pdf_text(data: bytes, name: str = "PDF") -> str:
    import io

    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    _check_pdf_streams(data, name)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.MAX_PDF_PAGES:
                raise limits.over(name, "页数", str(limits.MAX_PDF_PAGES), f" {len(pdf.pages)} 页")
            pages = [page.extract_text() or "" for page in pdf.pages]
    except InputError:
        raise
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{name} 不是有效的 PDF 文件，或已损坏（{type(exc).__name__}）") from exc
    except Exception as exc:  # pdfminer raises many private error types on broken files
        raise InputError(f"{name} 无法读取：PDF 已损坏或加密（{type(exc).__name__}）") from exc
    lines = [l for page in pages for l in page.splitlines() if not _PAGE_LINE.match(l)]
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{name} 中没有可提取的文字（可能是扫描件），请提供文字版 PDF、Word 或网页")
    return text


def docx_text(data: bytes, name: str = "Word 文件") -> str:
    import io
    import zipfile

    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from lxml.etree import LxmlError

    try:
        _check_docx(zipfile.ZipFile(io.BytesIO(data)), name)
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, LxmlError, EOFError, NotImplementedError) as exc:
        raise InputError(f"{name} 不是有效的 .docx 文件，或已损坏（{type(exc).__name__}）") from exc
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_docx_table_lines(block))
    return "\n".join(lines)


_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_PARAGRAPH = (b"<w:p>", b"<w:p ", b"<w:p/>")
_CELL = (b"<w:tc>", b"<w:tc ", b"<w:tc/>")


def _check_docx(zf, name: str) -> None:
    """Before python-docx parses anything: the unpacked size of all members (a zip bomb), no DTD or entity in any
    XML part (a Word file never has one; “billion laughs” needs one), and the paragraphs and table cells of the
    document body counted in its bytes."""
    members = zf.infolist()
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.MAX_UNPACKED_BYTES:
        raise limits.over(name, "解压后的大小", limits.mb(limits.MAX_UNPACKED_BYTES), f" {limits.mb(unpacked)}")
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        if member.file_size > limits.MAX_DOCX_XML_BYTES:
            raise limits.over(name, f"{member.filename} 解压后的大小", limits.mb(limits.MAX_DOCX_XML_BYTES),
                              f" {limits.mb(member.file_size)}")
        with zf.open(member) as fh:  # reads at most the size the zip declares (checked above)
            body = fh.read()
        if b"\x00" in body[:200]:  # UTF-16/32 XML: Word writes UTF-8 only, and the checks below read bytes
            raise InputError(f"{name} 的 {member.filename} 不是 UTF-8 编码（Word 文件不会这样），可能是恶意构造的文件，未读取",
                             where=name)
        if _DOCTYPE.search(body):
            raise InputError(f"{name} 的 {member.filename} 含有 DTD 或实体声明（Word 文件不会有），可能是恶意构造的文件，未读取",
                             where=name)
        if member.filename == "word/document.xml":
            paragraphs = sum(body.count(tag) for tag in _PARAGRAPH)
            if paragraphs > limits.MAX_DOCX_PARAGRAPHS:
                raise limits.over(name, "段落数", str(limits.MAX_DOCX_PARAGRAPHS), f" {paragraphs} 段")
            cells = sum(body.count(tag) for tag in _CELL)
            if cells > limits.MAX_DOCX_CELLS:
                raise limits.over(name, "表格单元格数", str(limits.MAX_DOCX_CELLS), f" {cells} 个")


def _docx_table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell repeats: keep it once per row
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.replace("\n", ""))
        lines.append("\t".join(cells))
    return lines


_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "title", "br", "tr", "table")


def html_text(text: str, name: str = "网页") -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    _check_nesting(soup, name)
    for tag in soup(["script", "style", "noscript"]):
        tag.string = ""  # emptied, not removed: removing a tag searches its siblings (quadratic in a flat page)
    for table in soup.find_all("table"):
        rows = []
        for tr in table.find_all("tr"):
            rows.append("\t".join(td.get_text("", strip=True) for td in tr.find_all(["td", "th"])))
        table.replace_with("\n" + "\n".join(rows) + "\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert(0, "\n")  # inside the tag: the same text, without bs4's sibling search (quadratic)
        tag.append("\n")
    out = soup.get_text("")
    return re.sub(r"\n\s*\n+", "\n\n", out.replace("\xa0", " ")).strip() + "\n"


def _check_nesting(soup, name: str) -> None:
    """More elements than MAX_HTML_ELEMENTS or tables than MAX_HTML_TABLES, elements nested deeper than MAX_HTML_DEPTH,
    or tables inside tables deeper than MAX_HTML_TABLE_NESTING (reading nested tables costs the cube of their depth):
    refused before any text is taken out."""
    from bs4 import Tag

    tags = soup.find_all(True)
    if len(tags) > limits.MAX_HTML_ELEMENTS:
        raise limits.over(name, "标签个数", str(limits.MAX_HTML_ELEMENTS), f" {len(tags)} 个")
    tables = sum(1 for t in tags if t.name == "table")
    if tables > limits.MAX_HTML_TABLES:
        raise limits.over(name, "表格个数", str(limits.MAX_HTML_TABLES), f" {tables} 个")
    stack = [(soup, 0, 0)]
    while stack:
        node, depth, tables = stack.pop()
        if depth > limits.MAX_HTML_DEPTH:
            raise limits.over(name, "标签嵌套层数", str(limits.MAX_HTML_DEPTH))
        if tables > limits.MAX_HTML_TABLE_NESTING:
            raise limits.over(name, "表格嵌套层数", str(limits.MAX_HTML_TABLE_NESTING))
        for child in node.children:
            if isinstance(child, Tag):
                stack.append((child, depth + 1, tables + (child.name == "table")))
