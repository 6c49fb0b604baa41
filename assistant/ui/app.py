"""The Blocks app."""

from __future__ import annotations

import gradio as gr

from . import tables_tab

THEME_FONTS = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "sans-serif"]


def build_app() -> gr.Blocks:
    with gr.Blocks(title="政府信息公开年报助手", analytics_enabled=False) as demo:
        gr.Markdown("## 政府信息公开年报助手\n离线模式：统计表填报与校验在本机完成，不联网。")
        with gr.Tabs():
            with gr.Tab("统计表", id="tables"):
                tables_tab.build()
    return demo


def launch(host: str, port: int, auth: tuple[str, str] | None = None) -> None:
    theme = gr.themes.Default(font=THEME_FONTS, font_mono=["monospace"])  # local fonts only: no web fonts
    build_app().launch(server_name=host, server_port=port, auth=auth, theme=theme, css=tables_tab.CSS,
                       show_error=True, footer_links=[])
