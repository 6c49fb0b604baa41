"""The Blocks app: a workspace bar over six tabs."""

from __future__ import annotations

import gradio as gr

from ..llm import ChatModel
from ..settings import Settings, get_settings
from . import check_tab, drafting_tab, export_tab, kb_tab, progress, review_tab, tables_tab, workspace_bar
from .login import ThrottledLogin
from .services import FROM_SETTINGS, Services

MAX_UPLOAD = max(check_tab.MAX_BYTES, kb_tab.MAX_BYTES)  # bytes: the largest file any tab reads
THEME_FONTS = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"]
CSS = tables_tab.CSS + progress.CSS + """
mark.unverified{background:#fbb}p.notice{color:#8a5a00}p.error{color:#a00}
.gradio-container{overflow:clip !important}
"""  # clip, not hidden: the page still scrolls the findings list beside the table along (position:sticky)


def build_app(settings: Settings | None = None, model: ChatModel | None | object = FROM_SETTINGS) -> gr.Blocks:
    """The app; the chat model defaults to the one the settings configure (None: offline drafting)."""
    services = Services(settings or get_settings(), model)
    with gr.Blocks(title="政府信息公开年报助手", analytics_enabled=False) as demo:
        gr.Markdown(f"## 政府信息公开年报助手\n{services.model_label()}｜数据目录：{services.settings.data_dir}",
                    elem_id="model-indicator")
        ws_select, strip, reopen, reopened = workspace_bar.build(services)
        with gr.Tabs():
            with gr.Tab("对话起草", id="draft"):
                drafting_tab.build(services, ws_select, strip)
            with gr.Tab("统计表", id="tables"):
                tables_tab.build(services, ws_select, strip)
            with gr.Tab("报告检查", id="check"):
                check_tab.build()
            with gr.Tab("审阅", id="review"):
                review_tab.build()
            with gr.Tab("知识库", id="kb"):
                refresh, outputs = kb_tab.build(services)
            with gr.Tab("导出", id="export") as export_page:
                export_preview, export_status = export_tab.build(services, ws_select)
        export_page.select(export_preview, [ws_select], [export_status])  # what was adopted or pasted meanwhile
        demo.load(refresh, None, outputs)
        demo.load(reopen, None, reopened)
    return demo


def launch_options(settings: Settings) -> dict:
    """What every launch of the app sets: uploads larger than any tab accepts are refused before they are stored,
    and the only server files served besides Gradio's own uploads are the exports in the data folder."""
    return {"max_file_size": MAX_UPLOAD, "allowed_paths": [str(export_tab.exports_dir(settings).resolve())],
            "show_error": True, "footer_links": []}


def launch(host: str, port: int, auth: tuple[str, str] | None = None) -> None:
    settings = get_settings()
    theme = gr.themes.Default(font=THEME_FONTS, font_mono=["monospace"])  # local fonts only: no web fonts
    login = ThrottledLogin(*auth).check if auth else None
    build_app(settings).launch(server_name=host, server_port=port, auth=login,  # type: ignore[arg-type]  # (Gradio awaits an async auth)
                               theme=theme, css=CSS,
                               auth_message="请输入用户名和密码（连续输错会被限制一段时间）" if login else None,
                               **launch_options(settings))
