"""导出: the whole report of the workspace as .docx (公文 style), PDF (through LibreOffice) and Markdown.
Before and after exporting it says what `assistant check` will find: the open 错误 and the parts not yet adopted."""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from pathlib import Path

import gradio as gr

from ..errors import AssistantError
from ..export import from_workspace
from ..export.docx import export_docx
from ..export.markdown import export_markdown
from ..export.pdf import export_pdf
from ..export.review import Review, review
from ..safepath import inside, safe_filename
from .services import Services, plain


def exports_dir(settings) -> Path:
    """Where the 导出 tab writes: inside the data folder (the app serves these files for download)."""
    return Path(settings.data_dir) / "exports"


EXPORTERS: dict[str, Callable[..., object]] = {"docx": export_docx, "pdf": export_pdf, "md": export_markdown}


def review_markdown(checked: Review) -> str:
    """The review as Markdown: the 错误 as a numbered list, then the parts not yet adopted."""
    lines = [line.strip() for line in checked.lines()]
    if not lines:
        return "未发现错误，各部分均已定稿。"
    out = ""
    for line, after in zip(lines, [*lines[1:], ""]):
        out += html.escape(line) + ("\n" if line[:1].isdigit() and after[:1].isdigit() else "\n\n")
    return out.strip()


def build(services: Services, ws_select):
    """The tab; returns (what it shows before exporting, for the workspace given; the status it is shown in)."""
    gr.Markdown("导出当前工作区的整份年报：开头说明和第一、五、六部分用“采用此稿”的定稿，第二至四部分用统计表页的表格"
                "（按统计表页显示的版式）。有错误也可以导出，导出前会列出。")
    with gr.Row():
        to_docx = gr.Button("导出 Word（.docx，公文格式）", variant="primary", elem_id="export-docx")
        to_pdf = gr.Button("导出 PDF", elem_id="export-pdf")
        to_md = gr.Button("导出 Markdown", elem_id="export-md")
    status = gr.Markdown(elem_id="export-status")  # what the export will carry, above the download
    out = gr.File(label="下载", elem_id="export-file", height=90)

    def preview(ws_id):
        ws = services.workspace(ws_id)
        if ws is None:
            return "请先在上方新建或选择工作区"
        try:
            checked = review(from_workspace(ws))
        except AssistantError as exc:
            return f"⚠ {plain(exc)}"
        return f"**导出前检查：{checked.verdict()}**\n\n{review_markdown(checked)}"

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
            doc = from_workspace(ws)
            checked = review(doc)
            EXPORTERS[kind](doc, path)
        except AssistantError as exc:
            return None, f"⚠ {plain(exc)}"
        return str(path), f"**已导出 {plain(path.name)}（{checked.verdict()}）**\n\n{review_markdown(checked)}"

    to_docx.click(lambda ws_id: do_export(ws_id, "docx"), [ws_select], [out, status], api_name="export_docx")
    to_pdf.click(lambda ws_id: do_export(ws_id, "pdf"), [ws_select], [out, status], api_name="export_pdf")
    to_md.click(lambda ws_id: do_export(ws_id, "md"), [ws_select], [out, status], api_name="export_md")
    ws_select.change(preview, [ws_select], [status])
    return preview, status
