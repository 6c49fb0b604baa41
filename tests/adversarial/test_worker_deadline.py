"""The 统计表 paste and the 审阅 tab's files are read in a worker process with the check deadline: one that never ends
is cut at the deadline with a Chinese error naming it, other users' requests are answered meanwhile, and normal
results are those of the server's own process."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from assistant.layouts import get_layout
from assistant.review import review
from assistant.ui import tables_tab
from assistant.ui.paste_job import parse_and_check
from assistant.ui.tables_tab import fill_tables
from tests.factory import consistent_values, paste_text

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"
NEVER = "永不结束"


def _slow_unless_normal(item):
    """Runs in the worker (imported there by name): a paste marked NEVER parses for ever."""
    if NEVER in item[0]:
        while True:
            time.sleep(1)
    return parse_and_check(item)


def _paste() -> str:
    return paste_text("2021", consistent_values(get_layout("2021")))


def _in_process(job, items, on_failure, **limits):
    return [job(i) for i in items]


def test_a_normal_paste_gives_what_the_server_process_gives(monkeypatch):
    text = _paste()
    isolated = fill_tables(text, 2021, "auto")
    monkeypatch.setattr(tables_tab, "run_isolated", _in_process)
    assert fill_tables(text, 2021, "auto") == isolated
    assert 'id="table-result"' in isolated[0]


def test_a_paste_that_never_ends_is_cut_at_the_deadline_and_others_are_answered(monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHECK_DEADLINE", "8")
    monkeypatch.setattr(tables_tab, "parse_and_check", _slow_unless_normal)
    before = {"cell-x": "1"}
    got: dict = {}
    start = time.monotonic()
    slow = threading.Thread(target=lambda: got.update(out=fill_tables(NEVER + "\n" + _paste(), 2021, "auto", before)))
    slow.start()
    time.sleep(0.5)
    answered = []
    while slow.is_alive() and not answered:  # another user's pastes, answered while that one runs
        page, _ = fill_tables(_paste(), 2021, "auto")
        answered.append((time.monotonic() - start, 'id="table-result"' in page))
    slow.join(30)
    elapsed = time.monotonic() - start
    assert answered and all(ok and t < 8 for t, ok in answered)
    page, values = got["out"]
    assert "统计表解析已停止" in page and "超过时限 8 秒" in page and "粘贴的内容已保留" in page
    assert values == before  # the cells last shown are kept for the next run's marks
    assert 7.5 < elapsed < 25


def test_a_review_file_that_never_ends_is_cut_and_the_others_keep_their_results(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHECK_DEADLINE", "8")
    files = tmp_path / "files"
    files.mkdir()
    for name in ("2021_甲单位.txt", "2021_乙单位.txt"):
        shutil.copy(SEED, files / name)
    plain = review(sorted(files.iterdir()), out=tmp_path / "plain", jobs=1, write=False)
    endless = files / "2021_丙单位.txt"
    os.mkfifo(endless)  # reading blocks for ever: no writer will come
    got: dict = {}
    start = time.monotonic()
    slow = threading.Thread(target=lambda: got.update(r=review(sorted(files.iterdir()), out=tmp_path / "ui", jobs=2,
                                                                write=False, isolated=True)))
    slow.start()
    time.sleep(0.5)
    answered = []
    while slow.is_alive() and not answered:  # another user's paste, answered while the review waits
        page, _ = fill_tables(_paste(), 2021, "auto")
        answered.append((time.monotonic() - start, 'id="table-result"' in page))
    slow.join(60)
    result = got["r"]
    assert answered and all(ok and t < 8 for t, ok in answered)
    [cut] = result.unreadable
    assert cut.name == endless.name and "超过时限 8 秒" in (cut.error or "")

    def view(r):
        return sorted((a.entry.name, a.entry.model_dump(exclude={"path"}),
                       [(i.fingerprint, i.finding.message) for i in a.items]) for a in r.agencies)

    assert view(result) == view(plain) and len(result.agencies) == 2
