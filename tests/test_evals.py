"""Prompt regression evals: the committed offline baseline holds; a broken prompt regresses against a stub model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


from assistant.evals.metrics import banned, citation_validity, fact_coverage, length_ok, structure
from tests.stub_openai import StubOpenAI

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    base = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=ROOT,
                          env={**base, **(env or {})}, timeout=600)


def test_cases_cover_every_section_and_both_layouts():
    from assistant.evals.drafting import cases_dir, load_cases
    from assistant.settings import Settings

    cases = load_cases(cases_dir(Settings()))
    assert len(cases) >= 30
    assert {c["section"] for c in cases} == {"intro", "overview", "problems", "other"}
    assert {str(c["facts"]["layout"]) for c in cases} == {"2019", "2021"}
    ids = {c["id"] for c in cases}
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


def test_broken_prompt_regresses_against_stub_model(tmp_path):
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    with StubOpenAI(echo_facts=True) as stub:
        env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "OPENAI_BASE_URL": stub.base_url, "OPENAI_API_KEY": "k",
               "ASSISTANT_MODEL": "stub-model", "ASSISTANT_RETRY_BACKOFF": "0.01"}
        baseline = tmp_path / "stub-baseline.json"
        good = run("eval", "drafting", "--prompts", str(prompts), "--update-baseline", "--baseline", str(baseline),
                   "--out", str(tmp_path / "good"), "--concurrency", "4", env=env)
        assert good.returncode == 0, good.stdout + good.stderr
        summary = json.loads((tmp_path / "good" / "summary.json").read_text(encoding="utf-8"))
        assert summary["model"] == "stub-model" and summary["faults"] == 0
        assert summary["metrics"]["fact_coverage"] > 0.8 and stub.requests

        shutil.copy(ROOT / "tests" / "fixtures" / "broken_overview.md", prompts / "overview.md")
        bad = run("eval", "drafting", "--prompts", str(prompts), "--baseline", str(baseline), "--json",
                  "--out", str(tmp_path / "bad"), env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    out = json.loads(bad.stdout)
    assert any("fact_coverage" in p for p in out["regressions"])
    assert "overview@v99" in " ".join(out["prompt_versions"])

    cmp = run("eval", "compare", str(tmp_path / "good"), str(tmp_path / "bad"), "-o", str(tmp_path / "cmp.html"))
    assert cmp.returncode == 0, cmp.stderr
    page = (tmp_path / "cmp.html").read_text(encoding="utf-8")
    assert "overview-many-numbers" in page and "overview@v99" in page and "system@v1+overview@v1" in page
    assert 'class="down"' in page and "<script" not in page


def test_model_faults_are_recorded_not_fatal(tmp_path):
    with StubOpenAI() as stub:
        stub.script = [{"status": 500}] * 500
        env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "OPENAI_BASE_URL": stub.base_url, "OPENAI_API_KEY": "k",
               "ASSISTANT_MAX_RETRIES": "0"}
        r = run("eval", "drafting", "--json", "--out", str(tmp_path / "run"), env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["faults"] == out["cases"] >= 30
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
    assert structure("（一）甲（二）乙（三）丙（四）丁（五）戊", "overview", "2021")[0] == 1.0
    assert structure("（二）乙（一）甲", "overview", "2021")[0] < 1.0  # order matters
    assert structure("存在不足。下一步将改进。", "problems", "2019")[0] == 1.0
    assert structure("无。", "other", "2021") == (0.0, ["信息处理费"])
    assert fact_coverage("全年公开 1520 条", ["1520条", "37 件"]) == (0.5, ["37 件"])
    assert banned("工作取得显著成效", ["显著成效"]) == (0.0, ["显著成效"])
    assert length_ok("一二三", [5, 10]) == (0.0, 3)

    class R:
        sources = [{"citation": "《条例》第五十条", "chunk_id": "x#1", "kind": "article"}]

    assert citation_validity(R(), "依据第五十条编制")[0] == 1.0
    score, problems = citation_validity(R(), "依据第五十条和第四十二条编制")
    assert score < 1.0 and "第四十二条" in problems[0]


def test_llm_judge_is_reported_apart(tmp_path):
    with StubOpenAI(echo_facts=True) as stub:
        env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "OPENAI_BASE_URL": stub.base_url, "OPENAI_API_KEY": "k"}
        r = run("eval", "drafting", "--judge", "--json", "--concurrency", "4", "--out", str(tmp_path / "run"), env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
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
    assert [c["id"] for c in load_cases(cases_dir(settings))] == ["intro-street", "other-2021-fee"]
    assert baseline_path(settings) == evals / "baselines" / "offline.json"
    assert queries_path(settings) == evals / "retrieval" / "queries.yaml"
    tmp, kb, _ = eval_index(settings)
    with tmp:
        assert sorted(kb.manifest()) == ["regulations/regulation-2019.md", "regulations/report-format-2019.md",
                                         "regulations/report-format-2021.md"]
