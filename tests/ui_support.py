"""What the browser tests share: the app started on a free port with its own data folder (and restarted), headless
Chromium (Debian's /usr/bin/chromium driven by Playwright), and the steps every test repeats (open a workspace,
download what a file component offers)."""

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
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium (make system-deps installs it)")
    pytest.skip("Debian chromium is not installed here (make system-deps installs it)", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python app.py` on a free port with its own data directory; can be stopped and started again."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.proc = None
        self.url = ""
        self.log = data_dir / "app.log"

    def start(self) -> str:
        port = _free_port()
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(self.data_dir)}
        for key in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
            env.pop(key, None)  # the offline default
        self.log = self.data_dir / "app.log"  # a file, not a pipe: a full pipe nobody reads would stall the app
        with self.log.open("a", encoding="utf-8") as out:
            self.proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                                         stdout=out, stderr=subprocess.STDOUT, text=True)
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return self.url
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.log.read_text(encoding="utf-8")) from None
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("app did not start in 90 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def restart(self) -> str:
        self.stop()
        return self.start()


def launch_browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


def open_workspace(page, label: str) -> None:
    page.locator("#ws-select input").click()
    page.get_by_role("option", name=label).click()
    wait_opened(page, label)


def download(page, file_component: str, target: Path, timeout: float = 20000) -> Path:
    """Save the file a gr.File component (by elem id, “#export-file”) offers, as the user's click downloads it."""
    link = page.locator(f"{file_component} a").first
    expect(link).to_be_visible(timeout=timeout)
    with page.expect_download() as info:
        link.click()
    info.value.save_as(target)
    return target


def create_workspace(page, agency: str, year: int) -> None:
    page.locator("#ws-agency textarea, #ws-agency input").first.fill(agency)
    page.locator("#ws-year input").fill(str(year))
    page.locator("#ws-create").click()
    expect(page.locator("#ws-status")).to_contain_text("已新建并打开工作区", timeout=20000)
    wait_opened(page, f"{agency} {year} 年度")


def wait_opened(page, label: str) -> None:
    """Until every tab has loaded the workspace just opened (typing before that would race the tabs' loading)."""
    expect(page.locator("#progress-strip")).to_contain_text("进度：", timeout=30000)
    expect(page.locator("#draft-status")).to_contain_text(f"工作区：{label}", timeout=30000)
