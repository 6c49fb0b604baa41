"""Prompt regression evals: the committed offline baseline holds; a broken prompt regresses against an in-process
model that drafts from the facts it is given."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.drafting.context import Source
from assistant.evals.metrics import banned, citation_validity, fact_coverage, length_ok, structure
from assistant.errors import InputError
from assistant.layouts import get_layout
from assistant.llm import ModelFault
from assistant.llm.testing import FunctionModel
from tests.echo_model import echo_model

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def eval_kb():
    """The knowledge base the evals use (as `assistant eval` builds it): (kb, retriever)."""
    from assistant.evals.retrieval import eval_index
    from assistant.settings import Settings

    tmp, kb, retriever = eval_index(Settings())
    with tmp:
        yield kb, retriever


def run(*args, env=None):
    base = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**base, **(env or {})}, timeout=600)


def test_cases_cover_every_section_and_both_layouts():
    from assistant.evals.drafting import cases_dir, load_cases
    from assistant.settings import Settings

    cases = load_cases(cases_dir(Settings()))
    assert len(cases) >= 30
    assert {c.section for c in cases} == {"intro", "overview", "problems", "other"}
    assert {str(c.facts["layout"]) for c in cases} == {"2019", "2021"}
    ids = {c.id for c in cases}
    assert {"overview-many-numbers", "overview-zero-applications", "overview-review-cases", "overview-tempt-exaggerate"} <= ids


def test_offline_suite_matches_committed_baseline(tmp_path):
    r = run("eval", "all", "--baseline", "evals/baselines/offline.json", "--json", "--out", str(tmp_path / "run"),
            env={"ASSISTANT_DATA_DIR": str(tmp_path / "data")})
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout)
    assert out["regressions"] == [] and out["cases"] >= 30 and out["model"] == "离线起草"
    assert out["metrics"]["number_fidelity"] == 1.0 and out["metrics"]["retrieval_recall_at_5"] >= 0.9
    assert out["wall_seconds"] < 60  # target < 30 s; the bound here only guards against a hang
    files = sorted(p.name for p in (tmp_path / "run").iterdir())
    assert "summary.json" in files and "overview-many-numbers.json" in files


def test_broken_prompt_regresses(tmp_path, eval_kb):
    from assistant.evals import drafting as ev
    from assistant.evals.compare import compare_runs

    kb, retriever = eval_kb
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    model = echo_model("echo-model")
    good = ev.run_drafting(model, prompts_dir=prompts, concurrency=4, retriever=retriever, kb=kb)
    ev.write_run(good, tmp_path / "good")
    baseline = ev.baseline_of(good)
    summary = json.loads((tmp_path / "good" / "summary.json").read_text(encoding="utf-8"))
    assert summary["model"] == "echo-model" and summary["faults"] == 0
    assert summary["metrics"]["fact_coverage"] > 0.8 and len(model.requests) >= summary["cases"]
    assert ev.regressions(good, baseline) == []

    broken = tmp_path / "broken-prompts"  # a folder of its own: prompt files are cached by path
    shutil.copytree(ROOT / "prompts", broken)
    shutil.copy(ROOT / "tests" / "fixtures" / "broken_overview.md", broken / "overview.md")
    bad = ev.run_drafting(model, prompts_dir=broken, retriever=retriever, kb=kb)
    ev.write_run(bad, tmp_path / "bad")
    problems = ev.regressions(bad, baseline)
    assert any("fact_coverage" in p for p in problems)
    assert "overview@v99" in " ".join(bad.summary["prompt_versions"])

    page = compare_runs(tmp_path / "good", tmp_path / "bad")
    assert "overview-many-numbers" in page and "overview@v99" in page and "system@v1+overview@v1" in page
    assert 'class="down"' in page and "<script" not in page


def test_cli_eval_fails_on_regression_and_updates_baseline(tmp_path):
    baseline = tmp_path / "offline-baseline.json"
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    first = run("eval", "drafting", "--update-baseline", "--baseline", str(baseline), "--out", str(tmp_path / "a"), env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["model"] == "离线起草" and data["cases"]["overview-basic"]["fact_coverage"] <= 1.0
    data["cases"]["overview-basic"]["fact_coverage"] = 1.5  # a baseline no draft can reach
    baseline.write_text(json.dumps(data), encoding="utf-8")
    again = run("eval", "drafting", "--baseline", str(baseline), "--json", "--out", str(tmp_path / "b"), env=env)
    assert again.returncode == 1, again.stdout + again.stderr
    got = json.loads((tmp_path / "b" / "overview-basic.json").read_text(encoding="utf-8"))["metrics"]["fact_coverage"]
    assert json.loads(again.stdout)["regressions"] == [f"用例 overview-basic 的 fact_coverage：1.500 → {got:.3f}"]


def test_model_faults_are_recorded_not_fatal(tmp_path, eval_kb):
    from assistant.evals import drafting as ev

    kb, retriever = eval_kb

    def down(messages):
        raise ModelFault("服务端错误（500）")

    run_ = ev.run_drafting(FunctionModel(down), retriever=retriever, kb=kb)
    ev.write_run(run_, tmp_path / "run")
    assert run_.summary["faults"] == run_.summary["cases"] >= 30
    case = json.loads((tmp_path / "run" / "overview-basic.json").read_text(encoding="utf-8"))
    assert "服务端错误（500）" in case["runs"][0]["fault"] and case["runs"][0]["offline"]


def test_compare_highlights_unbacked_numbers(tmp_path):
    from assistant.evals.compare import compare_runs

    for name, text, unbacked in (("a", "全年公开 1520 条。", []), ("b", "全年公开 1620 条。", ["1620"])):
        folder = tmp_path / name
        folder.mkdir()
        metrics = {"number_fidelity": 1.0 if not unbacked else 0.0, "fact_coverage": 1.0, "structure": 1.0, "length": 1.0,
                   "banned_phrases": 1.0, "citation_validity": 1.0}
        (folder / "summary.json").write_text(json.dumps({"metrics": metrics, "model": "m", "prompt_versions": [f"p@{name}"]}))
        (folder / "c1.json").write_text(json.dumps({"id": "c1", "metrics": metrics, "runs": [
            {"text": text, "prompt_version": f"p@{name}", "model": "m", "details": {"unbacked_numbers": unbacked}}]}))
    page = compare_runs(tmp_path / "a", tmp_path / "b")
    assert '<mark title="找不到依据">1620</mark>' in page and "p@a" in page and "p@b" in page
    assert "1.000 → 0.000" in page


def test_metrics():
    assert structure("（一）甲（二）乙（三）丙（四）丁（五）戊", "overview", get_layout("2021"))[0] == 1.0
    assert structure("（二）乙（一）甲", "overview", get_layout("2021"))[0] < 1.0  # order matters
    assert structure("存在不足。下一步将改进。", "problems", get_layout("2019"))[0] == 1.0
    assert structure("无。", "other", get_layout("2021")) == (0.0, ["信息处理费"])
    assert fact_coverage("全年公开 1520 条", ["1520条", "37 件"]) == (0.5, ["37 件"])
    assert banned("工作取得显著成效", ["显著成效"]) == (0.0, ["显著成效"])
    assert length_ok("一二三", [5, 10]) == (0.0, 3)

    class R:
        sources = [Source(citation="《条例》第五十条", chunk_id="x#1", snippet="", kind="article")]

    assert citation_validity(R(), "依据第五十条编制")[0] == 1.0
    score, problems = citation_validity(R(), "依据第五十条和第四十二条编制")
    assert score < 1.0 and "第四十二条" in problems[0]


def test_llm_judge_is_reported_apart(tmp_path, eval_kb):
    from assistant.evals import drafting as ev

    kb, retriever = eval_kb
    run_ = ev.run_drafting(echo_model(), concurrency=4, retriever=retriever, kb=kb, use_judge=True)
    out = run_.summary
    assert out["judge"] == {"style": 4.0, "register": 5.0, "concision": 3.0} and out["judge_errors"] == 0
    assert not set(out["judge"]) & set(out["metrics"])
    offline = run("eval", "drafting", "--judge", "--json", "--out", str(tmp_path / "off"),
                  env={"ASSISTANT_DATA_DIR": str(tmp_path / "data2")})
    assert json.loads(offline.stdout)["judge"] == {}  # no model, no judge


def test_eval_index_ids_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    from assistant.evals.retrieval import eval_index
    from assistant.settings import Settings

    monkeypatch.chdir(tmp_path)
    tmp, kb, _ = eval_index(Settings())
    with tmp:
        assert "reports/2021_大庆市公共资源交易中心.txt" in kb.manifest()
    assert Path.cwd() == tmp_path


def test_evals_and_corpus_folders_come_from_the_settings(tmp_path, monkeypatch):
    from assistant.evals.drafting import baseline_path, cases_dir, load_cases
    from assistant.evals.retrieval import eval_index, queries_path
    from assistant.settings import Settings

    evals, corpus = tmp_path / "evals", tmp_path / "corpus"
    (evals / "cases").mkdir(parents=True)
    for name in ("intro-street.yaml", "other-2021-fee.yaml"):
        shutil.copy(ROOT / "evals" / "cases" / name, evals / "cases" / name)
    shutil.copytree(ROOT / "corpus" / "regulations", corpus / "regulations")
    monkeypatch.setenv("ASSISTANT_EVALS_DIR", str(evals))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    settings = Settings()
    assert [c.id for c in load_cases(cases_dir(settings))] == ["intro-street", "other-2021-fee"]
    assert baseline_path(settings) == evals / "baselines" / "offline.json"
    assert queries_path(settings) == evals / "retrieval" / "queries.yaml"
    tmp, kb, _ = eval_index(settings)
    with tmp:
        assert sorted(kb.manifest()) == ["regulations/regulation-2019.md", "regulations/report-format-2019.md",
                                         "regulations/report-format-2021.md"]


def test_a_misspelt_case_key_is_an_error_naming_the_file(tmp_path):
    from assistant.evals.cases import load_cases

    (tmp_path / "overview-typo.yaml").write_text(
        "section: overview\nfacts: {agency: 某局, year: 2023}\nexpect:\n  required_fact: [1520 条]\n", encoding="utf-8")
    with pytest.raises(InputError, match="overview-typo.yaml 格式有误.*required_fact"):
        load_cases(tmp_path)
