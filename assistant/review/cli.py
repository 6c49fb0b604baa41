"""The `assistant review` command (registered in assistant/cli.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError


def _err(text: str) -> None:
    typer.echo(text, err=True)


def review_cmd(
    folders: list[Path] = typer.Argument(..., help="本年度年报所在的文件夹或文件（txt/pdf/docx/html）"),
    last_year: Optional[list[Path]] = typer.Option(None, "--last-year", help="上一年度年报所在的文件夹，用于跨年比对"),
    parent: Optional[str] = typer.Option(None, "--parent", help="汇总关系：YAML 文件（汇总报告: [成员单位…]），"
                                                                "或汇总报告的机关名称/文件名（其余报告均为其成员单位）"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数（默认为 CPU 核数）"),
    output: Path = typer.Option(Path("review"), "-o", "--output", help="输出文件夹（总览、问题清单、审阅决定、缓存）"),
    config: Optional[Path] = typer.Option(None, "--config", help="审阅阈值设置文件（YAML，未写的项用默认值）"),
) -> None:
    """审阅一个地区的全部年报：逐份检查、与上年比对、汇总报告与成员单位核对、风险指标；输出总览（HTML、Excel）和各机关问题清单。
    在“审阅决定.csv”的“决定”列填“确认”或“不是问题”后重新运行，已排除的问题在报告未改动时不再计入。
    有错误时退出码为 1，有文件无法读取时为 2。"""
    from tqdm import tqdm

    from .run import review

    for p in [*folders, *(last_year or [])]:
        if not p.exists():
            _err(f"错误：{p} 不存在")
            raise typer.Exit(2)
    if output.exists() and not output.is_dir():
        _err(f"错误：输出位置 {output} 是文件，请给出文件夹")
        raise typer.Exit(2)
    bar = tqdm(total=0, desc="读取年报", unit="份", file=sys.stderr, disable=not sys.stderr.isatty())

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    started = time.perf_counter()
    try:
        result = review(list(folders), out=output, last_year=list(last_year) if last_year else None, parent=parent,
                        jobs=jobs, config_path=config, progress=progress)
    except InputError as exc:
        bar.close()
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    except OSError as exc:
        bar.close()
        _err(f"错误：无法写入 {output}：{exc.strerror or exc}")
        raise typer.Exit(2) from None
    bar.close()
    if not result.agencies and not result.unreadable:
        _err("错误：没有找到可审阅的年报（支持 .txt .md .pdf .docx .html）")
        raise typer.Exit(2)
    totals = result.totals()
    elapsed = time.perf_counter() - started
    typer.echo(f"审阅 {len(result.agencies) + len(result.unreadable)} 份报告（新读取 {result.processed} 份，沿用缓存 "
               f"{result.cached} 份，用时 {elapsed:.1f} 秒）：错误 {totals['错误']} 个，提醒 {totals['提醒']} 个")
    for e in result.unreadable:
        typer.echo(f"  无法读取：{e.name}：{e.error}")
    pairing = result.pairing
    if result.has_last_year:
        typer.echo(f"与上年报告配对 {len(pairing.pairs)} 份；本年未找到上年报告 {len(pairing.unmatched)} 份"
                   + (f"（{'、'.join(e.label for e in pairing.unmatched[:5])}{'等' if len(pairing.unmatched) > 5 else ''}）" if pairing.unmatched else "")
                   + (f"；上年有、本年未见 {len(pairing.unmatched_last)} 份" if pairing.unmatched_last else ""))
    for dupes in pairing.duplicates.values():
        typer.echo(f"  注意：{'、'.join(e.name for e in dupes)} 是同一机关的报告，上年对比只用其一")
    if not result.families:
        words = result.config.summary_words
        hinted = [a.label for a in result.agencies if any(w in a.entry.title for w in words)]
        if hinted:
            typer.echo(f"提示：{'、'.join(hinted[:3])} 似为汇总报告，可用 --parent 指定其成员单位，核对汇总数与各单位之和")
    for fam in result.families:
        if fam.parent is not None:
            typer.echo(f"汇总核对：{fam.parent.label}，成员单位 {len(fam.children)} 个"
                       + (f"，缺 {len(fam.missing)} 个" if fam.missing else ""))
    typer.echo(f"总览：{output / '审阅总览.html'}、{output / '审阅总览.xlsx'}；各机关问题清单在 {output / '问题清单'}；"
               f"审阅决定：{result.decisions_path}")
    raise typer.Exit(result.exit_code)
