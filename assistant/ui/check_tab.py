"""报告检查: upload one or many reports, get the findings per report and a summary table (CSV download)."""

from __future__ import annotations

import csv
import html
import tempfile
from pathlib import Path

import gradio as gr

from ..checks.report import check_file
from ..findings import count
from ..report import SUFFIXES
from ..textfile import InputError

MAX_BYTES = 30 * 1024 * 1024
HEADER = ["文件", "机关", "年度", "版式", "错误", "提醒", "说明"]


def check_files(files) -> tuple[str, list[list], str | None]:
    if not files:
        return "<p>请先上传年报文件（txt、pdf、docx、html）。</p>", [], None
    parts, rows = [], []
    for f in files:
        path = Path(f if isinstance(f, str) else f.name)
        name = path.name
        if path.suffix.lower() not in SUFFIXES + (".json",):
            rows.append([name, "", "", "", "", "", "不支持的文件类型"])
            parts.append(f"<h4>{html.escape(name)}</h4><p class='error'>不支持的文件类型：请上传 txt、pdf、docx 或 html</p>")
            continue
        if path.stat().st_size > MAX_BYTES:
            rows.append([name, "", "", "", "", "", "文件超过 30 MB"])
            parts.append(f"<h4>{html.escape(name)}</h4><p class='error'>文件超过 30 MB，未检查</p>")
            continue
        try:
            ts, report, findings = check_file(path)
        except InputError as exc:
            rows.append([name, "", "", "", "", "", f"无法读取：{exc}"])
            parts.append(f"<h4>{html.escape(name)}</h4><p class='error'>无法读取：{html.escape(str(exc))}</p>")
            continue
        c = count(findings)
        agency = report.agency if report else ""
        rows.append([name, agency, ts.year or "", ts.layout, c["错误"], c["提醒"], ""])
        items = "".join(f'<li class="{f.severity}">{html.escape(f.line_text())}'
                        + (f"<br><small>原文：{html.escape(f.quote)}</small>" if f.quote else "") + "</li>"
                        for f in findings) or "<li>未发现问题</li>"
        parts.append(f"<h4>{html.escape(name)}（{html.escape(agency)}，{ts.year or '年度未知'}，{ts.layout} 版）："
                     f"错误 {c['错误']} 个，提醒 {c['提醒']} 个</h4><ul class='findings'>{items}</ul>")
    out = Path(tempfile.mkdtemp()) / "年报检查汇总.csv"
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return f"<div id='check-results'>{''.join(parts)}</div>", rows, str(out)


def build() -> None:
    files = gr.File(label="上传年报（可多选）", file_count="multiple", elem_id="check-files",
                    file_types=[".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".json"])
    run = gr.Button("开始检查", variant="primary", elem_id="check-run")
    summary = gr.Dataframe(headers=HEADER, label="汇总", interactive=False, elem_id="check-summary")
    csv_file = gr.File(label="下载汇总（CSV）", elem_id="check-csv")
    results = gr.HTML(elem_id="check-output")
    run.click(check_files, [files], [results, summary, csv_file])
