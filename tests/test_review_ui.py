"""The 审阅 tab in headless Chromium: upload a region's files (this year's, last year's, the parent mapping), see the
charts and the per-agency list, dismiss a finding, rerun."""

from __future__ import annotations

import re

import pytest

from tests.review_factory import CITY, make_region
from tests.ui_support import AppServer, launch_browser

from playwright.sync_api import expect, sync_playwright  # after ui_support: it skips without chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    s = AppServer(tmp_path_factory.mktemp("data"))
    s.start()
    yield s.url
    s.stop()


@pytest.fixture(scope="module")
def page():
    with sync_playwright() as p:
        b = launch_browser(p)
        pg = b.new_page(viewport={"width": 1400, "height": 1000})
        yield pg
        b.close()


def test_review_tab_upload_dismiss_rerun(server, page, tmp_path):
    region = make_region(tmp_path, "2021", seed=5, formats=("txt",))
    page.goto(server)
    page.get_by_role("tab", name="审阅").click()
    page.locator("#review-this input[type=file]").set_input_files(sorted(str(p) for p in region.this_dir.iterdir()))
    page.locator("#review-last input[type=file]").set_input_files(sorted(str(p) for p in region.last_dir.iterdir()))
    page.locator("#review-parent-file input[type=file]").set_input_files(str(region.mapping))
    expect(page.locator("#review-this")).to_contain_text(f"{CITY}2023年", timeout=30000)
    page.locator("#review-run").click()
    summary = page.locator("#review-summary")
    expect(summary).to_contain_text("审阅 24 份报告", timeout=180000)
    expect(summary).to_contain_text("与上年报告配对 23 份")
    errors = int(re.search(r"错误 (\d+) 个", summary.inner_text()).group(1))
    assert page.locator("#review-charts svg").count() == 4
    expect(page.locator("#review-agencies")).to_contain_text("某某市公安局")
    findings = page.locator("#review-findings")
    expect(findings).to_contain_text("成员单位合计")  # the first agency shown: the summary report

    page.locator("#review-finding input").click()
    page.get_by_role("option").first.click()
    page.locator("#review-reason textarea").fill("汇总口径含直属单位")
    page.locator("#review-dismiss").click()
    expect(findings).to_contain_text("不是问题：汇总口径含直属单位", timeout=60000)
    expect(summary).to_contain_text(f"错误 {errors - 1} 个")
    assert findings.locator("tr.dismissed").count() == 1

    page.locator("#review-rerun").click()
    expect(summary).to_contain_text("新读取 0 份", timeout=60000)
    expect(summary).to_contain_text(f"错误 {errors - 1} 个")
    expect(findings.locator("tr.dismissed")).to_have_count(1)
    expect(page.locator("#review-downloads")).to_contain_text("审阅决定")
