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


def _check_one(path: Path, year: Optional[int], layout: Optional[str], last: Optional[TableSet]) -> tuple[TableSet, list]:
    ts = parse_tables_file(path, year=year, layout=layout)
    return ts, check_tables(ts, last)


@app.command("check")
def check_cmd(
    files: list[Path] = typer.Argument(..., help="要检查的文件"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度"),
    layout: Optional[str] = typer.Option(None, "--layout", help="版式：2019 或 2021", callback=_layout_option),
    last_year: Optional[Path] = typer.Option(None, "--last-year", help="上一年度的统计表，用于跨年核对"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
) -> None:
    """检查统计表：勾稽关系、合计、数值类型；有错误时退出码为 1，文件无法读取时为 2。"""
    last = None
    unreadable = False
    if last_year is not None:
        try:
            last = parse_tables_file(last_year, year=year - 1 if year else None)
        except InputError as exc:
            _err(f"错误：上一年度文件无法读取：{exc}")
            raise typer.Exit(2)
    results = []
    any_error = False
    for path in files:
        try:
            ts, findings = _check_one(path, year, layout, last)
        except InputError as exc:
            unreadable = True
            results.append({"file": str(path), "error": str(exc), "findings": []})
            if not as_json:
                _err(f"{path}：无法读取：{exc}")
            continue
        any_error = any_error or has_errors(findings)
        results.append({"file": str(path), "layout": ts.layout, "year": ts.year, "findings": [f.public() for f in findings]})
        if not as_json:
            c = count(findings)
            typer.echo(f"{path}：按{ts.spec.label}，错误 {c['错误']} 个，提醒 {c['提醒']} 个")
            for f in findings:
                typer.echo(f"  {f.line_text()}")
    if as_json:
        typer.echo(json.dumps({"files": results}, ensure_ascii=False, indent=2))
    raise typer.Exit(2 if unreadable else 1 if any_error else 0)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
