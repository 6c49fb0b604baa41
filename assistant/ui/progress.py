"""The progress strip: where each part of the report stands (facts entered, drafted, adopted, tables pasted) and how
many 错误 the export would carry, the first thing shown in a workspace. The 错误 are the export review's: what
`assistant check` would report on the exported file."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..errors import AssistantError
from ..export import from_workspace
from ..export.review import review
from ..workspace import Workspace

EMPTY = "<div id='progress-strip' class='progress empty'>请先在上方新建或选择工作区，这里会显示各部分的进度。</div>"


@dataclass
class PartState:
    key: str
    heading: str
    state: str  # done, partial, todo, error
    note: str


def _prose_state(ws: Workspace, key: str) -> tuple[str, str]:
    if ws.drafts.get(key, "").strip():
        return "done", "已定稿"
    if any(m.get("section") == key and m.get("role") == "assistant" for m in ws.chat):
        return "partial", "已起草，未采用"
    facts = ws.facts.get(key) or []
    if facts:
        return "partial", f"已填事实 {len(facts)} 条"
    return "todo", "未开始"


def part_states(ws: Workspace) -> tuple[list[PartState], int, str]:
    """Each part's state, the number of 错误 the export would carry, and why the tables cannot be read (or "")."""
    try:
        doc = from_workspace(ws)
        checked = review(doc)
    except AssistantError as exc:
        doc, checked, problem = None, None, str(exc)
    else:
        problem = ""
    layout = doc.layout if doc is not None else None
    errors_by_section: dict[str, int] = {}
    if checked is not None and layout is not None:
        for f in checked.errors:
            table = layout.table_index.get(f.table_id or "")
            if table is not None:
                errors_by_section[table.section] = errors_by_section.get(table.section, 0) + 1
    parts = layout.parts if layout is not None else _fallback_parts(ws)
    out = []
    for part in parts:
        if part.is_prose:
            state, note = _prose_state(ws, part.key)
        elif problem:
            state, note = "error", "无法读取"
        elif doc is not None and doc.tables is not None and doc.tables.section_tables(part.number):
            n = errors_by_section.get(part.number, 0)
            state, note = ("error", f"已粘贴，错误 {n} 个") if n else ("done", "已粘贴，无错误")
        else:
            state, note = "todo", "未粘贴统计表"
        out.append(PartState(part.key, part.heading, state, note))
    return out, len(checked.errors) if checked is not None else 0, problem


def _fallback_parts(ws: Workspace):
    from ..layouts import get_layout, layout_for_year

    return (get_layout(ws.layout) if ws.layout else layout_for_year(ws.year)).parts


def progress_html(ws: Workspace | None) -> str:
    if ws is None:
        return EMPTY
    parts, errors, problem = part_states(ws)
    done = sum(p.state == "done" for p in parts)
    items = "".join(f"<li class='{p.state}' data-part='{html.escape(p.key)}'><b>{html.escape(p.heading)}</b>"
                    f"<span>{html.escape(p.note)}</span></li>" for p in parts)
    verdict = (f"<b class='errors'>错误 {errors} 个</b>（导出前请在对应页修改）" if errors
               else "<b class='ok'>错误 0 个</b>")
    extra = f"<p class='error'>统计表无法读取：{html.escape(problem)}</p>" if problem else ""
    return (f"<div id='progress-strip' class='progress'><p>进度：{done}/{len(parts)} 部分完成｜{verdict}</p>"
            f"<ol>{items}</ol>{extra}</div>")


CSS = """
#progress-strip ol{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:4px 0}
#progress-strip li{border:1px solid #bbb;border-radius:6px;padding:4px 8px;font-size:13px;flex:1 1 9em;max-width:16em}
#progress-strip li b{display:block;font-weight:600}
#progress-strip li span{color:#555}
#progress-strip li.done{background:#e6f4ea;border-color:#6a6}#progress-strip li.partial{background:#fff6dc;border-color:#cb6}
#progress-strip li.error{background:#fde2e2;border-color:#c55}#progress-strip li.todo{background:#f4f4f4}
#progress-strip b.errors{color:#a00}#progress-strip b.ok{color:#060}
"""
