"""Class 9: inputs that used to end in a traceback or were taken loosely now get a clear Chinese answer saying where,
and the right exit code. Commands run as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.tables import parse_tables
from assistant.textfile import decode

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=300,
                          cwd=cwd, env={**os.environ, **(env or {})})


def _no_traceback(r: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr[-1500:]


@pytest.mark.parametrize("text,words", [
    ('{"tables": 5}', "“tables”应为"),
    ('{"tables": "三"}', "“tables”应为"),
    ('{"tables": {"三": {"（一）予以公开": {"自然人": ' + "9" * 5000 + "}}}}", "数值"),
])
def test_hostile_json_gets_a_chinese_error(text, words):
    with pytest.raises(InputError, match=words):
        parse_tables(text)


def test_deeply_nested_json_gets_a_chinese_error():
    with pytest.raises(InputError, match="嵌套"):
        parse_tables('{"tables": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(InputError, match="嵌套"):
        parse_tables('{"tables": {"三": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}}")


def test_utf16_text_is_read_like_any_other(seed_tables, tmp_path):
    for encoding, bom in (("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b"")):
        data = bom + seed_tables.encode(encoding)
        assert decode(data, "表.txt") == seed_tables
    p = tmp_path / "excel-unicode.txt"
    p.write_bytes(seed_tables.encode("utf-16"))  # Excel's “Unicode 文本” (with its byte-order mark)
    r = run("table", str(p))
    _no_traceback(r)
    assert r.returncode == 0 and "| 规章 |" in r.stdout
    with pytest.raises(InputError, match="不是文本文件"):
        decode(b"\x00\x01\x02\x03PK\x00\x00binary" * 50, "x.bin")


def test_table_exits_1_after_printing_an_error(tmp_path):
    from assistant.layouts import get_layout
    from tests.factory import consistent_values, paste_text

    values = consistent_values(get_layout("2021"))
    values["三"]["new"]["total"] = str(int(values["三"]["new"]["total"]) + 1)  # a total that no longer adds up
    p = tmp_path / "bad.txt"
    p.write_text(paste_text("2021", values), encoding="utf-8")
    r = run("table", str(p))
    _no_traceback(r)
    assert "[错误]" in r.stdout and r.returncode == 1
    good = tmp_path / "good.txt"
    good.write_text(paste_text("2021", consistent_values(get_layout("2021"))), encoding="utf-8")
    assert run("table", str(good)).returncode == 0


@pytest.mark.parametrize("year", ["-5", "12345678901234567890", "0", "3000"])
def test_absurd_years_are_refused(year, tmp_path, seed_tables):
    p = tmp_path / "t.txt"
    p.write_text(seed_tables, encoding="utf-8")
    for cmd in (["table", str(p)], ["check", str(p)]):
        r = run(*cmd, "--year", year)
        _no_traceback(r)
        assert r.returncode == 2 and "年度" in r.stderr and "四位年份" in r.stderr


def test_output_paths_are_checked_before_any_work(tmp_path):
    report = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"
    r = run("export", str(report), "-o", str(tmp_path / "missing" / "x.docx"))
    _no_traceback(r)
    assert r.returncode == 2 and "不存在" in r.stderr and "missing" in r.stderr
    r = run("export", str(report), "-o", str(tmp_path))
    assert r.returncode == 2 and "是文件夹" in r.stderr
    r = run("check", str(report), "--csv", str(tmp_path / "missing" / "汇总.csv"))
    _no_traceback(r)
    assert r.returncode == 2 and "汇总 CSV所在的文件夹" in r.stderr
    r = run("export", str(report), "-o", str(tmp_path / "ok.md"), "--to", "md")
    assert r.returncode == 0 and (tmp_path / "ok.md").exists()


def test_eval_compare_with_a_broken_summary_says_which(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "summary.json").write_text("{not json", encoding="utf-8")
    (b / "summary.json").write_text('{"metrics": {}}', encoding="utf-8")
    r = run("eval", "compare", str(a), str(b), "-o", str(tmp_path / "c.html"))
    _no_traceback(r)
    assert r.returncode == 2 and "summary.json" in r.stderr and "不是有效的评测结果" in r.stderr
    (a / "summary.json").write_text('{"metrics": 5}', encoding="utf-8")
    r = run("eval", "compare", str(a), str(b), "-o", str(tmp_path / "c.html"))
    _no_traceback(r)
    assert r.returncode == 2 and "metrics" in r.stderr
    (a / "summary.json").write_text('{"metrics": {}}', encoding="utf-8")
    (a / "case1.json").write_text('{"id": "case1"}', encoding="utf-8")
    (b / "case1.json").write_text('{"id": "case1"}', encoding="utf-8")
    r = run("eval", "compare", str(a), str(b), "-o", str(tmp_path / "c.html"))
    _no_traceback(r)
    assert r.returncode == 2 and "评测结果不完整" in r.stderr


def test_a_facts_tables_value_longer_than_a_path_is_taken_as_text(tmp_path):
    from assistant.drafting.facts import load_facts

    long_row = "（一）予以公开 " + " ".join(["3"] * 3000)
    p = tmp_path / "facts.yaml"
    p.write_text(json.dumps({"agency": "某某局", "year": 2023, "tables": long_row}, ensure_ascii=False), encoding="utf-8")
    assert load_facts(p).tables == long_row


def test_ingest_from_another_directory_indexes_the_corpus_once(tmp_path):
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_CORPUS_DIR": str(ROOT / "corpus" / "regulations")}
    first = run("ingest", cwd=ROOT, env=env)
    again = run("ingest", cwd=tmp_path, env=env)
    _no_traceback(again)
    assert first.returncode == 0 and again.returncode == 0
    assert "新增 0 份" in again.stdout and "未变 3 份" in again.stdout


def test_login_is_throttled():
    from assistant.ui.login import FREE_FAILURES, LOCK_FAILURES, ThrottledLogin

    now = [0.0]
    slept: list[float] = []

    def sleep(s):
        slept.append(s)
        now[0] += s

    login = ThrottledLogin("admin", "正确的密码", clock=lambda: now[0], sleep=sleep)
    assert login("admin", "正确的密码")
    for _ in range(FREE_FAILURES):
        assert not login("admin", "猜")
    assert slept == []  # the first few mistakes cost nothing
    assert not login("admin", "猜") and slept and slept[-1] > 0
    for _ in range(LOCK_FAILURES):
        login("admin", "猜")
    assert not login("admin", "正确的密码")  # locked: guessing right does not help now
    now[0] += 3600
    assert login("admin", "正确的密码")


def test_deleting_a_workspace_while_it_drafts(tmp_path, running_app):
    """The draft is shown and nothing is saved; the workspace is not brought back."""
    from assistant.llm.testing import FunctionModel
    from assistant.settings import Settings
    from assistant.workspace import WorkspaceStore

    settings = Settings(data_dir=tmp_path / "data")
    store = WorkspaceStore(settings.data_dir)
    ws = store.create("某某市某某局", 2023)
    started, go_on = threading.Event(), threading.Event()

    def slow(messages):
        def pieces():
            yield "2023年，某某市某某局"
            started.set()
            go_on.wait(30)
            yield "全年主动公开政府信息1520条。"
        return pieces()

    app = running_app(settings, FunctionModel(slow))
    client = app.client()
    job = client.submit(ws.id, "overview", "全年主动公开政府信息 1520 条", "", "起草", [], api_name="/respond")
    assert started.wait(60)
    _, status = app.client().predict(ws.id, api_name="/do_delete")
    assert "已删除" in status
    go_on.set()
    history, _, status, *_ = job.result(timeout=60)
    assert "被删除" in status and "草稿未保存" in status
    assert "1520" in str(history[-1]["content"])  # the draft is still shown, to copy
    assert store.entries() == []  # not brought back by the late save


def test_login_guesses_over_http_are_throttled_without_blocking_the_server(tmp_path):
    import time

    import httpx

    from assistant.settings import Settings
    from assistant.ui.app import build_app, launch_options
    from assistant.ui.login import FREE_FAILURES, ThrottledLogin
    from tests.adversarial.conftest import _free_port

    settings = Settings(data_dir=tmp_path / "data")
    demo = build_app(settings, None)
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                auth=ThrottledLogin("admin", "正确的密码").check, **launch_options(settings))
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(FREE_FAILURES + 1):
            assert httpx.post(f"{url}/login", data={"username": "admin", "password": "猜"}).status_code == 400
        held: dict = {}

        def guess():
            t0 = time.monotonic()
            httpx.post(f"{url}/login", data={"username": "admin", "password": "猜"}, timeout=30)
            held["seconds"] = time.monotonic() - t0

        t = threading.Thread(target=guess)
        t.start()
        time.sleep(0.2)
        t0 = time.monotonic()
        httpx.get(f"{url}/config", timeout=30)  # another request meanwhile is answered at once
        other = time.monotonic() - t0
        t.join()
        assert held["seconds"] >= 1.0 and other < 0.8, (held, other)
    finally:
        demo.close()
