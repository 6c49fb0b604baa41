"""The guard eval: correct reference drafts (the offline drafts of evals/cases, and the model-like drafts of
evals/guard) are run through the drafter with a mistake-injector model double, one realistic error at a time;
recall is the share of injected errors the guard flags, per kind, and the false-flag rate the share of clean
reference drafts it flags."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from ..drafting.context import build_context
from ..drafting.draft import DraftResult, draft_section
from ..drafting.facts import Facts, parse_facts
from ..errors import InputError
from ..llm.mistakes import KINDS, Injection, MistakeModel, Truth, inject
from ..llm.testing import FunctionModel
from ..text import nfkc
from .cases import load_cases

PLACES_PER_KIND = 4  # injections of one kind into one reference, at most


@dataclass
class Reference:
    id: str
    section: str
    facts: Facts
    text: str


def load_references(evals_dir: Path, prompts_dir: Path) -> list[Reference]:
    out = []
    for case in load_cases(Path(evals_dir) / "cases"):
        facts = parse_facts(case.facts, f"用例 {case.id}")
        offline = draft_section(facts, case.section, None, prompts_dir=prompts_dir)
        out.append(Reference(f"offline:{case.id}", case.section, facts, offline.text))
    for path in sorted((Path(evals_dir) / "guard").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not {"section", "facts", "draft"} <= set(data):
            raise InputError(f"防护评测参考稿 {path} 应包含 section、facts、draft", where=str(path))
        facts = parse_facts(data["facts"], str(path))
        out.append(Reference(path.stem, data["section"], facts, data["draft"]))
        offline = draft_section(facts, data["section"], None, prompts_dir=prompts_dir)
        out.append(Reference(f"offline:{path.stem}", data["section"], facts, offline.text))
    return out


def truth_of(ref: Reference) -> Truth:
    ctx = build_context(ref.facts, ref.section)
    t = Truth(year=ref.facts.year)
    for s in ctx.backing.sources:
        key = s.claim.key
        t.values.add(key)
        if s.claim.subject:
            t.by_subject.setdefault(s.claim.subject, set()).add(key)
        if s.claim.kind == "article":
            t.articles.add(key)
        if s.label == "统计表" and isinstance(s.claim.value, Decimal) and s.claim.value not in t.table_values:
            t.table_values.append(s.claim.value)
    t.table_figures = {k: f.value for k, f in ctx.backing.table_figures.items()}
    return t


def flagged(result: DraftResult, injection: Injection) -> bool:
    marker = nfkc(injection.marker).replace(" ", "")
    for u in result.unverified_numbers:
        u = nfkc(u).replace(" ", "")
        if u and (u in marker or marker in u):
            return True
    return any(marker in nfkc(f.quote or "").replace(" ", "") or marker in nfkc(f.message).replace(" ", "")
               for f in result.table_findings)


def _replying(text: str):
    def reply(_messages) -> str:
        return text

    return reply


def run_guard_eval(evals_dir: Path, prompts_dir: Path) -> dict:
    refs = load_references(evals_dir, prompts_dir)
    per_kind: dict[str, dict[str, float]] = {k: {"injected": 0, "flagged": 0} for k in KINDS}
    misses: list[dict] = []
    clean_flagged: list[dict] = []
    for ref in refs:
        clean = draft_section(ref.facts, ref.section, FunctionModel(_replying(ref.text), name="reference"),
                              prompts_dir=prompts_dir)
        if clean.flagged:
            clean_flagged.append({"reference": ref.id, "numbers": clean.number_problems,
                                  "tables": [f.message for f in clean.table_findings]})
        truth = truth_of(ref)
        for kind in KINDS:
            for i in range(PLACES_PER_KIND):
                inj = inject(ref.text, kind, i, truth)
                if inj is None:
                    break
                result = draft_section(ref.facts, ref.section, MistakeModel(inj), prompts_dir=prompts_dir)
                per_kind[kind]["injected"] += 1
                if flagged(result, inj):
                    per_kind[kind]["flagged"] += 1
                else:
                    misses.append({"reference": ref.id, "kind": kind, "change": inj.note})
    injected = sum(k["injected"] for k in per_kind.values())
    caught = sum(k["flagged"] for k in per_kind.values())
    for k in per_kind.values():
        k["recall"] = round(k["flagged"] / k["injected"], 4) if k["injected"] else 0.0
    ffr = round(len(clean_flagged) / len(refs), 4) if refs else 0.0
    metrics = {"guard_recall": round(caught / injected, 4) if injected else 0.0, "guard_clean_rate": round(1 - ffr, 4)}
    metrics.update({f"guard_recall_{k}": v["recall"] for k, v in per_kind.items()})
    return {"metrics": metrics, "injected": injected, "flagged": caught, "kinds": per_kind,
            "references": len(refs), "false_flag_rate": ffr, "false_flags": clean_flagged, "misses": misses}
