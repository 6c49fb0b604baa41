"""What the hardening costs: time and peak memory of workspace saves under contention (two writers, a 100 KB paste),
of the index check every command and the app's start-up now make, and of recovering a damaged index.

    python bench/bench_hardening.py
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.knowledge.store import open_checked, open_index  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.workspace import WorkspaceStore  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def saves(folder: Path, rounds: int = 250) -> None:
    store = WorkspaceStore(folder)
    ws = store.create("某某市某某局", 2023)
    paste = "\n".join(f"第{i}行\t{i}\t{i * 2}\t{i * 3}" for i in range(6000))

    def facts():
        for i in range(rounds):
            store.update(ws.id, lambda w, i=i: w.facts.__setitem__("overview", [f"事实 {i}"]))

    def tables():
        for i in range(rounds):
            store.update(ws.id, lambda w, i=i: setattr(w, "tables_text", f"{i}\n{paste}"))

    t0 = time.perf_counter()
    threads = [threading.Thread(target=f) for f in (facts, tables)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    final = store.get(ws.id)
    assert final.facts["overview"] == [f"事实 {rounds - 1}"] and final.tables_text.startswith(f"{rounds - 1}\n")
    print(f"工作区保存：{2 * rounds} 次（两个线程，{len(paste) // 1024} KB 粘贴）用时 {seconds:.2f} 秒，"
          f"每次 {seconds / (2 * rounds) * 1000:.1f} 毫秒，峰值内存 {peak_mb():.0f} MB")


def index(folder: Path) -> None:
    settings = Settings(data_dir=folder / "data")
    t0 = time.perf_counter()
    open_index(settings)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    open_checked(settings)
    checked = time.perf_counter() - t0
    print(f"知识库：首次建立 {built:.2f} 秒；打开并检查（每个命令和启动时）{checked:.2f} 秒")
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    with open(folder / "data" / "chroma" / "chroma.sqlite3", "r+b") as f:
        f.truncate(8192)
    t0 = time.perf_counter()
    kb = open_index(settings)
    print(f"损坏的索引（chroma.sqlite3 截断）：发现并重建 {time.perf_counter() - t0:.2f} 秒，{kb.count()} 个片段；"
          f"峰值内存 {peak_mb():.0f} MB")


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        saves(folder / "ws")
        index(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
