"""Reviewer mode over several runs: the cache (a rerun reads nothing unchanged), decisions made in the CSV (a
dismissed finding stays dismissed while its report is unchanged and returns when it changes), the CLI and its
errors, and the thresholds file."""

from __future__ import annotations

import csv
import os

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.review import review
from assistant.review.decisions import DECISIONS_NAME, set_decision
from tests.review_factory import CITY, make_region


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return make_region(tmp_path_factory.mktemp("cycle"), "2021", seed=11, formats=("txt",))


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _run(region, out):
    return review([region.this_dir], out=out, last_year=[region.last_dir], parent=str(region.mapping), jobs=1)


def test_dismiss_rerun_change_cycle(region, tmp_path):
    out = tmp_path / "审阅"
    copied = next(a for a, r in region.planted.items() if r == "review.copied_prose")
    first = _run(region, out)
    assert first.processed == len(region.files) * 2 - 1 and first.cached == 0  # 档案馆 has no last year's report
    before = {i.fingerprint: i for i in first.agency(copied).items}
    rows = _rows(out / DECISIONS_NAME)
    target = next(r for r in rows if r["机关"] == copied and r["规则"] == "review.copied_prose")
    target["决定"], target["理由"] = "不是问题", "该段为本单位固定表述"
    confirm = next(r for r in rows if r["机关"] == CITY)
    confirm["决定"] = "确认"
    _write(out / DECISIONS_NAME, rows)

    second = _run(region, out)  # nothing changed: nothing read again, the same fingerprints, the decisions applied
    assert second.processed == 0
    assert sorted(p.name for p in second.written) == sorted([f"{copied}.docx", f"{copied}.xlsx", f"{CITY}.docx",
                                                              f"{CITY}.xlsx", "审阅总览.html", "审阅总览.xlsx"])
    items = {i.fingerprint: i for i in second.agency(copied).items}
    assert items.keys() == before.keys()
    assert items[target["指纹"]].dismissed and items[target["指纹"]].reason == "该段为本单位固定表述"
    assert second.agency(copied).count("提醒") == first.agency(copied).count("提醒") - 1
    assert any(i.decision == "确认" for i in second.agency(CITY).items)
    assert second.agency(CITY).count("错误") == first.agency(CITY).count("错误")  # confirmed still counts
    kept = {r["指纹"]: r for r in _rows(out / DECISIONS_NAME)}
    assert kept[target["指纹"]]["决定"] == "不是问题"  # the CSV keeps what the reviewer wrote

    path = region.files[copied]
    os.utime(path, (1_600_000_000, 1_600_000_000))  # touched, same bytes: not checked again
    same = _run(region, out)
    assert same.processed == 0 and same.written == []  # nothing to write again either

    path.write_text(path.read_text(encoding="utf-8").replace("本年度未收取信息处理费。", "本年度未收取任何信息处理费。"),
                    encoding="utf-8")
    third = _run(region, out)  # the report changed: read again, and the dismissed finding returns
    assert third.processed == 1
    item = next(i for i in third.agency(copied).items if i.fingerprint == target["指纹"])
    assert not item.dismissed and item.decision == ""
    assert third.agency(copied).count("提醒") == first.agency(copied).count("提醒")
    assert any(i.decision == "确认" for i in third.agency(CITY).items)  # other reports' decisions stand
    assert any(str(p).endswith(f"{copied}.docx") for p in third.written)


def test_set_decision_records_one_finding(region, tmp_path):
    out = tmp_path / "审阅"
    first = _run(region, out)
    item = first.agency(CITY).items[0]
    set_decision(out / DECISIONS_NAME, item.fingerprint, "不是问题", "汇总口径不同")
    again = _run(region, out)
    assert next(i for i in again.agency(CITY).items if i.fingerprint == item.fingerprint).dismissed


def test_cli_review_and_its_errors(region, tmp_path):
    out = tmp_path / "审阅"
    runner = CliRunner()
    res = runner.invoke(app, ["review", str(region.this_dir), "--last-year", str(region.last_dir), "--parent",
                              str(region.mapping), "-o", str(out), "--jobs", "1"])
    assert res.exit_code == 1, res.output  # the planted 错误
    assert "与上年报告配对 23 份" in res.output and "汇总核对：某某市，成员单位 22 个" in res.output
    rows = _rows(out / DECISIONS_NAME)
    rows[0]["决定"] = "算了"
    _write(out / DECISIONS_NAME, rows)
    res = runner.invoke(app, ["review", str(region.this_dir), "-o", str(out)])
    assert res.exit_code == 2 and "第 2 行“决定”一栏为“算了”" in res.output
    res = runner.invoke(app, ["review", str(region.this_dir), "-o", str(tmp_path / "b"), "--parent", "不存在的机关"])
    assert res.exit_code == 2 and "不存在的机关" in res.output
    res = runner.invoke(app, ["review", str(tmp_path / "nowhere"), "-o", str(tmp_path / "c")])
    assert res.exit_code == 2 and "不存在" in res.output


def test_thresholds_come_from_the_config_file(region, tmp_path):
    cfg = tmp_path / "阈值.yaml"
    cfg.write_text("repetition:\n  share: 1.01\nmin_denominator: 100000\n", encoding="utf-8")
    result = review([region.this_dir], out=tmp_path / "o", last_year=[region.last_dir], jobs=1, config_path=cfg,
                    write=False)
    found = {i.finding.rule for a in result.agencies for i in a.items}
    assert "review.copied_prose" not in found and not any(r.startswith("review.indicator.") for r in found)
    assert "xyear.carry_over" in found and "review.zero_table" in found
    cfg.write_text("repetition: [1, 2]\n", encoding="utf-8")
    with pytest.raises(Exception, match="审阅设置有误：repetition"):
        review([region.this_dir], out=tmp_path / "o", jobs=1, config_path=cfg, write=False)
