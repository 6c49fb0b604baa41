"""`assistant eval checks`: the checker measured on real published reports against hand-written sidecars.

The harness itself is tested on a small corpus written here; the real corpus (tests/real) is held to its committed
baseline: a slip the checker found before must still be found, and no new false 错误 may appear."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.errors import InputError
from assistant.evals.checks import Expectation, corpus_files, evaluate_doc, load_expectation, regressions, run_checks_eval
from assistant.findings import ERROR, WARNING, Finding
from assistant.report import read_report

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "real"
BASELINE = ROOT / "evals" / "baselines" / "checks.json"


def _expect(**kw) -> Expectation:
    return Expectation.model_validate({"source": "https://example.gov.cn/a.html", "form": "whole", "format": "web-text",
                                       "clean": False, **kw})


def test_a_slip_is_found_by_rule_table_and_number():
    expect = _expect(slips=[{"rule": "t3.balance", "table": "表三", "numbers": [12, 2, 15], "note": "12 + 2 ≠ 15"}])
    wrong_table = Finding(rule="t3.balance", severity=ERROR, table="表四", message="应为 15，实为 14")
    wrong_numbers = Finding(rule="t3.balance", severity=ERROR, table="表三", message="应为 7，实为 8")
    right = Finding(rule="t3.balance", severity=ERROR, table="表三", expected="15", actual="14", message="…")
    assert evaluate_doc("a", expect, [wrong_table, wrong_numbers]).missed == ["t3.balance：12 + 2 ≠ 15"]
    result = evaluate_doc("a", expect, [right, wrong_table])
    assert result.found == ["t3.balance：12 + 2 ≠ 15"] and result.missed == []
    assert result.false_errors == ["t3.balance：应为 15，实为 14"]  # the finding no slip explains


def test_same_slip_rules_and_out_of_scope():
    expect = _expect(slips=[{"rule": "cell.blank", "table": "表三"}, {"rule": "new.typo", "note": "“政复议”"}])
    result = evaluate_doc("a", expect, [Finding(rule="table.blank", severity=WARNING, table="表三", message="空白")])
    assert len(result.found) == 1 and result.out_of_scope == ["new.typo：“政复议”"]


def test_an_excerpt_may_say_once_that_it_is_incomplete():
    expect = _expect(form="excerpt", clean=True)
    once = [Finding(rule="report.truncated", severity=ERROR, message="报告不完整")]
    assert evaluate_doc("a", expect, once).false_errors == []
    twice = once + [Finding(rule="report.no_tables", severity=ERROR, message="没有统计表")]
    assert evaluate_doc("a", expect, twice).false_errors == ["report.no_tables：没有统计表"]
    rows = once + [Finding(rule="row.missing", severity=ERROR, message="缺少行")]
    assert evaluate_doc("a", expect, rows).false_errors == ["row.missing：缺少行"]
    assert evaluate_doc("a", _expect(clean=True), once).false_errors == ["report.truncated：报告不完整"]  # a whole report


def test_sidecars_are_validated_in_chinese(tmp_path):
    (tmp_path / "2023_某局.txt").write_text("报告", encoding="utf-8")
    (tmp_path / "2023_某局.expect.yaml").write_text("source: x\nform: whole\nformat: txt\nclean: true\nslipz: []\n",
                                                    encoding="utf-8")
    with pytest.raises(InputError, match="格式有误"):
        load_expectation(tmp_path / "2023_某局.expect.yaml")
    (tmp_path / "2023_某局.md").write_text("报告", encoding="utf-8")
    with pytest.raises(InputError, match="应有且只有一个同名的报告文件"):
        corpus_files(tmp_path)


def test_every_real_sidecar_is_valid_and_cites_its_source():
    pairs = corpus_files(REAL)
    assert len(pairs) >= 40
    for doc, sidecar in pairs:
        expect = load_expectation(sidecar)
        assert expect.source.strip(), sidecar.name
        assert expect.clean == (not expect.slips), sidecar.name
        text = read_report(doc) if doc.suffix != ".pdf" else ""
        for slip in expect.slips:  # a quoted slip quotes the document word for word (“……” leaves words out)
            if slip.quote and text:
                for piece in slip.quote.split("……"):
                    assert piece.strip() in text, (sidecar.name, piece)


MIN_RECALL = 0.9  # issue 12's gate


def test_real_corpus_holds_its_baseline():
    run = run_checks_eval(REAL)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert regressions(run, baseline) == []
    assert run.found >= baseline["found"] and run.labelled == baseline["labelled_slips"]
    assert run.false_error_count <= baseline["false_errors"]


def test_real_corpus_meets_the_gate():
    """Recall ≥ 0.9 on the labelled slips, and no 错误 on any report a reviewer found clean."""
    run = run_checks_eval(REAL)
    assert run.recall >= MIN_RECALL, [m for d in run.docs for m in d.missed]
    assert run.clean_with_errors == [], [(d.name, d.false_errors) for d in run.docs if d.clean and d.false_errors]
    assert run.false_error_count == 0, [(d.name, d.false_errors) for d in run.docs if d.false_errors]
    assert sum(d.clean for d in run.docs) >= 20  # the clean reports are a real part of the corpus


def test_gate_fails_on_a_false_error_or_low_recall(tmp_path):
    (tmp_path / "2023_某局.txt").write_text("某局2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息 12 条。\n",
                                           encoding="utf-8")
    (tmp_path / "2023_某局.expect.yaml").write_text(yaml.safe_dump({
        "source": "https://example.gov.cn/1.html", "form": "whole", "format": "web-text", "clean": True},
        allow_unicode=True), encoding="utf-8")
    run = run_checks_eval(tmp_path)  # a whole report without its sections and tables: 错误 on a “clean” report
    assert run.clean_with_errors == ["2023_某局.txt"]
    r = subprocess.run([sys.executable, "-m", "assistant", "eval", "checks", "--corpus", str(tmp_path), "--strict-clean"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 1 and "标为无问题却报了错误的报告：2023_某局.txt" in r.stdout


def test_cli_prints_recall_and_false_alarms(tmp_path):
    (tmp_path / "2023_某局.txt").write_text("某局2023年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息 12 条，包括：通知 5 条、动态 6 条。\n",
                                           encoding="utf-8")
    (tmp_path / "2023_某局.expect.yaml").write_text(yaml.safe_dump({
        "source": "https://example.gov.cn/1.html", "form": "excerpt", "format": "web-text", "clean": False,
        "slips": [{"rule": "prose.breakdown_sum", "numbers": [12, 11], "note": "5 + 6 ≠ 12"}]}, allow_unicode=True),
        encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "assistant", "eval", "checks", "--corpus", str(tmp_path), "--all",
                        "--min-recall", "1"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "召回率 1.000" in r.stdout and "标注问题 1 处，找到 1 处" in r.stdout
    r = subprocess.run([sys.executable, "-m", "assistant", "eval", "checks", "--corpus", str(tmp_path / "none")],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "找不到评测语料文件夹" in r.stderr
