"""统计表 tab: paste numbers, see the filled tables in the official layout, the findings in a list beside them (each
a link to its cell), every marked cell with its message as a tooltip, and the cells just edited marked."""

from __future__ import annotations

import html
import re

import gradio as gr

from ..checks.isolated import STOPPED, run_isolated
from ..findings import Finding, count
from ..layouts import all_layouts
from ..tables.model import TableSet
from ..tables.render import render_html_tables
from .paste_job import parse_and_check
from .progress import progress_html
from .services import Services

# how the layout was chosen (TableSet.layout_source), as the table tab says it
LAYOUT_SOURCES = {"用户指定": "您指定的版式", "表头": "由表头判断", "年度": "由年度判断", "默认": "未能判断，用最新版式"}
CellKey = tuple[str, str, str]  # table id, row id, column id
_SECTION_TABLE = re.compile(r'<table class="official" data-section="([^"]*)"')
_DATA_CELL = re.compile(r'<td class="([^"]*)" data-table="([^"]*)" data-row="([^"]*)" data-col="([^"]*)"')


def layout_choices() -> list[tuple[str, str]]:
    return [("自动判断", "auto")] + [(f"{l.id} 版（{l.notice}）", l.id) for l in reversed(all_layouts())]


CSS = """
table.official{border-collapse:collapse;margin:.5em 0 1em}
table.official th,table.official td{border:1px solid #555;padding:3px 8px;font-weight:normal;font-size:14px}
table.official td.num{text-align:right;min-width:3em}
table.official td.error{background:#fbd0d0;outline:2px solid #c00}
table.official td.warning{background:#fff3c4}
table.official td.edited{box-shadow:inset 0 0 0 2px #1a73e8}table.official td.edited::after{content:"✎";color:#1a73e8;font-size:11px}
table.official td:target{animation:cell-flash 1.5s ease-out 2;outline:3px solid #1a73e8}
@keyframes cell-flash{from{background:#9cf}}
ul.findings li.错误{color:#a00}ul.findings li.提醒{color:#8a5a00}
ul.findings a{color:inherit}
div.table-with-findings{display:flex;gap:12px;align-items:flex-start}
div.table-with-findings>div.tables{flex:1 1 auto;min-width:0;overflow-x:auto}
aside.findings-side{flex:0 0 17em;position:sticky;top:8px;max-height:85vh;overflow-y:auto;border:1px solid #ddd;
  border-radius:6px;padding:4px 8px;background:#fafafa;font-size:13px}
aside.findings-side ul{padding-left:1.2em;margin:0}aside.findings-side li{margin:4px 0}
"""


def cell_anchor(key: CellKey) -> str:
    """The element id of a data cell (ids are layout ids: letters, digits, brackets)."""
    return "cell-" + "-".join(re.sub(r"[^0-9A-Za-z_\u4e00-\u9fff]", "_", part) for part in key)


def raw_values(ts: TableSet) -> dict[str, str]:
    """Every cell's text as parsed, keyed by its anchor (kept between runs to mark what changed)."""
    return {cell_anchor((t, r, c)): x.raw for t, d in ts.tables.items() for r, cells in d.rows.items()
            for c, x in cells.items()}


def _cell_key(f: Finding) -> CellKey | None:
    return (f.table_id, f.row_id, f.column_id) if f.table_id and f.row_id and f.column_id else None


def _decorate(tables_html: str, findings: list[Finding], edited: set[str]) -> str:
    """Give each data cell its anchor id, its findings as a tooltip, and the class “edited” when it just changed."""
    tips: dict[str, list[str]] = {}
    for f in findings:
        key = _cell_key(f)
        if key is not None:
            tips.setdefault(cell_anchor(key), []).append(f.line_text())

    def one(m: re.Match) -> str:
        cls, table, row, col = m.groups()
        anchor = cell_anchor((html.unescape(table), row, col))
        tip = list(tips.get(anchor, []))
        if anchor in edited:
            cls += " edited"
            tip.append("（刚修改的单元格）")
        title = f' title="{html.escape(chr(10).join(tip))}"' if tip else ""
        return f'<td class="{cls}" id="{anchor}"{title} data-table="{table}" data-row="{row}" data-col="{col}"'

    tables_html = _SECTION_TABLE.sub(lambda m: f'<table class="official" id="{section_anchor(m.group(1))}" '
                                                f'data-section="{m.group(1)}"', tables_html)
    return _DATA_CELL.sub(one, tables_html)


def section_anchor(number: str) -> str:
    return "section-" + re.sub(r"[^0-9A-Za-z_\u4e00-\u9fff]", "_", number)


def _finding_item(f: Finding, ts: TableSet) -> str:
    """A finding in the side list: a link to its cell, or to its table when it names no cell."""
    key = _cell_key(f)
    text = html.escape(f.line_text())
    table = ts.spec.table_index.get(f.table_id or "")
    target = cell_anchor(key) if key is not None else section_anchor(table.section) if table is not None else None
    if target is None:
        return f'<li class="{f.severity}">{text}</li>'
    return f'<li class="{f.severity}"><a href="#{target}" data-cell="{target}">{text}</a></li>'


def _overrun(item, message: str) -> tuple[None, list, str]:
    """A paste cut at the deadline or the memory cap: the reason names the limit; the pasted text stays as it is."""
    reason = message.removeprefix(STOPPED).split("，文件", 1)[0]
    return None, [], f"统计表解析已停止：{reason}。粘贴的内容已保留，请检查后重试（可分段粘贴）"


def fill_tables(text: str, year: float | None, layout: str, before: dict[str, str] | None = None
                ) -> tuple[str, dict[str, str]]:
    """The tables as HTML with their findings beside them, and the cells' values (to mark the next run's edits).
    `before`: the values last shown; the cells whose text differs now are marked as edited."""
    if not (text or "").strip():
        return "<p>请先在左侧粘贴统计表（可直接从 Excel、WPS、Word 或网页复制）。</p>", {}
    # parsed and checked in a worker process with the check deadline and memory cap: a paste that never ends its
    # parse holds neither this server thread's other users nor its memory
    (ts, findings, problem), = run_isolated(parse_and_check, [(text, int(year) if year else None,
                                                               None if layout == "auto" else layout)], _overrun)
    if ts is None:
        return f'<p class="error">无法读取：{html.escape(problem or "")}</p>', before or {}
    c = count(findings)
    values = raw_values(ts)
    edited = {k for k, v in values.items() if before and before.get(k, "") != v}
    source = LAYOUT_SOURCES.get(ts.layout_source, ts.layout_source)
    head = (f"<p>按{html.escape(ts.spec.label)}（{html.escape(source)}）"
            f"{f'，{ts.year} 年度' if ts.year else ''}：<b>错误 {c['错误']} 个，提醒 {c['提醒']} 个</b>"
            + (f"｜刚修改 {len(edited)} 格（蓝框）" if edited else "") + "</p>")
    items = "".join(_finding_item(f, ts) for f in findings) or "<li>未发现问题</li>"
    side = f'<aside class="findings-side"><h4>问题清单（点击定位到单元格）</h4><ul class="findings">{items}</ul></aside>'
    tables = _decorate(render_html_tables(ts, findings), findings, edited)
    return (f'<div id="table-result">{head}<div class="table-with-findings"><div class="tables">{tables}</div>'
            f"{side}</div></div>"), values


def build(services: Services, ws_select, progress=None) -> None:
    with gr.Row():
        with gr.Column(scale=1, min_width=260):
            year = gr.Number(label="报告年度", value=None, precision=0)
            layout = gr.Dropdown(layout_choices(), value="auto", label="版式")
            paste = gr.Textbox(label="粘贴统计表", lines=18, max_lines=60, elem_id="table-paste",
                               placeholder="从 Excel、WPS、Word 或网页复制表二至表四（含行名），粘贴到这里")
            run = gr.Button("填表并校验", variant="primary", elem_id="table-run")
        with gr.Column(scale=4):
            result = gr.HTML(elem_id="table-output")
    shown = gr.State({})  # the cells' values last shown: what a run changes is marked

    def run_and_save(ws_id, text, year_value, layout_id, before):
        def change(ws) -> None:
            ws.tables_text = text
            if layout_id != "auto":
                ws.layout = layout_id

        ws = services.edit(ws_id, change) if (text or "").strip() else services.workspace(ws_id)
        out, values = fill_tables(text, year_value or (ws.year if ws else None), layout_id, before)
        return out, values, progress_html(ws) if ws is not None else gr.update()

    def load(ws_id):
        ws = services.workspace(ws_id)
        if ws is None:
            return gr.update(), gr.update(), gr.update(), gr.update(), gr.update()
        layout_id = ws.layout or "auto"
        out, values = fill_tables(ws.tables_text, ws.year, layout_id)
        return ws.tables_text, ws.year, layout_id, out, values

    def save_paste(ws_id, text):
        services.edit(ws_id, lambda ws: setattr(ws, "tables_text", text or ""))

    outputs = [result, shown, progress] if progress is not None else [result, shown, gr.State()]
    run.click(run_and_save, [ws_select, paste, year, layout, shown], outputs)
    paste.change(save_paste, [ws_select, paste], None)
    ws_select.change(load, [ws_select], [paste, year, layout, result, shown])
