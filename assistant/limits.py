"""The limits every reader keeps, in one place: input bytes, unpacked bytes of a .docx, paragraphs, table cells, HTML
nesting, YAML aliases, lines of a paste. Each is far above any real report (the largest real report has a few
thousand lines, a few hundred paragraphs and a few hundred table cells) and low enough that the largest accepted
input parses in seconds and well under 1 GB (bench/bench_limits.py prints the figures).

Going over a limit is an InputError whose Chinese message names the limit, never a traceback or a silent cut."""

from __future__ import annotations

from .errors import InputError

MAX_INPUT_BYTES = 30 * 1024 * 1024  # a file read from disk (report, table text, facts)
MAX_FACTS_BYTES = 1024 * 1024  # a facts file (YAML/JSON)
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members of a .docx (a zip) once unpacked
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024  # each XML part of a .docx (word/document.xml, styles…) once unpacked
MAX_DOCX_PARAGRAPHS = 20_000
MAX_DOCX_CELLS = 100_000  # table cells in a .docx
MAX_PDF_PAGES = 200
MAX_HTML_ELEMENTS = 50_000  # elements of a web page
MAX_HTML_TABLES = 1_000  # tables of a web page
MAX_HTML_DEPTH = 256  # nested elements
MAX_HTML_TABLE_NESTING = 16  # tables inside tables
MAX_YAML_ALIASES = 100  # “*name” references in a facts file
MAX_YAML_NODES = 100_000  # values in a facts file once its aliases are expanded
MAX_TEXT_LINES = 20_000  # lines of a paste or of a report's text
MAX_TEXT_CHARS = 2_000_000  # characters of a paste or of a report's text
MAX_TEXT_FIELDS = 100_000  # cells (numbers and label text) in a paste or in a report's table sections


def mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


def over(name: str, what: str, limit: str, found: str | None = None) -> InputError:
    """The error for an input over a limit: “X 超出限制：段落数超过 50000（本文件 3000000）”."""
    seen = f"（本文件{found}）" if found else ""
    return InputError(f"{name} 超出限制：{what}超过 {limit}{seen}，未读取；请检查内容是否有误，或拆分后再试",
                      where=name)


def check_text(text: str, name: str = "输入") -> str:
    """A paste or a report's text: at most MAX_TEXT_CHARS characters and MAX_TEXT_LINES lines."""
    if len(text) > MAX_TEXT_CHARS:
        raise over(name, "字符数", str(MAX_TEXT_CHARS), f" {len(text)} 个")
    lines = len(text.splitlines())
    if lines > MAX_TEXT_LINES:
        raise over(name, "行数", str(MAX_TEXT_LINES), f" {lines} 行")
    return text
