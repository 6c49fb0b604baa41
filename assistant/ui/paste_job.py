"""The 统计表 tab's paste, parsed and checked in a worker process (assistant.checks.isolated): kept free of gradio so
that the fork server preloads it cheaply."""

from __future__ import annotations

import contextlib

from ..checks import check_tables
from ..checks.isolated import preload
from ..findings import Finding
from ..tables import parse_tables
from ..tables.model import TableSet
from ..textfile import InputError

preload(__name__)  # its jobs run in the check worker: loaded once in the fork server


def parse_and_check(item: tuple[str, int | None, str | None]) -> tuple[TableSet | None, list[Finding], str | None]:
    """(tables, findings, None), or (None, [], the Chinese reason) when the paste cannot be read."""
    text, year, layout = item
    try:
        ts = parse_tables(text, year=year, layout=layout)
    except InputError as exc:
        return None, [], str(exc)
    return ts, check_tables(ts), None


def _warm() -> None:
    """Load what every parse needs (the layouts, their cell words) once in the fork server, not in each worker."""
    from ..checks.breakdowns import _markers
    from ..layouts import all_layouts, part_titles, prose_numbers, section_words
    from ..layouts.cell_words import cell_words

    for load in (all_layouts, section_words, prose_numbers, part_titles, cell_words, _markers):
        load()
    with contextlib.suppress(Exception):  # a warm-up only: the real parse reports its own errors
        parse_and_check(("收到申请 1", None, None))


_warm()
