"""Drafting eval: run every case in the evals folder's cases/ (Settings.evals_dir) through the drafter (a chat model, or offline with None), score it
with the deterministic metrics, write a run folder, and compare with a baseline."""

from __future__ import annotations

import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


from ..drafting.draft import draft_section
from ..drafting.facts import parse_facts
from ..llm import OFFLINE_MODEL, ChatModel
from .cases import Case, load_cases
from .metrics import METRICS, score_draft

DEFAULT_TOLERANCE = 0.02
# floors no baseline can lower (issue 14): the guard's recall over injected errors, and 1 − its false-flag rate
GUARD_FLOORS = {"guard_recall": 0.99, "guard_clean_rate": 0.99}


def cases_dir(settings) -> Path:
    return Path(settings.evals_dir) / "cases"


def baseline_path(settings) -> Path:
    """The committed offline baseline (what `assistant eval --update-baseline` writes by default)."""
    return Path(settings.evals_dir) / "baselines" / "offline.json"


@dataclass
class Run:
    cases: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    folder: Path | None = None


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def _one(case: Case, model: ChatModel | None, retriever, kb, prompts_dir: Path, repeat: int,
         use_judge: bool = False) -> dict:
    facts = parse_facts(case.facts, f"用例 {case.id}")
    runs = []
    for _ in range(repeat):
        result = draft_section(facts, case.section, model, retriever=retriever, prompts_dir=prompts_dir)
        scored = score_draft(case, result, kb)
        fault = result.notice if (model is not None and result.offline) else ""
        entry = {"text": result.text, "prompt_version": result.prompt_version, "model": result.model,
                 "offline": result.offline, "notice": result.notice, "fault": fault, "sources": [s.model_dump() for s in result.sources], **scored}
        if use_judge and model is not None and not result.offline:
            from .judge import judge

            entry["judge"] = judge(result.text, case.section, model, prompts_dir)
        runs.append(entry)
    metrics = {m: _mean([r["metrics"][m] for r in runs]) for m in METRICS}
    return {"id": case.id, "section": case.section, "layout": str(case.facts.get("layout", "")),
            "description": case.description, "metrics": metrics, "runs": runs}


def run_drafting(model: ChatModel | None, *, settings=None, cases: list[Case] | None = None, prompts_dir: Path | None = None,
                 repeat: int = 1,
                 concurrency: int = 1, retriever=None, kb=None, progress: bool = False, use_judge: bool = False) -> Run:
    from tqdm import tqdm

    if settings is None:
        from ..settings import get_settings

        settings = get_settings()
    cases = cases if cases is not None else load_cases(cases_dir(settings))
    prompts_dir = Path(prompts_dir or settings.prompts_dir)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [pool.submit(_one, c, model, retriever, kb, Path(prompts_dir), repeat, use_judge) for c in cases]
        results = [f.result() for f in tqdm(futures, desc="评测用例", unit="例", disable=not progress)]
    summary = {
        "metrics": {m: _mean([r["metrics"][m] for r in results]) for m in METRICS},
        "cases": len(results), "repeat": repeat,
        "faults": sum(1 for r in results for x in r["runs"] if x["fault"]),
        "model": OFFLINE_MODEL if model is None else model.name,
        "prompt_versions": sorted({x["prompt_version"] for r in results for x in r["runs"]}),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    judged = [x["judge"] for r in results for x in r["runs"] if "judge" in x and "error" not in x["judge"]]
    if use_judge:
        from .judge import CRITERIA

        # reported apart: never part of "metrics", never compared with a baseline
        summary["judge"] = {k: _mean([j[k] for j in judged]) for k in CRITERIA} if judged else {}
        summary["judge_errors"] = sum(1 for r in results for x in r["runs"] if "error" in x.get("judge", {}))
    return Run(results, summary)


def write_run(run: Run, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for case in run.cases:
        (folder / f"{case['id']}.json").write_text(json.dumps(case, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "summary.json").write_text(json.dumps(run.summary, ensure_ascii=False, indent=2), encoding="utf-8")
    run.folder = folder
    return folder


def default_run_folder(data_dir: Path) -> Path:
    return Path(data_dir) / "eval-runs" / datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def baseline_of(run: Run, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    return {"tolerance": tolerance, "model": run.summary.get("model"), "metrics": run.summary["metrics"],
            "cases": {c["id"]: c["metrics"] for c in run.cases}}


def regressions(run: Run, baseline: dict, tolerance: float | None = None) -> list[str]:
    """Every metric (overall, and per case) that fell more than the tolerance below the baseline, in Chinese."""
    tol = baseline.get("tolerance", DEFAULT_TOLERANCE) if tolerance is None else tolerance
    out = []
    for metric, old in baseline.get("metrics", {}).items():
        new = run.summary["metrics"].get(metric)
        if new is not None and new < old - tol:
            out.append(f"总体 {metric}：{old:.3f} → {new:.3f}（下降 {old - new:.3f}，容差 {tol}）")
    for metric, floor in GUARD_FLOORS.items():
        new = run.summary["metrics"].get(metric)
        if new is not None and new < floor:
            out.append(f"总体 {metric}：{new:.3f}，低于下限 {floor}")
    current = {c["id"]: c["metrics"] for c in run.cases}
    for case_id, old_metrics in baseline.get("cases", {}).items():
        if case_id not in current:
            continue
        for metric, old in old_metrics.items():
            new = current[case_id].get(metric)
            if new is not None and new < old - tol:
                out.append(f"用例 {case_id} 的 {metric}：{old:.3f} → {new:.3f}")
    return out
