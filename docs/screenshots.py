"""Take the screenshots README shows (docs/*.png): the app on a fresh data folder holding one demo workspace (the 大庆
seed tables with one slip, facts, the opening adopted), driven in headless Chromium as a user would.

Run: .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from assistant.workspace import WorkspaceStore  # noqa: E402
from assistant.layouts import get_layout  # noqa: E402
from tests.factory import consistent_values, last_year_for, paste_text, seed_tables_text  # noqa: E402
from tests.ui_support import AppServer, launch_browser, wait_opened  # noqa: E402

DOCS = ROOT / "docs"
SEED = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"
FACTS = ["全年主动公开政府信息 1520 条", "新收政府信息公开申请 37 件，均按期答复", "政府网站政府信息公开专栏新增栏目 5 个"]


def demo_workspace(data: Path):
    store = WorkspaceStore(data)
    ws = store.create("大庆市公共资源交易中心", 2021)
    ws.tables_text = seed_tables_text(SEED.read_text(encoding="utf-8")).replace(
        "4.保护第三方合法权益\t0\t0\t0\t0\t0", "4.保护第三方合法权益\t0\t0\t0\t0\t1O")
    ws.facts = {"overview": FACTS}
    ws.drafts = {"intro": "根据《中华人民共和国政府信息公开条例》要求，编制本报告。"}
    store.save(ws)
    store.remember(ws.id)
    return store.get(ws.id)


def report_pair(folder: Path) -> tuple[Path, Path]:
    """This year's tables and last year's, whose 结转下年度 disagrees with this year's 上年结转 in one column."""
    this = consistent_values(get_layout("2021"))
    last = last_year_for("2021", this)
    for row in ("carried_out", "new"):
        for col in ("legal", "total"):
            last["三"][row][col] = str(int(last["三"][row][col]) + 1)
    a, b = folder / "2023年统计表.txt", folder / "2022年统计表.txt"
    a.write_text(paste_text("2021", this), encoding="utf-8")
    b.write_text(paste_text("2021", last), encoding="utf-8")
    return a, b


def save(page, name: str, height: int | None = None) -> None:
    """A viewport (or taller) screenshot, reduced to a 256-colour palette: sharp text, small files."""
    path = DOCS / f"{name}.png"
    if height:
        page.set_viewport_size({"width": 1400, "height": height})
    page.screenshot(path=str(path))
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}：{path.stat().st_size // 1024} KB")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        ws = demo_workspace(data)
        server = AppServer(data)
        server.start()
        try:
            with sync_playwright() as p:
                browser = launch_browser(p)
                page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 900})
                page.goto(server.url)
                wait_opened(page, ws.label)
                page.locator("#draft-send").click()
                expect(page.locator("#draft-status")).to_contain_text("已完成", timeout=60000)
                save(page, "ui-drafting", 1000)

                page.get_by_role("tab", name="统计表").click()
                expect(page.locator("#table-result")).to_contain_text("错误", timeout=20000)
                page.locator("aside.findings-side a").first.click()
                page.wait_for_timeout(1600)
                save(page, "ui-tables", 900)

                page.evaluate("window.scrollTo(0, 0)")
                page.get_by_role("tab", name="报告检查").click()
                this, last = report_pair(data)
                page.locator("#check-files input[type=file]").set_input_files([str(this)])
                page.locator("#check-last input[type=file]").set_input_files(str(last))
                page.locator("#check-run").click()
                expect(page.locator("#check-output")).to_contain_text("跨年核对", timeout=30000)
                save(page, "ui-check", 900)

                page.get_by_role("tab", name="知识库").click()
                page.locator("#kb-query textarea, #kb-query input").first.fill("依申请公开的答复期限")
                page.locator("#kb-search").click()
                expect(page.locator("#kb-results")).to_contain_text("检索结果", timeout=30000)
                save(page, "ui-knowledge", 900)

                page.get_by_role("tab", name="导出").click()
                expect(page.locator("#export-status")).to_contain_text("导出前检查", timeout=20000)
                save(page, "ui-export", 800)
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
