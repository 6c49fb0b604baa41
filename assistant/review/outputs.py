"""Writing a run's outputs into the output folder: 审阅总览.html / .xlsx and 问题清单/<机关>.docx / .xlsx. A file whose
content would be the same as last time (and still exists) is not written again, so a rerun with nothing changed is
quick."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path

from ..safepath import safe_filename
from .cache import Cache
from .overview_html import figure_cells, overview_rows
from .run import AgencyReview, ReviewResult
from .workbooks import issue_rows

OVERVIEW_HTML, OVERVIEW_XLSX, ISSUES_DIR = "审阅总览.html", "审阅总览.xlsx", "问题清单"


def _digest(data) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()


def agency_digest(a: AgencyReview, result: ReviewResult) -> str:
    return _digest([a.label, a.entry.name, a.entry.year, a.last.name if a.last else None, issue_rows(a, result),
                    [[f.name, *figure_cells(f)] for f in a.figures]])


def file_names(result: ReviewResult) -> dict[int, str]:
    """id(agency) → its file stem under 问题清单/ (two agencies of one name are told apart by their file)."""
    out: dict[int, str] = {}
    used: set[str] = set()
    for a in sorted(result.agencies, key=lambda a: (a.label, a.entry.path)):
        stem = safe_filename(a.label, fallback="机关")
        if stem in used:
            stem = safe_filename(f"{a.label}_{Path(a.entry.path).stem}", fallback="机关")
        used.add(stem)
        out[id(a)] = stem
    return out


_CURRENT: list[ReviewResult] = []  # the run whose files worker processes write (inherited when they fork)


def _write_one(task: tuple[int, str, str]) -> str:
    from .issue_docx import write_issue_docx
    from .workbooks import write_issue_xlsx

    k, suffix, path = task
    result = _CURRENT[0]
    (write_issue_docx if suffix == ".docx" else write_issue_xlsx)(result.agencies[k], result, Path(path))
    return path


def _write_all(tasks: list[tuple[int, str, str]], jobs: int) -> None:
    if jobs <= 1 or len(tasks) < 16 or "fork" not in multiprocessing.get_all_start_methods():
        for t in tasks:
            _write_one(t)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_write_one, tasks, chunksize=max(1, len(tasks) // (jobs * 4))))


def write_outputs(result: ReviewResult, cache: Cache, jobs: int = 1) -> list[Path]:
    from .issue_docx import write_issue_docx  # noqa: F401  (imported before worker processes fork)
    from .workbooks import write_issue_xlsx, write_overview  # noqa: F401

    out = result.out
    written: list[Path] = []
    issues = out / ISSUES_DIR
    issues.mkdir(exist_ok=True)
    digests = []
    names = file_names(result)
    tasks: list[tuple[int, str, str]] = []
    done: list[tuple[str, str]] = []  # (name, digest) recorded once written
    for k, a in enumerate(result.agencies):
        d = agency_digest(a, result)
        digests.append(d)
        for suffix in (".docx", ".xlsx"):
            path = issues / f"{names[id(a)]}{suffix}"
            name = f"{ISSUES_DIR}/{path.name}"
            if path.exists() and cache.output_unchanged(name, d):
                continue
            tasks.append((k, suffix, str(path)))
            done.append((name, d))
            written.append(path)
    _CURRENT[:] = [result]
    try:
        _write_all(tasks, jobs)
    finally:
        _CURRENT.clear()
    for name, d in done:
        cache.output_written(name, d)
    head, rows = overview_rows(result)
    p = result.pairing
    whole = _digest([head, rows, digests, [e.name for e in p.unmatched], [e.name for e in p.unmatched_last],
                     [[e.name, e.error] for e in result.unreadable], result.has_last_year])
    html_path, xlsx_path = out / OVERVIEW_HTML, out / OVERVIEW_XLSX
    if not (html_path.exists() and cache.output_unchanged(OVERVIEW_HTML, whole)):
        from .charts import all_charts
        from .overview_html import render_html

        html_path.write_text(render_html(result, all_charts(result)), encoding="utf-8")
        cache.output_written(OVERVIEW_HTML, whole)
        written.append(html_path)
    if not (xlsx_path.exists() and cache.output_unchanged(OVERVIEW_XLSX, whole)):
        write_overview(result, xlsx_path)
        cache.output_written(OVERVIEW_XLSX, whole)
        written.append(xlsx_path)
    cache.commit()
    return written
