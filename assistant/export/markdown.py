"""Export to Markdown: the same document as the .docx, tables in the official wording."""

from __future__ import annotations

from pathlib import Path

from ..tables.grid import build_grid
from . import ReportDoc


# Joins the levels of a merged header in Markdown's one header row. Not “/”: read back, a lone “/” is a cell value.
HEADER_JOIN = "·"


def _md_table(rows: list[list[str]], header_rows: int) -> list[str]:
    head = [HEADER_JOIN.join(dict.fromkeys(x for x in col if x)) for col in zip(*rows[:header_rows])] if header_rows else rows[0]
    body = rows[header_rows:] if header_rows else rows[1:]
    esc = lambda t: t.replace("|", "\\|")
    out = ["| " + " | ".join(esc(h) for h in head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in body]
    return out


def export_markdown(report: ReportDoc, path: str | Path | None = None) -> str:
    lines = [f"# {report.title}", ""]
    if report.intro.strip():
        lines += [report.intro.strip(), ""]
    for s in report.layout.sections:
        lines += [f"## {s.heading}", ""]
        if s.kind == "tables":
            tables = report.tables.section_tables(s.number) if report.tables is not None else []
            if not tables:
                lines += ["（未提供统计表）", ""]
            for spec, data in tables or []:
                grid = build_grid(spec, data)
                if spec.title:
                    lines += [f"**{spec.title}**", ""]
                lines += _md_table(grid.texts("groups"), grid.header_rows) + [""]
        else:
            lines += [(report.sections.get(s.number, "").strip() or "（待起草）"), ""]
    text = "\n".join(lines)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
