"""Startup time of the app to the first page served (target < 5 s), on a fresh data directory (the index is
built on first start) and again with the index in place.

Run: .venv/bin/python bench/bench_startup.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(data_dir: str) -> float:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_DATA_DIR": data_dir}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                return time.perf_counter() - t0
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 120:
                    raise RuntimeError("app did not start")
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first = start(tmp)
        again = [start(tmp) for _ in range(3)]
    best = min(again)
    print(f"first start (builds the index): {first:.2f} s")
    print(f"start with the index in place: best {best:.2f} s, runs {', '.join(f'{x:.2f}' for x in again)} "
          f"(target < 5 s; ratio {5 / best:.1f}x)")


if __name__ == "__main__":
    main()
