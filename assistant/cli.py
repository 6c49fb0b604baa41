"""The `assistant` command."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .checks import check_tables
from .findings import count, has_errors
from .layouts import all_layouts
from .tables import TableSet, parse_tables_file
from .tables.render import render_csv, render_html, render_json, render_markdown
from .textfile import InputError

app = typer.Typer(help="政府信息公开年报助手", no_args_is_help=True, add_completion=False)

LAYOUT_IDS = [l.id for l in all_layouts()]


class Format(str, Enum):
    md = "md"
    html = "html"
    json = "json"
    csv = "csv"


def _layout_option(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in LAYOUT_IDS:
        raise typer.BadParameter(f"版式只能是 {'、'.join(LAYOUT_IDS)}")
    return value


def _err(text: str) -> None:
    typer.echo(text, err=True)


@app.command("table")
def table_cmd(
    paste_file: Path = typer.Argument(..., help="粘贴的表格文本（也可为 JSON 或“行/列 = 值”文本）"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度"),
    layout: Optional[str] = typer.Option(None, "--layout", help="版式：2019 或 2021（指定时优先）", callback=_layout_option),
    to: Format = typer.Option(Format.md, "--to", help="输出格式：md、html、json、csv"),
) -> None:
    """把粘贴的数字填入官方格式的统计表，并给出校验结果。"""
    try:
        ts = parse_tables_file(paste_file, year=year, layout=layout)
    except InputError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2)
    findings = check_tables(ts)
    if to is Format.csv:
        sys.stdout.write(render_csv(ts))
        for f in findings:
            _err(f.line_text())
    else:
        sys.stdout.write({Format.md: render_markdown, Format.html: render_html, Format.json: render_json}[to](ts, findings))


def _check_one(path: Path, year: Optional[int], layout: Optional[str], last: Optional[TableSet]):
    from .checks.report import check_report
    from .report import load

    ts, report = load(path, year=year, layout=layout)
    findings = check_report(report, last) if report is not None else check_tables(ts, last)
    return ts, report, findings


def _load_last(path: Path, year: Optional[int]) -> TableSet:
    from .report import load

    return load(path, year=year - 1 if year else None)[0]


@app.command("check")
def check_cmd(
    files: list[Path] = typer.Argument(..., help="要检查的文件或文件夹：整份年报（txt/pdf/docx/html）或统计表"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度"),
    layout: Optional[str] = typer.Option(None, "--layout", help="版式：2019 或 2021", callback=_layout_option),
    last_year: Optional[Path] = typer.Option(None, "--last-year", help="上一年度的年报或统计表，用于跨年核对"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    summary: bool = typer.Option(False, "--summary", help="每份报告输出一行汇总（机关、年度、版式、错误数、提醒数）"),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="把汇总另存为 CSV 文件（Excel 可直接打开）"),
) -> None:
    """检查年报或统计表：勾稽关系、合计、正文数字与表格是否一致等；有错误时退出码为 1，有文件无法读取时为 2。"""
    from .report import expand_paths

    last = None
    if last_year is not None:
        try:
            last = _load_last(last_year, year)
        except InputError as exc:
            _err(f"错误：上一年度文件无法读取：{exc}")
            raise typer.Exit(2)
    paths = expand_paths(files)
    if not paths:
        _err("错误：没有找到可检查的文件（支持 .txt .md .pdf .docx .html .json）")
        raise typer.Exit(2)
    results, rows = [], []
    unreadable = any_error = False
    for path in paths:
        try:
            ts, report, findings = _check_one(path, year, layout, last)
        except InputError as exc:
            unreadable = True
            results.append({"file": str(path), "error": str(exc), "findings": []})
            rows.append([str(path), "", "", "", "", "", f"无法读取：{exc}"])
            if not as_json:
                _err(f"{path}：无法读取：{exc}")
            continue
        any_error = any_error or has_errors(findings)
        c = count(findings)
        entry = {"file": str(path), "layout": ts.layout, "year": ts.year}
        if report is not None:
            entry.update(agency=report.agency, title=report.title)
        entry["findings"] = [f.public() for f in findings]
        results.append(entry)
        rows.append([str(path), report.agency if report else "", ts.year or "", ts.layout, c["错误"], c["提醒"], ""])
        if not as_json and not summary:
            typer.echo(f"{path}：按{ts.spec.label}，错误 {c['错误']} 个，提醒 {c['提醒']} 个")
            for f in findings:
                typer.echo(f"  {f.line_text()}")
    if as_json:
        typer.echo(json.dumps({"files": results}, ensure_ascii=False, indent=2))
    elif summary:
        typer.echo("\t".join(SUMMARY_HEADER))
        for row in rows:
            typer.echo("\t".join(str(x) for x in row))
    if csv_path is not None:
        import csv

        with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(SUMMARY_HEADER)
            writer.writerows(rows)
        if not as_json:
            _err(f"汇总已保存到 {csv_path}")
    raise typer.Exit(2 if unreadable else 1 if any_error else 0)


SUMMARY_HEADER = ["文件", "机关", "年度", "版式", "错误", "提醒", "说明"]


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
