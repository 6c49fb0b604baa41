"""The export tab in headless Chromium: before exporting it lists the open 错误 and the parts not adopted (Chinese
section names), exporting anyway works and says “含 N 个错误”, and the downloaded .docx holds the workspace's tables
in the layout they were pasted in; PDF export through LibreOffice."""

from __future__ import annotations

import re

import pytest

from assistant.export import from_workspace
from assistant.export.pdf import office
from assistant.export.review import review
from assistant.report import load
from assistant.tables import parse_tables
from assistant.workspace import WorkspaceStore
from tests.test_export_roundtrip import values_of
from tests.ui_support import AppServer, browser, download, open_workspace  # noqa: F401 — the browser fixture

from playwright.sync_api import expect  # noqa: E402 — after the module skips when chromium is missing

AGENCY = "某某市导出测试局"


@pytest.fixture(scope="module")
def workspace_server(tmp_path_factory, seed_tables):
    data = tmp_path_factory.mktemp("export-data")
    store = WorkspaceStore(data)
    ws = store.create(AGENCY, 2021)
    ws.tables_text = seed_tables.replace("(七) 总计\t0", "(七) 总计\t3", 1)  # 2019-layout tables with a 勾稽 error
    ws.drafts = {"overview": "2021年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。"}
    store.save(ws)
    server = AppServer(data)
    server.start()
    yield server, ws
    server.stop()


def test_export_tab_tells_the_truth_and_exports_the_pasted_layout(workspace_server, browser, tmp_path):  # noqa: F811
    server, ws = workspace_server
    errors = len(review(from_workspace(ws)).errors)
    assert errors > 0
    page = browser.new_page()
    page.goto(server.url)
    open_workspace(page, ws.label)
    page.get_by_role("tab", name="导出").click()
    status = page.locator("#export-status")
    expect(status).to_contain_text(f"导出前检查：含 {errors} 个错误", timeout=20000)
    expect(status).to_contain_text("（七）总计")
    expect(status).to_contain_text("尚未定稿的部分：“开头说明”、“五、存在的主要问题及改进情况”、“六、其他需要报告的事项”")
    assert not re.search(r"\b(intro|problems|other|overview)\b", status.inner_text())

    page.locator("#export-docx").click()
    expect(status).to_contain_text(f"已导出 {AGENCY}2021年政府信息公开工作年度报告.docx（含 {errors} 个错误）",
                                   timeout=30000)
    target = download(page, "#export-file", tmp_path / "export.docx")
    ts, report = load(target)
    assert report is not None and ts.layout == "2019"  # as pasted, not the year's 2021 layout
    assert values_of(ts) == values_of(parse_tables(ws.tables_text, year=2021))
    assert ts.cell("二(九)", "procurement", "purchase_amount").raw == "11,561,862,563.21"

    if office() is not None:
        page.locator("#export-pdf").click()
        expect(status).to_contain_text(f"{AGENCY}2021年政府信息公开工作年度报告.pdf（含 {errors} 个错误）", timeout=180000)
    page.close()
