"""A review run: every report of this year's (and last year's) set read — in parallel, unchanged files from the
cache — then paired, compared year over year and against the summary report, indicators computed and the reviewer's
decisions applied."""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import ERROR, WARNING, Finding
from ..report import expand_paths
from .cache import Cache
from .config import ReviewConfig, load_config
from .decisions import DECISIONS_NAME, DISMISSED, HEADER, Decision, applies, fingerprint, read_decisions, \
    short_digest, write_decisions
from .entry import Entry, analyse
from .family import FamilyResult, check_family
from .facts import entry_facts
from .indicators import flags, indicator_findings
from .pairing import Pairing, entry_key, pair, read_parent_option
from .yoy import FigureChange, key_figures, year_over_year

Progress = Callable[[int, int], None]  # (done, total)

SOURCES = {"check": "本年检查", "yoy": "跨年核对", "family": "汇总核对", "indicator": "风险指标"}


@dataclass
class Item:
    finding: Finding
    fingerprint: str
    source: str  # a SOURCES value
    decision: str = ""
    reason: str = ""

    @property
    def dismissed(self) -> bool:
        return self.decision == DISMISSED


@dataclass
class AgencyReview:
    entry: Entry
    last: Entry | None = None
    items: list[Item] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    indicators: dict[str, float | None] = field(default_factory=dict)
    repeated: dict[str, float] = field(default_factory=dict)  # prose section → share repeated from last year
    flags: dict[str, int] = field(default_factory=dict)
    role: str = ""  # 汇总 | 成员 | ""

    @property
    def label(self) -> str:
        return self.entry.label

    @property
    def open_items(self) -> list[Item]:
        return [i for i in self.items if not i.dismissed]

    def count(self, severity: str) -> int:
        return sum(1 for i in self.open_items if i.finding.severity == severity)


@dataclass
class ReviewResult:
    out: Path
    config: ReviewConfig
    agencies: list[AgencyReview] = field(default_factory=list)
    unreadable: list[Entry] = field(default_factory=list)
    pairing: Pairing = field(default_factory=Pairing)
    families: list[FamilyResult] = field(default_factory=list)
    has_last_year: bool = False
    processed: int = 0  # files read and checked this run
    cached: int = 0  # files taken from the cache
    written: list[Path] = field(default_factory=list)

    @property
    def decisions_path(self) -> Path:
        return self.out / DECISIONS_NAME

    def totals(self) -> dict[str, int]:
        return {s: sum(a.count(s) for a in self.agencies) for s in (ERROR, WARNING)}

    def agency(self, label: str) -> AgencyReview | None:
        return next((a for a in self.agencies if a.label == label), None)

    @property
    def exit_code(self) -> int:
        return 2 if self.unreadable else 1 if self.totals()[ERROR] else 0


def _files(paths: list[Path], out: Path) -> list[Path]:
    out = out.resolve()
    return [p.resolve() for p in expand_paths(paths) if out not in p.resolve().parents]


def _cut(path: str, message: str) -> Entry:
    """A file stopped at the worker's deadline or memory cap (not cached: the next run tries it again)."""
    return Entry.of(None, path=path, digest="", error=message)


def _read_isolated(todo: list[Path], jobs: int, take: Callable[[Path, Entry], None]) -> None:
    """Each file read in a worker process with the check deadline and memory cap (assistant.checks.isolated), in
    `jobs` workers at once; `take` runs on this thread (the cache's connection is this thread's)."""
    from ..checks.isolated import run_isolated

    shares = [[str(p) for p in todo[i::jobs]] for i in range(min(jobs, len(todo)))]
    done: queue.Queue[Entry | BaseException] = queue.Queue()

    def share(paths: list[str]) -> None:
        try:
            run_isolated(analyse, paths, _cut, on_result=done.put)
        except BaseException as exc:  # handed to the caller's thread
            done.put(exc)

    threads = [threading.Thread(target=share, args=(s,), daemon=True) for s in shares]
    for t in threads:
        t.start()
    by_path = {str(p): p for p in todo}
    for _ in todo:
        got = done.get()
        if isinstance(got, BaseException):
            raise got
        take(by_path[got.path], got)
    for t in threads:
        t.join()


def read_all(files: list[Path], cache: Cache, jobs: int, progress: Progress | None = None, isolated: bool = False
             ) -> tuple[dict[Path, Entry], int]:
    """Every file's entry: from the cache when unchanged, else read (in `jobs` processes; `isolated`: in worker
    processes with the check deadline and memory cap, as the UI reads uploads). Returns (entries, read)."""
    entries: dict[Path, Entry] = {}
    todo: list[Path] = []
    for p in files:
        hit = cache.lookup(p)
        if hit is not None:
            entries[p] = hit
        else:
            todo.append(p)
    total, done = len(files), len(entries)
    if progress:
        progress(done, total)

    def take(p: Path, entry: Entry) -> None:
        nonlocal done
        entries[p] = entry
        if entry.digest:  # a file cut at a limit is not cached
            cache.store(entry)
        done += 1
        if progress:
            progress(done, total)

    if isolated and todo:
        _read_isolated(todo, max(1, jobs), take)
    elif jobs <= 1 or len(todo) <= 1:
        for p in todo:
            take(p, analyse(str(p)))
    else:
        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx) as pool:
            chunk = max(1, min(16, len(todo) // (jobs * 4)))
            for p, entry in zip(todo, pool.map(analyse, [str(p) for p in todo], chunksize=chunk)):
                take(p, entry)
    cache.commit()
    return {p: entries[p] for p in files}, len(todo)


def review(paths: list[Path], *, out: Path, last_year: list[Path] | None = None, parent: str | None = None,
           jobs: int | None = None, config_path: Path | None = None, progress: Progress | None = None,
           write: bool = True, isolated: bool = False) -> ReviewResult:
    """Review a set of reports; raises InputError (Chinese) for a bad option, never for a bad report file.
    `isolated`: each file read in a worker process with the check deadline and memory cap (the UI's way)."""
    config = load_config(config_path)
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    this_files = _files(paths, out)
    last_files = _files(last_year or [], out)
    previous = read_decisions(out / DECISIONS_NAME)
    cache = Cache(out)
    try:
        mine = set(this_files)
        entries, read = read_all(this_files + [p for p in last_files if p not in mine], cache, jobs, progress, isolated)
        this = [entries[p] for p in this_files]
        last = [entries[p] for p in last_files]
        result = ReviewResult(out=out, config=config, has_last_year=bool(last_year), processed=read,
                              cached=len(entries) - read)
        result.unreadable = [e for e in this if not e.readable]
        result.pairing = pair(this, last)
        result.families = [check_family(f, this) for f in read_parent_option(parent, this)]
        _assemble(result, this, config, previous, cache)
        if write:
            from .outputs import write_outputs

            write_decisions(result.decisions_path, decision_rows(result), previous)
            result.written = write_outputs(result, cache, jobs)
        cache.commit()
    finally:
        cache.close()
    return result


def _assemble(result: ReviewResult, this: list[Entry], config: ReviewConfig, previous: dict[str, Decision],
              cache: Cache | None = None) -> None:
    summaries = {id(f.parent): f for f in result.families if f.parent is not None}
    members = {id(c) for f in result.families for c in f.children}
    for entry in this:
        if not entry.readable:
            continue
        last = result.pairing.pairs.get(entry.path)
        a = AgencyReview(entry=entry, last=last, role="汇总" if id(entry) in summaries else "成员" if id(entry) in members else "")
        found: list[tuple[str, Finding]] = [("check", f) for f in entry.findings]
        if last is not None:
            pair_result = year_over_year(entry, last, config, cache)
            a.repeated = pair_result.shares
            found += [("yoy", f) for f in pair_result.findings]
        if id(entry) in summaries:
            found += [("family", f) for f in summaries[id(entry)].findings]
        facts = entry_facts(entry, config, cache)
        a.figures = key_figures(facts.figures, entry_facts(last, config, cache).figures if last else None, config)
        a.indicators = facts.ratios
        a.flags = flags(entry, config)
        found += [("indicator", f) for f in indicator_findings(entry, a.indicators, facts.zero_tables, config)]
        key = entry_key(entry)
        seen: set[str] = set()
        for source, f in found:
            fp = fingerprint(key, f)
            if fp in seen:  # the same finding twice (a rule repeated over rows of one cell): once
                continue
            seen.add(fp)
            item = Item(finding=f, fingerprint=fp, source=SOURCES[source])
            d = previous.get(fp)
            if d is not None and applies(d, entry.digest):
                item.decision, item.reason = d.decision, d.reason
            a.items.append(item)
        result.agencies.append(a)


def decision_rows(result: ReviewResult) -> list[list[str]]:
    rows = []
    for a in result.agencies:
        for i in a.items:
            f = i.finding
            row = {"指纹": i.fingerprint, "机关": a.label, "文件": a.entry.name, "规则": f.rule, "严重程度": f.severity,
                   "位置": f.where(), "说明": f.message, "决定": i.decision, "理由": i.reason,
                   "报告校验码": short_digest(a.entry.digest)}
            rows.append([row[h] for h in HEADER])
    return rows
