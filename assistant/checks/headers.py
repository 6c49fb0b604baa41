"""Table headers as printed: a column name cut short (“本年新”, “现行有效件”) leaves the reader unable to tell the
columns apart, even when the numbers below are right. The words are read between a table's title and its first
row, in the report's own text."""

from __future__ import annotations

import re

from ..findings import WARNING, Finding
from ..layouts import TableSpec
from ..report.model import Report
from ..text import label_key, nfkc

_SPLIT = re.compile(r"[|\t\n]+|\s{2,}|(?<=[^\x00-\x7f])\s(?=[^\x00-\x7f])")


def _region(text: str, table: TableSpec) -> str:
    """The text (NFKC) between the table's title (or first anchor) and its first row label."""
    starts = [text.find(nfkc(a)) for a in ([table.title] if table.title else []) + table.anchors]
    start = min((s for s in starts if s >= 0), default=-1)
    if start < 0:
        return ""
    first = table.rows[0]
    if not first.path:
        return ""
    end = text.find(nfkc(first.label), start)
    return text[start:end] if end > start else ""


def check_headers(report: Report) -> list[Finding]:
    out: list[Finding] = []
    texts: dict[str, str] = {}
    for spec, _ in report.tables.ordered_tables():
        section = report.section(spec.section)
        if section is None:
            continue
        if spec.section not in texts:
            texts[spec.section] = nfkc(section.text)
        labels = {label_key(c.label) for c in spec.columns + spec.optional_columns}
        words = labels | {label_key(p) for c in spec.columns for p in c.path} | {label_key(a) for a in spec.anchors}
        words |= {label_key(spec.corner or ""), label_key(spec.title or "")}
        tokens = [label_key(t) for t in _SPLIT.split(_region(texts[spec.section], spec)) if label_key(t)]
        short: list[tuple[str, list[str]]] = []
        for i, token in enumerate(tokens):
            if token in words or len(token) < 3:
                continue
            fuller = sorted(c.label for c in spec.columns if label_key(c.label).startswith(token))
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if not fuller or nxt and any(label_key(f).startswith(token + nxt) for f in fuller):
                continue  # a name wrapped over two lines is whole
            if token not in [s for s, _ in short]:
                short.append((token, fuller))
        if short:
            shown = "；".join(f"“{t}”（应为{'或'.join('“' + f + '”' for f in fuller)}）" for t, fuller in short)
            out.append(Finding(rule="table.header_truncated", severity=WARNING, table=spec.name, table_id=spec.id,
                               quote=short[0][0], actual=short[0][0], expected=short[0][1][0],
                               message=f"{spec.name}的列名不完整：{shown}；列名残缺时读者无法分辨各列，请按格式写全"))
    return out
