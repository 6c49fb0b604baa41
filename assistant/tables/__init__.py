"""Filled tables: typed model, parsing of pasted text / JSON / 行列=值 input, and rendering."""

from __future__ import annotations

from pathlib import Path

from ..limits import check_text
from ..textfile import read_text
from .cells import Cell, parse_cell
from .model import TableData, TableSet
from .paste import parse_paste
from .structured import looks_like_kv, parse_json, parse_kv

__all__ = ["Cell", "TableData", "TableSet", "parse_cell", "parse_tables", "parse_tables_file"]


def parse_tables(text: str, *, year: int | None = None, layout: str | None = None, json_input: bool | None = None) -> TableSet:
    """Any accepted table input → TableSet. JSON when it looks like JSON, 行/列=值 lines, else pasted text.
    Text over the limits of assistant/limits.py (lines, characters) is an InputError naming the limit."""
    check_text(text, "粘贴的表格")
    if json_input or (json_input is None and text.lstrip().startswith("{")):
        return parse_json(text, year=year, layout=layout)
    if looks_like_kv(text):
        return parse_kv(text, year=year, layout=layout)
    return parse_paste(text, year=year, layout=layout)


def parse_tables_file(path: str | Path, *, year: int | None = None, layout: str | None = None) -> TableSet:
    text = read_text(path)
    return parse_tables(text, year=year, layout=layout, json_input=True if str(path).lower().endswith(".json") else None)
