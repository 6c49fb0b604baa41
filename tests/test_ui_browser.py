"""The web app in headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium (make system-deps installs it)")
    pytest.skip("Debian chromium is not installed here (make system-deps installs it)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read())
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("app did not start in 60 s")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


def _fill_and_run(page, text: str) -> None:
    page.locator("#table-paste textarea").fill(text)
    page.locator("#table-run").click()


def test_seed_tables_show_zero_errors(server, browser, seed_tables):
    page = browser.new_page()
    page.goto(server)
    page.get_by_role("tab", name="统计表").click()
    _fill_and_run(page, seed_tables)
    result = page.locator("#table-result")
    expect(result).to_contain_text("错误 0 个", timeout=20000)
    expect(page.locator('td[data-table="二(九)"][data-row="procurement"][data-col="purchase_amount"]')).to_have_text(
        "11,561,862,563.21")
    assert page.locator("td.error").count() == 0
    page.close()


def test_broken_table_marks_the_cell(server, browser, seed_tables):
    page = browser.new_page()
    page.goto(server)
    page.get_by_role("tab", name="统计表").click()
    broken = seed_tables.replace("4.保护第三方合法权益\t0\t0\t0\t0\t0", "4.保护第三方合法权益\t0\t0\t0\t0\t1O")
    _fill_and_run(page, broken)
    expect(page.locator("#table-result")).to_contain_text("错误 1 个", timeout=20000)
    cell = page.locator('td[data-table="三"][data-row="withheld_third_party"][data-col="legal"]')
    expect(cell).to_have_class("num error")
    expect(cell).to_have_text("1O")
    expect(page.locator("ul.findings")).to_contain_text("「法律服务机构」列：“1O”不是整数")
    # what the user pasted is still there
    assert "1O" in page.locator("#table-paste textarea").input_value()
    page.screenshot(path=str(ROOT / "build" / "ui-table-broken.png") if (ROOT / "build").is_dir() else None)
    page.close()
