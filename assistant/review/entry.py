"""One report file as the reviewer's run keeps it: what it says (agency, year, tables, prose) and what the report
checker found; built in a worker process and stored in the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, Field

from ..findings import Finding
from ..tables.derive import derive_blanks
from ..tables.model import TableSet
from ..textfile import InputError


class Entry(BaseModel):
    path: str  # as given (absolute)
    digest: str  # sha256 of the file's bytes
    error: str | None = None  # why it could not be read
    agency: str = ""
    title: str = ""
    year: int | None = None
    layout: str = ""
    tables: TableSet | None = None
    prose: dict[str, str] = Field(default_factory=dict)  # section number → text, prose sections only
    findings: list[Finding] = Field(default_factory=list)

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

    def ready(self) -> Entry:
        """After loading from the cache: blanks the layout's equations determine are derived again (not stored)."""
        if self.tables is not None:
            derive_blanks(self.tables)
        return self


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
        return Entry(path=path, digest="", error=f"无法打开：{exc.strerror or exc}")
    try:
        tables, report, findings = check_file(p)
    except InputError as exc:
        return Entry(path=path, digest=digest, error=str(exc))
    except Exception as exc:  # one broken file must not stop a region's review
        return Entry(path=path, digest=digest, error=f"处理时出错（{type(exc).__name__}），请单独用 assistant check 检查此文件")
    if report is None:
        return Entry(path=path, digest=digest, tables=tables, year=tables.year, layout=tables.layout, findings=findings,
                     error="不是整份年报（没有找到年报的各部分标题），只读到统计表")
    # The numbered prose sections (the opening 说明 is the same boilerplate every year: not compared).
    prose = {s.number: s.text for s in report.sections if (part := tables.spec.part(s.number)) and part.is_prose}
    return Entry(path=path, digest=digest, agency=report.agency, title=report.title, year=report.year or tables.year,
                 layout=tables.layout, tables=tables, prose=prose, findings=findings)
