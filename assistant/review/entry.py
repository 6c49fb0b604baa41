"""One report file as the reviewer's run keeps it: what it says (agency, year, tables, prose) and what the report
checker found; built in a worker process and stored in the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, Field, PrivateAttr

from ..checks.isolated import preload
from ..findings import Finding
from ..tables.derive import derive_blanks
from ..tables.model import TableSet
from ..textfile import InputError

preload(__name__)  # its jobs run in the check worker: loaded once in the fork server


class Entry(BaseModel):
    path: str  # as given (absolute)
    digest: str  # sha256 of the file's bytes
    error: str | None = None  # why it could not be read
    agency: str = ""
    title: str = ""
    year: int | None = None
    layout: str = ""
    prose: dict[str, str] = Field(default_factory=dict)  # section number → text, prose sections only
    findings: list[Finding] = Field(default_factory=list)
    # The tables: kept apart (the cache stores them in their own column and they are read only when needed — a rerun
    # with nothing changed reads none of a thousand reports' tables).
    _tables: TableSet | None = PrivateAttr(default=None)
    _tables_json: str | None = PrivateAttr(default=None)

    @classmethod
    def of(cls, tables: TableSet | None, **fields) -> Entry:
        entry = cls(**fields)
        entry._tables = tables
        return entry

    @property
    def tables(self) -> TableSet | None:
        if self._tables is None and self._tables_json is not None:
            self._tables = TableSet.model_validate_json(self._tables_json)
            self._tables_json = None
            derive_blanks(self._tables)  # blanks the layout's equations determine (not stored)
        return self._tables

    def tables_json(self) -> str | None:
        if self._tables_json is not None:
            return self._tables_json
        return None if self._tables is None else self._tables.model_dump_json()

    @classmethod
    def stored(cls, head: str, tables: str | None) -> Entry:
        entry = cls.model_validate_json(head)
        entry._tables_json = tables
        return entry

    @property
    def readable(self) -> bool:
        """A whole report was read (a file of tables alone, or one that could not be read, is not reviewed)."""
        return self.error is None

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def label(self) -> str:
        """The agency, else the file name without its year and report words."""
        if self.agency:
            return self.agency
        from .pairing import strip_report_words

        return strip_report_words(Path(self.path).stem) or Path(self.path).stem


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def analyse(path: str) -> Entry:
    """Read and check one report (the report checker's own rules, no cross-year data); never raises for bad input."""
    from ..checks.report import check_file

    p = Path(path)
    try:
        digest = file_digest(p)
    except OSError as exc:
        return Entry.of(None, path=path, digest="", error=f"无法打开：{exc.strerror or exc}")
    try:
        tables, report, findings = check_file(p)
    except InputError as exc:
        return Entry.of(None, path=path, digest=digest, error=str(exc))
    except Exception as exc:  # one broken file must not stop a region's review
        return Entry.of(None, path=path, digest=digest, error=f"处理时出错（{type(exc).__name__}），请单独用 assistant check 检查此文件")
    if report is None:
        return Entry.of(tables, path=path, digest=digest, year=tables.year, layout=tables.layout, findings=findings,
                        error="不是整份年报（没有找到年报的各部分标题），只读到统计表")
    # The numbered prose sections (the opening 说明 is the same boilerplate every year: not compared).
    prose = {s.number: s.text for s in report.sections if (part := tables.spec.part(s.number)) and part.is_prose}
    return Entry.of(tables, path=path, digest=digest, agency=report.agency, title=report.title,
                    year=report.year or tables.year, layout=tables.layout, prose=prose, findings=findings)
