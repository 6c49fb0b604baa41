"""导出: the whole report of the workspace as .docx (公文 style) and Markdown."""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from ..errors import AssistantError
from ..export import from_workspace
from ..export.docx import export_docx
from ..export.markdown import export_markdown
from ..safepath import inside, safe_filename
from .services import Services, plain


def exports_dir(settings) -> Path:
    """Where the 导出 tab writes: inside the data folder (the app serves these files for download)."""
    return Path(settings.data_dir) / "exports"


def build(services: Services, ws_select) -> None:
    gr.Markdown("导出当前工作区的整份年报：开头说明和第一、五、六部分用“采用此稿”的定稿，第二至四部分用统计表页的表格。")
    with gr.Row():
        to_docx = gr.Button("导出 Word（.docx，公文格式）", variant="primary", elem_id="export-docx")
        to_md = gr.Button("导出 Markdown", elem_id="export-md")
    out = gr.File(label="下载", elem_id="export-file")
    status = gr.Markdown(elem_id="export-status")

    def do_export(ws_id, kind):
        ws = services.workspace(ws_id)
        if ws is None:
            return None, "⚠ 请先在上方新建或选择工作区"
        root = exports_dir(services.settings)
        root.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=root))  # one folder per export: two exports never overwrite each other
        try:
            # the name comes from the agency the user typed: no separators, length-capped, and checked to stay inside
            path = inside(root, folder / safe_filename(f"{ws.agency}{ws.year}年政府信息公开工作年度报告", f".{kind}"))
        except AssistantError as exc:
            return None, f"⚠ {plain(exc)}"
        doc = from_workspace(ws)
        if kind == "docx":
            export_docx(doc, path)
        else:
            export_markdown(doc, path)
        missing = [p.heading for p in doc.layout.prose_parts if not ws.drafts.get(p.key)]
        note = f"（尚未定稿的部分：{'、'.join(missing)}，导出中标为“待起草”）" if missing else ""
        return str(path), f"已导出 {plain(path.name)}{note}"

    to_docx.click(lambda ws_id: do_export(ws_id, "docx"), [ws_select], [out, status], api_name="export_docx")
    to_md.click(lambda ws_id: do_export(ws_id, "md"), [ws_select], [out, status], api_name="export_md")
