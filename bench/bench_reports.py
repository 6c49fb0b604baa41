"""Whole reports parsed + checked per second (target: 1,000 reports in under 10 s).

Text reports (the seed, and reports written from the 2021 layout) are timed over many runs; .docx, .html and .pdf
files are timed per file, reading included, since their readers dominate.
Run: .venv/bin/python bench/bench_reports.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.checks.report import check_report  # noqa: E402
from assistant.layouts import get_layout  # noqa: E402
from assistant.report import load, parse_report  # noqa: E402
from tests.factory import consistent_values  # noqa: E402
from tests.report_factory import WRITERS, Plan, report_text  # noqa: E402


def main(n: int = 1000) -> None:
    random.seed(7)
    seed = (ROOT / "corpus/reports/2021_大庆市公共资源交易中心.txt").read_text(encoding="utf-8")
    written = [report_text(Plan(values=consistent_values(get_layout("2021")))) for _ in range(20)]
    texts = [seed] + written
    for t in texts:  # warm caches
        check_report(parse_report(t))
    t0 = time.perf_counter()
    for i in range(n):
        check_report(parse_report(texts[i % len(texts)]))
    elapsed = time.perf_counter() - t0
    print(f"text reports: {n} parsed + checked in {elapsed:.2f} s ({n / elapsed:,.0f}/s, "
          f"{elapsed / n * 1000:.2f} ms each); target 1,000 in < 10 s: ratio {10 / (elapsed * 1000 / n):.1f}x")

    plan = Plan(values=consistent_values(get_layout("2021")))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("html", "docx", "pdf"):
            path = WRITERS[fmt](plan, Path(tmp) / f"r.{fmt}")
            runs = 5 if fmt == "pdf" else 30
            t0 = time.perf_counter()
            for _ in range(runs):
                ts, report = load(path)
                check_report(report)
            per = (time.perf_counter() - t0) / runs
            print(f"{fmt} report (read + parse + check): {per * 1000:.1f} ms each ({1 / per:,.1f}/s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
