"""Checking files in a worker process with a deadline and a memory cap, so that a hostile or broken file can neither
hold the server (the UI's other users) nor exhaust its memory: the file that overruns gets an error entry naming the
limit, the worker is replaced, and the other files keep their results.

Workers come from a fork server that has the checker imported already (a fork from the threaded server itself is not
safe), so a batch costs milliseconds to start after the first."""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from ..report import expand_paths
from .batch import BatchResult, FileResult, check_one

_CONTEXT = None
# imported once in the fork server, so that a worker starts with them loaded; a module whose jobs run here adds itself
# (preload(__name__)) when it is imported, before the first job starts the fork server
PRELOAD = ["assistant.checks.isolated"]


def preload(module: str) -> None:
    """Have the fork server import `module` once (a job's module registered after the server started is imported
    by each worker instead: slower, no less correct)."""
    if module not in PRELOAD:
        PRELOAD.append(module)


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        _CONTEXT = ctx
    return _CONTEXT


def _cap_memory(extra_mb: int) -> None:
    try:
        with open("/proc/self/statm") as fh:
            held = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        held = 0
    limit = held + extra_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


R = TypeVar("R")
T = TypeVar("T")
Failure = Callable[[T, str], R]  # (item, the Chinese message naming the limit) → the item's result


def _work(conn: Connection, job: Callable, items: list, memory_mb: int) -> None:
    _cap_memory(memory_mb)
    for item in items:
        try:
            conn.send((True, job(item)))
        except MemoryError:
            conn.send((False, f"内存超出上限（{memory_mb} MB），已停止"))
    conn.close()


def run_isolated(job: Callable[[T], R], items: list[T], on_failure: Failure, *, deadline: float | None = None,
                 memory_mb: int | None = None, on_result: Callable[[R], None] | None = None) -> list[R]:
    """job(item) for each item, in a worker process from the fork server: at most `deadline` seconds per item and
    `memory_mb` MB per worker (by default ASSISTANT_CHECK_DEADLINE, ASSISTANT_CHECK_MEMORY_MB). An item that
    overruns gets on_failure(item, message naming the limit), the worker is replaced and the rest go on. `job` and
    the items must be picklable (a module-level function)."""
    if deadline is None or memory_mb is None:
        from ..settings import get_settings

        settings = get_settings()
        deadline = settings.check_deadline if deadline is None else deadline
        memory_mb = settings.check_memory_mb if memory_mb is None else memory_mb
    queue = list(items)
    results: list[R] = []
    ctx = _context()
    while queue:
        parent, child = ctx.Pipe(duplex=False)
        worker = ctx.Process(target=_work, args=(child, job, queue, memory_mb), daemon=True)
        worker.start()
        child.close()
        try:
            while queue:
                item = queue.pop(0)
                done, got = _receive(parent, deadline, memory_mb)
                entry: R = got if done else on_failure(item, str(got))
                results.append(entry)
                if on_result is not None:
                    on_result(entry)
                if not done and str(got).startswith(STOPPED):
                    break  # the worker is gone: a new one takes the rest
        finally:
            parent.close()
            if worker.is_alive():
                worker.kill()
            worker.join(5)
    return results


def _check_job(item: tuple[Path, dict]) -> FileResult:
    path, options = item
    return check_one(path, **options)


def _check_failure(item: tuple[Path, dict], message: str) -> FileResult:
    if not message.startswith(STOPPED):  # out of memory inside the worker, which goes on
        message = f"检查时{message}；文件可能是恶意构造的或已损坏"
    return FileResult(item[0], error=message)


def check_paths_isolated(paths: list[Path] | list[str], *, deadline: float | None = None, memory_mb: int | None = None,
                         on_result: Callable[[FileResult], None] | None = None, **options) -> BatchResult:
    """check_paths, each file read and checked in a worker process: at most `deadline` seconds per file and
    `memory_mb` MB per worker (by default ASSISTANT_CHECK_DEADLINE, ASSISTANT_CHECK_MEMORY_MB; `options`: those of
    check_paths)."""
    items = [(p, options) for p in expand_paths([Path(p) for p in paths])]
    result = BatchResult()
    result.files = run_isolated(_check_job, items, _check_failure, deadline=deadline, memory_mb=memory_mb,
                                on_result=on_result)
    return result


STOPPED = "已停止检查："


def _receive(conn: Connection, deadline: float, memory_mb: int) -> tuple[bool, Any]:
    """(True, the job's result), or (False, why it has none: a Chinese message naming the limit)."""
    try:
        if conn.poll(deadline):
            return conn.recv()
        return False, f"{STOPPED}超过时限 {deadline:g} 秒仍未读完，文件可能是恶意构造的或已损坏；其他文件不受影响"
    except (EOFError, OSError):
        return False, (f"{STOPPED}读取时检查进程意外退出（可能超出内存上限 {memory_mb} MB），"
                       "文件可能是恶意构造的或已损坏；其他文件不受影响")
