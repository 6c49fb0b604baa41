"""Reviewer mode on 1,000 mixed reports (txt, docx, pdf written by the test fixtures: 500 agencies, this year and last
year): `--jobs 1` against `--jobs 2` (speed-up, reports per second), then a rerun with nothing changed (target < 2 s).

Run: .venv/bin/python bench/bench_review.py [N]   (N reports in all, default 1000)
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.review import review  # noqa: E402
from tests.factory import last_year_for  # noqa: E402
from tests.report_factory import WRITERS  # noqa: E402
from tests.review_factory import _plan, realistic  # noqa: E402

FORMATS = ("txt", "docx", "pdf")
DOCX_TEMPLATES = 6  # python-docx merges cells slowly: a few documents are written, the rest are copies renamed


def _rename_docx(src: Path, dst: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/document.xml":
                data = data.decode("utf-8").replace(old, new).encode("utf-8")
            zout.writestr(item, data)


def generate(root: Path, n: int) -> tuple[Path, Path]:
    rng = random.Random(3)
    this_dir, last_dir = root / "2023年", root / "2022年"
    this_dir.mkdir(parents=True)
    last_dir.mkdir()
    templates: dict[tuple[int, int], tuple[Path, str]] = {}
    for k in range(n // 2):
        agency = f"某某市第{k + 1}局"
        fmt = FORMATS[k % len(FORMATS)]
        values = realistic("2021", rng)
        for year, folder, vals, variant in ((2023, this_dir, values, 0), (2022, last_dir, last_year_for("2021", values), 1)):
            path = folder / f"{agency}{year}年政府信息公开工作年度报告.{fmt}"
            key = (year, k // len(FORMATS) % DOCX_TEMPLATES)
            if fmt == "docx" and key in templates:
                src, old = templates[key]
                _rename_docx(src, path, old, agency)
                continue
            WRITERS[fmt](_plan("2021", year, agency, vals, variant), path)
            if fmt == "docx":
                templates[key] = (path, agency)
    return this_dir, last_dir


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(this_dir: Path, last_dir: Path, out: Path, jobs: int):
    """(result, wall seconds, wall seconds until every file was read, CPU seconds of this process and its workers)."""
    marks: dict[str, float] = {}
    start, cpu = time.perf_counter(), _cpu()

    def progress(done: int, total: int) -> None:
        if done == total:
            marks.setdefault("read", time.perf_counter() - start)

    result = review([this_dir], out=out, last_year=[last_dir], jobs=jobs, progress=progress)
    return result, time.perf_counter() - start, marks.get("read", 0.0), _cpu() - cpu


def main(n: int = 1000) -> None:
    root = Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        t0 = time.perf_counter()
        this_dir, last_dir = generate(root, n)
        count = sum(1 for _ in this_dir.iterdir()) + sum(1 for _ in last_dir.iterdir())
        print(f"generated {count} reports ({'/'.join(FORMATS)}) in {time.perf_counter() - t0:.0f} s")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work shares the cores: "
              "with a load above the core count, wall times and the speed-up say more about the neighbours)")
        r1, t1, read1, cpu1 = timed(this_dir, last_dir, root / "out1", 1)
        print(f"--jobs 1: {t1:.1f} s in all, CPU {cpu1:.1f} s ({count / t1:.1f} reports/s); reading + checking {read1:.1f} s "
              f"({count / read1:.1f} reports/s); {len(r1.agencies)} agencies, {len(r1.pairing.pairs)} paired, "
              f"错误 {r1.totals()['错误']}, 提醒 {r1.totals()['提醒']}")
        r2, t2, read2, cpu2 = timed(this_dir, last_dir, root / "out2", 2)
        print(f"--jobs 2: {t2:.1f} s in all, CPU {cpu2:.1f} s ({count / t2:.1f} reports/s); reading + checking {read2:.1f} s "
              f"({count / read2:.1f} reports/s)")
        print(f"speed-up of --jobs 2 over --jobs 1: {t1 / t2:.2f}x in all, {read1 / read2:.2f}x reading + checking")
        assert r1.totals() == r2.totals()
        r3, t3, _, cpu3 = timed(this_dir, last_dir, root / "out2", 2)
        print(f"rerun with nothing changed: {t3:.2f} s, CPU {cpu3:.2f} s (target < 2 s: {'met' if t3 < 2 else 'NOT met'}); "
              f"read again {r3.processed}, from the cache {r3.cached}, files rewritten {len(r3.written)}; "
              f"load average now {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
