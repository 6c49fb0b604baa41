"""The web app in headless Chromium (Debian's /usr/bin/chromium driven by Playwright)."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.ui_support import ROOT, AppServer, browser, create_workspace, download, open_workspace  # noqa: F401 — fixtures


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("data"))
    server.start()
    yield server
    server.stop()


@pytest.fixture()
def server(app_server):
    return app_server.url  # read at use: a restart moves the app to another port


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


AGENCY = "某某市测试局"
FACTS = "全年主动公开政府信息 1520 条\n新收政府信息公开申请 37 件，均按期答复\n政府网站政府信息公开专栏新增栏目 5 个"


def test_draft_overview_offline_then_export_and_restart(app_server, browser, tmp_path):
    page = browser.new_page()
    page.goto(app_server.url)
    expect(page.locator("#model-indicator")).to_contain_text("离线起草")
    create_workspace(page, AGENCY, 2023)

    page.get_by_role("tab", name="对话起草").click()
    page.locator("#draft-facts textarea").fill(FACTS)
    page.locator("#draft-contact textarea, #draft-contact input").first.fill("办公室，电话 0771-5881234")
    from assistant.workspace import WorkspaceStore

    deadline = time.time() + 20  # typed facts are saved as they are typed, before anything is sent
    while time.time() < deadline:
        saved = WorkspaceStore(app_server.data_dir).find(AGENCY)
        if saved.facts.get("overview") and saved.contact:
            break
        time.sleep(0.2)
    assert saved.facts["overview"][0] == "全年主动公开政府信息 1520 条" and saved.contact.startswith("办公室")
    page.locator("#draft-send").click()
    chat = page.locator("#draft-chat")
    lengths = []
    deadline = time.time() + 60
    while time.time() < deadline:
        lengths.append(len(chat.inner_text()))
        if "已完成" in page.locator("#draft-status").inner_text():
            break
        time.sleep(0.05)
    expect(chat).to_contain_text("（五）监督保障", timeout=30000)
    assert any(0 < a < lengths[-1] for a in lengths), lengths  # the text arrived in pieces
    expect(chat).to_contain_text("全年主动公开政府信息 1520 条")
    expect(page.locator("#draft-sources")).to_contain_text("《")
    expect(page.locator("#draft-check")).to_contain_text("全部有依据")
    page.locator("#draft-accept").click()
    expect(page.locator("#draft-status")).to_contain_text("已采用")

    page.get_by_role("tab", name="导出").click()
    page.locator("#export-docx").click()
    target = download(page, "#export-file", tmp_path / "export.docx")
    from docx import Document

    texts = [p.text for p in Document(target).paragraphs]
    assert texts[0] == f"{AGENCY}2023年政府信息公开工作年度报告"
    assert "一、总体情况" in texts and any("全年主动公开政府信息 1520 条" in t for t in texts)
    page.close()

    app_server.restart()  # everything comes back from the data directory
    page = browser.new_page()
    page.goto(app_server.url)
    open_workspace(page, f"{AGENCY} 2023 年度")
    page.get_by_role("tab", name="对话起草").click()
    expect(page.locator("#draft-chat")).to_contain_text("全年主动公开政府信息 1520 条", timeout=20000)
    assert "1520" in page.locator("#draft-facts textarea").input_value()
    page.close()


def test_report_check_tab(server, browser, tmp_path, seed_text):
    bad = tmp_path / "坏报告.txt"
    bad.write_text(seed_text.replace("发布其他工作动态、通知公告等信息 495 条", "发布其他工作动态、通知公告等信息 496 条"),
                   encoding="utf-8")
    good = tmp_path / "种子.txt"
    good.write_text(seed_text, encoding="utf-8")
    page = browser.new_page()
    page.goto(server)
    page.get_by_role("tab", name="报告检查").click()
    page.locator("#check-files input[type=file]").set_input_files([str(good), str(bad)])
    page.locator("#check-run").click()
    out = page.locator("#check-output")
    expect(out).to_contain_text("坏报告.txt", timeout=30000)
    expect(out).to_contain_text("分项 1837 条")
    expect(page.locator("#check-summary")).to_contain_text("大庆市公共资源交易中心")
    expect(page.locator("#check-csv a").first).to_be_visible()
    page.close()


def test_fact_contradicting_the_table_is_an_error_before_drafting(app_server, browser, seed_text, tmp_path):
    """Issue 14: facts say 新收 37 件, the pasted 表三 says 0 — a 错误 naming the cell, before and after drafting."""
    from assistant.workspace import WorkspaceStore

    agency = "某某市表格核对局"
    page = browser.new_page()
    page.goto(app_server.url)
    # the page first reopens the last workspace: let that load finish, or it may land after the one created here
    expect(page.locator("#draft-status")).to_contain_text("工作区", timeout=30000)
    page.wait_for_timeout(1500)
    create_workspace(page, agency, 2022)
    page.get_by_role("tab", name="统计表").click()
    page.wait_for_timeout(1000)  # the workspace's (empty) paste is loaded into the box first
    _fill_and_run(page, "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n")
    store = WorkspaceStore(app_server.data_dir)
    deadline = time.time() + 20
    while time.time() < deadline:
        saved = store.find(agency)
        if saved is not None and "本年新收" in saved.tables_text:
            break
        time.sleep(0.2)
    page.get_by_role("tab", name="对话起草").click()
    page.locator("#draft-facts textarea").fill("全年主动公开政府信息 1520 条\n新收政府信息公开申请 37 件，均按期答复")
    check = page.locator("#facts-check")
    expect(check).to_contain_text("1 处与统计表不符（错误）", timeout=20000)
    expect(check).to_contain_text("表三「一、本年新收政府信息公开申请数量」行「总计」列为 0")
    assert page.locator("#draft-chat").inner_text().count("新收") == 0  # nothing drafted yet
    page.locator("#draft-send").click()
    expect(page.locator("#draft-status")).to_contain_text("已完成", timeout=60000)
    after = page.locator("#draft-check")
    expect(after).to_contain_text("与统计表不符")
    expect(after).to_contain_text("表三「一、本年新收政府信息公开申请数量」行「总计」列为 0")
    last = tmp_path / "2021年报.txt"  # last year's report: the changes against it become citable
    last.write_text(seed_text, encoding="utf-8")
    page.locator("#draft-last-year input[type=file]").set_input_files(str(last))
    expect(page.locator("#draft-last-year-status")).to_contain_text("已导入上年年报（2021 年度，含统计表）", timeout=30000)
    expect(page.locator("#draft-last-year-status")).to_contain_text("本年新收政府信息公开申请与上年持平")
    assert "本年新收" in store.find(agency).last_year_text
    page.close()
