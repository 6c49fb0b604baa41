"""Whole reports: reading files (txt, pdf, docx, html), parsing them into sections, tables and numbers."""

from __future__ import annotations

from pathlib import Path

from ..tables import TableSet, parse_tables
from ..tables.structured import looks_like_kv
from .model import Report, Section, StatedNumber
from ..layouts import prose_numbers
from ..sections import find_sections
from .parse import normalize_report_text, parse_report
from .readers import SUFFIXES, read_report

__all__ = ["Report", "Section", "StatedNumber", "load", "parse_report", "read_report", "expand_paths", "SUFFIXES"]


def is_report(text: str) -> bool:
    text, _ = normalize_report_text(text)
    numbers = {n for _, n, _ in find_sections(text.splitlines())}
    # Pasted tables carry the headings 二–四 at most; a report has prose sections (一, 五, 六) too, or at least a
    # report title or a sentence that names the report (a published page without any headings).
    head = text[:3000]
    return bool(numbers & prose_numbers()) or ("政府信息公开" in head and "报告" in head and "。" in head)


def load(path: str | Path, *, year: int | None = None, layout: str | None = None) -> tuple[TableSet, Report | None]:
    """A file as a whole report when it has the report's section headings, else as table input."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        from ..tables import parse_tables_file

        return parse_tables_file(p, year=year, layout=layout), None
    text = read_report(p)
    if not looks_like_kv(text) and is_report(text):
        report = parse_report(text, source=str(p), year=year, layout=layout)
        return report.tables, report
    return parse_tables(normalize_report_text(text)[0], year=year, layout=layout), None


def expand_paths(paths: list[Path]) -> list[Path]:
    """Folders become the report files inside them (recursively, sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES + (".json",)
                              and not f.name.startswith(".") and f.name.lower() != "readme.md"))
        else:
            out.append(p)
    return out
