"""统计表 tab: paste numbers, see the filled tables in the official layout with each finding on its cell."""

from __future__ import annotations

import html

import gradio as gr

from ..checks import check_tables
from ..findings import count
from ..layouts import all_layouts
from ..tables import parse_tables
from ..tables.render import render_html_tables
from ..textfile import InputError
from .services import Services



def layout_choices() -> list[tuple[str, str]]:
    return [("自动判断", "auto")] + [(f"{l.id} 版（{l.notice}）", l.id) for l in reversed(all_layouts())]

CSS = """
table.official{border-collapse:collapse;margin:.5em 0 1em}
table.official th,table.official td{border:1px solid #555;padding:3px 8px;font-weight:normal;font-size:14px}
table.official td.num{text-align:right;min-width:3em}
table.official td.error{background:#fbd0d0;outline:2px solid #c00}
table.official td.warning{background:#fff3c4}
ul.findings li.错误{color:#a00}ul.findings li.提醒{color:#8a5a00}
"""


def fill_tables(text: str, year: float | None, layout: str) -> str:
    if not (text or "").strip():
        return "<p>请先在左侧粘贴统计表（可直接从 Excel、WPS、Word 或网页复制）。</p>"
    try:
        ts = parse_tables(text, year=int(year) if year else None, layout=None if layout == "auto" else layout)
    except InputError as exc:
        return f'<p class="error">无法读取：{html.escape(str(exc))}</p>'
    findings = check_tables(ts)
    c = count(findings)
    head = (f"<p>按{html.escape(ts.spec.label)}（{html.escape(ts.layout_source)}）"
            f"{f'，{ts.year} 年度' if ts.year else ''}：<b>错误 {c['错误']} 个，提醒 {c['提醒']} 个</b></p>")
    items = "".join(f'<li class="{f.severity}">{html.escape(f.line_text())}</li>' for f in findings) or "<li>未发现问题</li>"
    return f'<div id="table-result">{head}{render_html_tables(ts, findings)}<h4>问题清单</h4><ul class="findings">{items}</ul></div>'


def build(services: Services, ws_select) -> None:
    with gr.Row():
        with gr.Column(scale=2):
            year = gr.Number(label="报告年度", value=None, precision=0)
            layout = gr.Dropdown(layout_choices(), value="auto", label="版式")
            paste = gr.Textbox(label="粘贴统计表", lines=18, max_lines=60, elem_id="table-paste",
                               placeholder="从 Excel、WPS、Word 或网页复制表二至表四（含行名），粘贴到这里")
            run = gr.Button("填表并校验", variant="primary", elem_id="table-run")
        with gr.Column(scale=3):
            result = gr.HTML(elem_id="table-output")

    def run_and_save(ws_id, text, year_value, layout_id):
        def change(ws) -> None:
            ws.tables_text = text
            if layout_id != "auto":
                ws.layout = layout_id

        ws = services.edit(ws_id, change) if (text or "").strip() else services.workspace(ws_id)
        return fill_tables(text, year_value or (ws.year if ws else None), layout_id)

    def load(ws_id):
        ws = services.workspace(ws_id)
        if ws is None:
            return gr.update(), gr.update()
        return ws.tables_text, ws.year

    def save_paste(ws_id, text):
        services.edit(ws_id, lambda ws: setattr(ws, "tables_text", text or ""))

    run.click(run_and_save, [ws_select, paste, year, layout], result)
    paste.change(save_paste, [ws_select, paste], None)
    ws_select.change(load, [ws_select], [paste, year])
