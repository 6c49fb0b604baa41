"""报告检查: upload one or many reports, get the findings per report and a summary table (CSV download)."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import gradio as gr

from ..checks.batch import SUMMARY_HEADER, FileResult
from ..checks.isolated import check_paths_isolated
from .uploads import discard, received

MAX_BYTES = 30 * 1024 * 1024
SKIPPED = {"不支持的文件类型": "不支持的文件类型：请上传 txt、pdf、docx 或 html"}


def _name(path: Path) -> str:
    return path.name  # uploads live in temporary folders: the file name alone


def _section(entry: FileResult) -> str:
    name = html.escape(entry.path.name)
    if entry.skipped:
        note = SKIPPED.get(entry.skipped, f"{entry.skipped}，未检查")
        return f"<h4>{name}</h4><p class='error'>{html.escape(note)}</p>"
    if entry.tables is None:
        return f"<h4>{name}</h4><p class='error'>无法读取：{html.escape(entry.error or '')}</p>"
    c, ts = entry.counts, entry.tables
    items = "".join(f'<li class="{f.severity}">{html.escape(f.line_text())}'
                    + (f"<br><small>原文：{html.escape(f.quote)}</small>" if f.quote else "") + "</li>"
                    for f in entry.findings) or "<li>未发现问题</li>"
    return (f"<h4>{name}（{html.escape(entry.agency)}，{ts.year or '年度未知'}，{ts.layout} 版）："
            f"错误 {c['错误']} 个，提醒 {c['提醒']} 个</h4><ul class='findings'>{items}</ul>")


def check_files(files) -> tuple[str, list[list], str | None]:
    if not files:
        return "<p>请先上传年报文件（txt、pdf、docx、html）。</p>", [], None
    got = received(files)  # a path an API client names is never read
    refused = "".join(f"<p class='error'>{html.escape(note)}</p>" for note in got.refused)
    if not got.files:
        return f"<div id='check-results'>{refused}</div>", [], None
    # in a worker process with a deadline: a hostile file cannot hold the server or its other users
    result = check_paths_isolated(got.files, max_bytes=MAX_BYTES, known_types_only=True)
    for entry in result.files:
        if entry.skipped:
            discard(entry.path)  # refused uploads are not kept
    out = result.write_csv(Path(tempfile.mkdtemp()) / "年报检查汇总.csv", _name)
    parts = "".join(_section(entry) for entry in result.files)
    return f"<div id='check-results'>{refused}{parts}</div>", result.summary_rows(_name), str(out)


def build() -> None:
    files = gr.File(label="上传年报（可多选）", file_count="multiple", elem_id="check-files",
                    file_types=[".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".json"])
    run = gr.Button("开始检查", variant="primary", elem_id="check-run")
    summary = gr.Dataframe(headers=SUMMARY_HEADER, label="汇总", interactive=False, elem_id="check-summary")
    csv_file = gr.File(label="下载汇总（CSV）", elem_id="check-csv")
    results = gr.HTML(elem_id="check-output")
    run.click(check_files, [files], [results, summary, csv_file])
