"""The workspace bar: create, open, delete and restore report workspaces. Damaged workspaces are listed as such."""

from __future__ import annotations

import gradio as gr

from ..errors import AssistantError
from ..layouts import all_layouts
from ..workspace import DamagedWorkspace, default_year
from .progress import progress_html
from .services import Services, plain


def layout_choices() -> list[tuple[str, str]]:
    return [("按年度自动", "")] + [(f"{l.id} 版", l.id) for l in reversed(all_layouts())]


def choices(services: Services) -> list[tuple[str, str]]:
    return [(w.label, w.id) for w in services.store.entries()]


def describe(services: Services, ws_id: str | None):
    """The status line when the chosen workspace is damaged: what is wrong and how to restore it (else unchanged)."""
    bad = next((d for d in services.store.damaged() if d.id == ws_id), None) if ws_id else None
    return damaged_note(bad) if bad is not None else gr.update()


def damaged_note(bad: DamagedWorkspace) -> str:
    return (f"⚠ {plain(bad.reason)}。" + ("上一次完好的副本已保留，点“从备份恢复”即可恢复。" if bad.backup
                                         else "没有可用的备份；可删除此工作区后重新新建。"))


def opened(services: Services, ws_id: str | None):
    """What opening a workspace shows: its agency, year and layout in the bar, and where each part stands."""
    services.store.remember(ws_id if services.workspace(ws_id) is not None else None)
    ws = services.workspace(ws_id)
    if ws is None:
        return gr.update(), gr.update(), gr.update(), progress_html(None)
    return ws.agency, ws.year, ws.layout or "", progress_html(ws)


def reopen(services: Services):
    """On page load: the workspace list, with the one last opened (before a restart, too) selected and opened; then
    the bar's buttons, which wait for this so that a workspace made or deleted meanwhile is not replaced by the one
    reopened late."""
    last = services.store.last_opened()
    ready = [gr.update(interactive=True)] * 3
    if not last:
        return gr.update(choices=choices(services)), gr.skip(), *ready
    return gr.update(choices=choices(services), value=last), last, *ready


def build(services: Services):
    """The bar and the progress strip under it; returns (the workspace open, progress strip, page-load handler).

    The workspace open is a hidden field (its id) the tabs read and listen to, set when the user picks one in the list
    or a button opens one: never the dropdown's own change event, which Gradio fires again and again when two updates
    of its choices race (a click while the page is still loading). Being a field, API clients pass the id as before."""
    with gr.Row(elem_id="workspace-bar"):
        current = gr.Dropdown(choices(services), label="当前工作区", value=None, scale=3, elem_id="ws-select")
        agency = gr.Textbox(label="机关名称", placeholder="如：某某市某某局", scale=3, elem_id="ws-agency")
        year = gr.Number(label="年度", value=default_year(), precision=0, scale=1, elem_id="ws-year")
        layout = gr.Dropdown(layout_choices(), value="", label="版式", scale=1)
        # enabled by the page-load handler (reopen), once the last workspace is open
        create = gr.Button("新建工作区", scale=1, elem_id="ws-create", interactive=False)
        delete = gr.Button("删除当前工作区", scale=1, variant="stop", interactive=False)
        restore = gr.Button("从备份恢复", scale=1, elem_id="ws-restore", interactive=False)
    status = gr.Markdown(elem_id="ws-status")
    progress = gr.HTML(progress_html(None), elem_id="progress")
    chosen = gr.Textbox(visible="hidden", elem_id="ws-chosen")

    def do_create(agency_text, year_value, layout_id):
        try:
            ws = services.store.create(agency_text, year_value, layout_id or None)
        except AssistantError as exc:
            return gr.update(), f"⚠ 无法新建：{plain(exc)}"
        return gr.update(choices=choices(services), value=ws.id), f"已新建并打开工作区：{plain(ws.label)}"

    def do_delete(ws_id):
        if not ws_id:
            return gr.update(), "请先选择工作区"
        ws = services.workspace(ws_id)
        try:
            services.store.delete(ws_id)
        except AssistantError as exc:
            return gr.update(), f"⚠ {plain(exc)}"
        label = ws.label if ws else f"工作区 {ws_id}"
        return gr.update(choices=choices(services), value=None), f"已删除：{plain(label)}"

    def do_restore(ws_id):
        if not ws_id:
            return gr.update(), "请先选择工作区"
        if services.workspace(ws_id) is not None:
            return gr.update(), "此工作区完好，无需恢复"
        try:
            ws = services.store.restore(ws_id)
        except AssistantError as exc:
            return gr.update(), f"⚠ {plain(exc)}"
        return gr.update(choices=choices(services), value=ws.id), f"已从备份恢复：{plain(ws.label)}"

    def follow(ws_id):
        return ws_id or ""

    create.click(do_create, [agency, year, layout], [current, status]).then(follow, [current], [chosen], api_visibility="private")
    delete.click(do_delete, [chosen], [current, status]).then(follow, [current], [chosen], api_visibility="private")
    # the same id opened again once restored: cleared first, so that every tab loads it afresh
    restore.click(do_restore, [chosen], [current, status]).then(lambda: "", None, chosen, api_visibility="private").then(
        follow, [current], [chosen], api_visibility="private")
    current.input(follow, [current], [chosen], api_visibility="private")
    chosen.change(lambda ws_id: describe(services, ws_id), [chosen], [status])
    chosen.change(lambda ws_id: opened(services, ws_id), [chosen], [agency, year, layout, progress])
    return chosen, progress, lambda: reopen(services), [current, chosen, create, delete, restore]
