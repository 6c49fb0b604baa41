"""Checking many files at once (the `check` command and the 报告检查 tab): folders expanded, each file checked on its
own — one unreadable file gets an error entry, the others keep their results — and a summary row per file."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

from ..findings import Finding, count, has_errors
from ..report import SUFFIXES, expand_paths
from ..report.model import Report
from ..tables.model import TableSet
from ..textfile import InputError
from .report import check_file

_log = logging.getLogger(__name__)
SUMMARY_HEADER = ["文件", "机关", "年度", "版式", "错误", "提醒", "说明"]
CHECKED_SUFFIXES = SUFFIXES + (".json",)


@dataclass
class FileResult:
    path: Path
    tables: TableSet | None = None
    report: Report | None = None  # when the file is a whole report
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the file could not be read
    skipped: str | None = None  # why the file was not checked (type, size)

    @property
    def counts(self) -> dict[str, int]:
        return count(self.findings)

    @property
    def agency(self) -> str:
        return self.report.agency if self.report else ""

    def summary_row(self, name: str | None = None) -> list:
        """文件, 机关, 年度, 版式, 错误, 提醒, 说明 — the file named by `name`, else by its path."""
        name = str(self.path) if name is None else name
        if self.tables is None:
            return [name, "", "", "", "", "", self.skipped or f"无法读取：{self.error}"]
        c = self.counts
        return [name, self.agency, self.tables.year or "", self.tables.layout, c["错误"], c["提醒"], ""]

    def public(self) -> dict:
        if self.tables is None:
            return {"file": str(self.path), "error": self.error or self.skipped, "findings": []}
        entry: dict = {"file": str(self.path), "layout": self.tables.layout, "year": self.tables.year}
        if self.report is not None:
            entry.update(agency=self.report.agency, title=self.report.title)
        entry["findings"] = [f.public() for f in self.findings]
        return entry


@dataclass
class BatchResult:
    files: list[FileResult] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return any(f.tables is None for f in self.files)

    @property
    def has_errors(self) -> bool:
        return any(has_errors(f.findings) for f in self.files)

    @property
    def exit_code(self) -> int:
        """0 = no 错误, 1 = some 错误, 2 = some file could not be read."""
        return 2 if self.unreadable else 1 if self.has_errors else 0

    def summary_rows(self, name: Callable[[Path], str] = str) -> list[list]:
        return [f.summary_row(name(f.path)) for f in self.files]

    def summary_csv(self, name: Callable[[Path], str] = str) -> str:
        """The summary as CSV text (header row first); write it with encoding utf-8-sig so Excel opens it."""
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(SUMMARY_HEADER)
        writer.writerows(self.summary_rows(name))
        return buf.getvalue()

    def write_csv(self, path: str | Path, name: Callable[[Path], str] = str) -> Path:
        path = Path(path)
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(self.summary_csv(name))
        return path

    def public(self) -> dict:
        return {"files": [f.public() for f in self.files]}


def check_paths(paths: list[Path] | list[str], *, year: int | None = None, layout: str | None = None,
                last: TableSet | None = None, max_bytes: int | None = None, known_types_only: bool = False,
                on_result: Callable[[FileResult], None] | None = None) -> BatchResult:
    """Check files and folders (folders become the report files inside them).

    `known_types_only` skips files of other types and `max_bytes` larger files (both noted in the summary);
    `on_result` is called with each file's result as soon as it is checked."""
    result = BatchResult()
    for path in expand_paths([Path(p) for p in paths]):
        entry = check_one(path, year=year, layout=layout, last=last, max_bytes=max_bytes,
                           known_types_only=known_types_only)
        result.files.append(entry)
        if on_result is not None:
            on_result(entry)
    return result


def check_one(path: Path, *, year=None, layout=None, last=None, max_bytes=None, known_types_only=False) -> FileResult:
    """One file's result. An input over a limit or unreadable is an error entry (InputError, Chinese); so is any
    other failure, named by its type, so that one bad file never costs the batch the other files' results."""
    if known_types_only and path.suffix.lower() not in CHECKED_SUFFIXES:
        return FileResult(path, skipped="不支持的文件类型")
    if max_bytes is not None and path.is_file() and path.stat().st_size > max_bytes:
        return FileResult(path, skipped=f"文件超过 {max_bytes // (1024 * 1024)} MB")
    try:
        tables, report, findings = check_file(path, year=year, layout=layout, last=last)
    except InputError as exc:
        return FileResult(path, error=str(exc))
    except RecursionError:
        return FileResult(path, error=f"{path} 的内容嵌套过深，无法读取；文件可能是恶意构造的或已损坏")
    except MemoryError:
        raise
    except Exception as exc:  # a bug, not the user's doing: named, logged, and the batch goes on
        _log.exception("checking %s failed", path)
        return FileResult(path, error=f"检查 {path.name} 时程序出错（{type(exc).__name__}），请把此文件反馈给维护者；"
                                      "其他文件不受影响")
    return FileResult(path, tables=tables, report=report, findings=findings)
