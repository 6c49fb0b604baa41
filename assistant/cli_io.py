"""What every `assistant` command shares: messages on stderr and the files a command is to write."""

from __future__ import annotations

from pathlib import Path

import typer


def err(text: str) -> None:
    typer.echo(text, err=True)


def output_file(path: Path, what: str = "输出文件") -> Path:
    """A file the command is to write: its folder must exist and it must not itself be a folder (checked before any
    work is done, so nothing is lost to a typo)."""
    if path.is_dir():
        err(f"错误：{path} 是文件夹，请给出{what}的文件名（如 {path / ('结果' + (path.suffix or '.docx'))}）")
        raise typer.Exit(2)
    folder = path.parent
    if not folder.is_dir():
        err(f"错误：{what}所在的文件夹 {folder} 不存在，请先建立它或换一个位置")
        raise typer.Exit(2)
    return path


def write_failed(path: Path, exc: OSError) -> None:
    err(f"错误：无法写入 {path}：{exc.strerror or exc}")
    raise typer.Exit(2) from None
