"""The workspace bar: create, open and delete report workspaces."""

from __future__ import annotations

import gradio as gr

from ..errors import AssistantError
from ..layouts import all_layouts
from .services import Services



def layout_choices() -> list[tuple[str, str]]:
    return [("按年度自动", "")] + [(f"{l.id} 版", l.id) for l in reversed(all_layouts())]


def choices(services: Services) -> list[tuple[str, str]]:
    return [(w.label, w.id) for w in services.store.list()]


def build(services: Services):
    with gr.Row(elem_id="workspace-bar"):
        current = gr.Dropdown(choices(services), label="当前工作区", value=None, scale=3, elem_id="ws-select")
        agency = gr.Textbox(label="机关名称", placeholder="如：某某市某某局", scale=3, elem_id="ws-agency")
        year = gr.Number(label="年度", value=None, precision=0, scale=1, elem_id="ws-year")
        layout = gr.Dropdown(layout_choices(), value="", label="版式", scale=1)
        create = gr.Button("新建工作区", scale=1, elem_id="ws-create")
        delete = gr.Button("删除当前工作区", scale=1, variant="stop")
    status = gr.Markdown(elem_id="ws-status")

    def do_create(agency_text, year_value, layout_id):
        try:
            ws = services.store.create(agency_text, int(year_value or 0), layout_id or None)
        except (AssistantError, ValueError, TypeError) as exc:
            return gr.update(), f"⚠ 无法新建：{exc}"
        return gr.update(choices=choices(services), value=ws.id), f"已新建并打开工作区：{ws.label}"

    def do_delete(ws_id):
        ws = services.workspace(ws_id)
        if ws is None:
            return gr.update(), "请先选择工作区"
        services.store.delete(ws.id)
        return gr.update(choices=choices(services), value=None), f"已删除工作区：{ws.label}"

    create.click(do_create, [agency, year, layout], [current, status])
    delete.click(do_delete, [current], [current, status])
    return current
