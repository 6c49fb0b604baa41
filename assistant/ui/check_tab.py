"""报告检查: upload one or many reports, get the findings per report and a summary table (CSV download); last year's
report, an optional second upload, adds the cross-year checks (the code path of `assistant check --last-year`)."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import gradio as gr

from ..checks.batch import SUMMARY_HEADER, FileResult
from ..checks.isolated import check_paths_isolated
from ..tables.model import TableSet
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
    about = "，".join(x for x in (html.escape(entry.agency), f"{ts.year} 年度" if ts.year else "年度未知", f"{ts.layout} 版") if x)
    return (f"<h4>{name}（{about}）："
            f"错误 {c['错误']} 个，提醒 {c['提醒']} 个</h4><ul class='findings'>{items}</ul>")


def last_year_tables(upload) -> tuple[TableSet | None, str]:
    """Last year's tables from the optional second upload (as `assistant check --last-year` reads them), and what
    to say about it: that the cross-year checks ran, or why the file could not be used (the check runs without)."""
    if not upload:
        return None, ""
    got = received([upload])
    if not got.files:
        return None, "；".join(got.refused)
    path = got.files[0]
    if path.suffix.lower() not in CHECKED_TYPES or path.stat().st_size > MAX_BYTES:
        discard(path)
        return None, f"上一年度年报 {path.name}：只能是不超过 30 MB 的 txt、pdf、docx 或 html 文件，未做跨年核对"
    entry = check_paths_isolated([path]).files[0]  # read in a worker too, with its deadline
    if entry.tables is None:
        return None, f"上一年度年报 {path.name} 无法读取：{entry.error}；未做跨年核对"
    tables = entry.tables
    if not tables.tables:
        return None, f"上一年度年报 {path.name} 中没有找到统计表，未做跨年核对"
    year = f"{tables.year} 年度，" if tables.year else ""
    return tables, f"已与上一年度年报 {path.name}（{year}{tables.spec.label}）做跨年核对（上年结转、项目数量等）"


def check_files(files, last_upload=None) -> tuple[str, list[list], str | None]:
    if not files:
        return "<p>请先上传年报文件（txt、pdf、docx、html）。</p>", [], None
    got = received(files)  # a path an API client names is never read
    refused = "".join(f"<p class='error'>{html.escape(note)}</p>" for note in got.refused)
    if not got.files:
        return f"<div id='check-results'>{refused}</div>", [], None
    last, last_note = last_year_tables(last_upload)
    if last_note:
        refused += f"<p class='{'notice' if last is not None else 'error'}' id='check-last-note'>{html.escape(last_note)}</p>"
    # in a worker process with a deadline: a hostile file cannot hold the server or its other users
    result = check_paths_isolated(got.files, max_bytes=MAX_BYTES, known_types_only=True, last=last)
    for entry in result.files:
        if entry.skipped:
            discard(entry.path)  # refused uploads are not kept
    out = result.write_csv(Path(tempfile.mkdtemp()) / "年报检查汇总.csv", _name)
    parts = "".join(_section(entry) for entry in result.files)
    return f"<div id='check-results'>{refused}{parts}</div>", result.summary_rows(_name), str(out)


CHECKED_TYPES = [".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".json"]


def build() -> None:
    with gr.Row():
        files = gr.File(label="上传年报（可多选）", file_count="multiple", elem_id="check-files", file_types=CHECKED_TYPES,
                        scale=3)
        last = gr.File(label="上一年度年报（可选，用于跨年核对：上年结转等）", file_count="single",
                       elem_id="check-last", file_types=CHECKED_TYPES, scale=2)
    run = gr.Button("开始检查", variant="primary", elem_id="check-run")
    results = gr.HTML(elem_id="check-output")  # the findings first: what the user came for
    summary = gr.Dataframe(headers=SUMMARY_HEADER, label="汇总", interactive=False, elem_id="check-summary")
    csv_file = gr.File(label="下载汇总（CSV）", elem_id="check-csv")
    last_file = gr.State(None)  # kept apart from the API's inputs: /check_files still takes the reports alone
    last.change(lambda f: f, [last], [last_file], api_visibility="private")
    run.click(check_files, [files, last_file], [results, summary, csv_file])
