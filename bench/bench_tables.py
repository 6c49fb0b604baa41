"""Tables parsed + checked per second for the seed report's tables (target: ≥ 10,000 reports a minute on one core).

Run: make bench   (or .venv/bin/python bench/bench_tables.py [seconds])
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.checks import check_tables  # noqa: E402
from assistant.tables import parse_tables  # noqa: E402
from assistant.tables.render import render_html, render_markdown  # noqa: E402
from tests.factory import seed_tables_text  # noqa: E402

TARGET_PER_MINUTE = 10_000


def main(seconds: float = 3.0) -> None:
    seed = seed_tables_text((ROOT / "corpus/reports/2021_大庆市公共资源交易中心.txt").read_text(encoding="utf-8"))
    ts = parse_tables(seed, year=2021)
    assert [f.rule for f in check_tables(ts)] == ["layout.year_mismatch"], "seed must parse cleanly"
    cells = sum(len(r) for t in ts.tables.values() for r in t.rows.values())

    for _ in range(50):  # warm caches
        check_tables(parse_tables(seed, year=2021))
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t0 = time.perf_counter()
        check_tables(parse_tables(seed, year=2021))
        times.append(time.perf_counter() - t0)
    per_second = len(times) / sum(times)
    per_minute = per_second * 60
    print(f"seed tables: {len(ts.tables)} tables, {cells} cells")
    print(f"parse + check: {len(times)} runs, median {statistics.median(times) * 1000:.2f} ms, "
          f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms")
    print(f"throughput: {per_second:,.0f} reports/s = {per_minute:,.0f} reports/min on one core "
          f"(target {TARGET_PER_MINUTE:,}/min; ratio {per_minute / TARGET_PER_MINUTE:.1f}x)")

    t0 = time.perf_counter()
    n = 200
    for _ in range(n):
        render_markdown(ts, [])
        render_html(ts, [])
    print(f"render md + html: {(time.perf_counter() - t0) / n * 1000:.2f} ms per report")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 3.0)
