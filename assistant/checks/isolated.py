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

from ..report import expand_paths
from .batch import BatchResult, FileResult, check_one

_CONTEXT = None


def _context():
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["assistant.checks.isolated"])
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


def _work(conn: Connection, paths: list[Path], options: dict, memory_mb: int) -> None:
    _cap_memory(memory_mb)
    for path in paths:
        try:
            entry = check_one(path, **options)
        except MemoryError:
            entry = FileResult(path, error=f"检查时内存超出上限（{memory_mb} MB），已停止；文件可能是恶意构造的或已损坏")
        conn.send(entry)
    conn.close()


def check_paths_isolated(paths: list[Path] | list[str], *, deadline: float | None = None, memory_mb: int | None = None,
                         on_result: Callable[[FileResult], None] | None = None, **options) -> BatchResult:
    """check_paths, each file read and checked in a worker process: at most `deadline` seconds per file and
    `memory_mb` MB per worker (by default ASSISTANT_CHECK_DEADLINE, ASSISTANT_CHECK_MEMORY_MB; `options`: those of
    check_paths)."""
    if deadline is None or memory_mb is None:
        from ..settings import get_settings

        settings = get_settings()
        deadline = settings.check_deadline if deadline is None else deadline
        memory_mb = settings.check_memory_mb if memory_mb is None else memory_mb
    queue = expand_paths([Path(p) for p in paths])
    result = BatchResult()
    ctx = _context()
    while queue:
        parent, child = ctx.Pipe(duplex=False)
        worker = ctx.Process(target=_work, args=(child, queue, options, memory_mb), daemon=True)
        worker.start()
        child.close()
        try:
            while queue:
                path = queue[0]
                entry = _receive(parent, path, deadline, memory_mb)
                queue.pop(0)
                result.files.append(entry)
                if on_result is not None:
                    on_result(entry)
                if entry.error is not None and entry.error.startswith(_STOPPED):
                    break  # the worker is gone: a new one takes the rest
        finally:
            parent.close()
            if worker.is_alive():
                worker.kill()
            worker.join(5)
    return result


_STOPPED = "已停止检查："


def _receive(conn: Connection, path: Path, deadline: float, memory_mb: int) -> FileResult:
    try:
        if conn.poll(deadline):
            return conn.recv()
        return FileResult(path, error=f"{_STOPPED}超过时限 {deadline:g} 秒仍未读完，文件可能是恶意构造的或已损坏；"
                                      "其他文件不受影响")
    except (EOFError, OSError):
        return FileResult(path, error=f"{_STOPPED}读取时检查进程意外退出（可能超出内存上限 {memory_mb} MB），"
                                      "文件可能是恶意构造的或已损坏；其他文件不受影响")
