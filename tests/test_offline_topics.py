"""The offline drafter puts each fact under the right 总体情况 sub-heading (issue 14), by the keyword classifier in
prompts/offline_phrases.yaml; checked on every facts file in evals/ against the labels in evals/facts/topics.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant.drafting.draft import draft_section
from assistant.drafting.facts import parse_facts
from assistant.drafting.offline import TOPIC_ORDER, classify
from assistant.drafting.prompts import offline_phrases

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals"


def _key(bullet: str) -> str:
    return re.sub(r"\d[\d,.]*", "#", bullet)


def _labels() -> dict[str, str]:
    data = yaml.safe_load((EVALS / "facts" / "topics.yaml").read_text(encoding="utf-8"))
    return {k: topic for topic, keys in data.items() for k in keys}


def _facts_files():
    for path in sorted(EVALS.glob("cases/*.yaml")) + sorted(EVALS.glob("guard/*.yaml")) + sorted(EVALS.glob("facts/seed*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield path, data["facts"] if isinstance(data.get("facts"), dict) and "agency" in data["facts"] else data


def _under(text: str, topic: str) -> str:
    """The paragraph of the offline overview under a sub-heading."""
    start = text.index(f"）{topic}\n")
    nxt = [text.find(f"）{t}\n") for t in TOPIC_ORDER if text.find(f"）{t}\n") > start]
    return text[start:min(nxt) if nxt else len(text)]


def test_every_overview_fact_in_evals_lands_under_its_sub_heading():
    labels, phrases = _labels(), offline_phrases(ROOT / "prompts")
    checked = 0
    for path, data in _facts_files():
        bullets = (data.get("facts") or {}).get("overview") or []
        if not bullets:
            continue
        facts = parse_facts(data, str(path))
        text = draft_section(facts, "overview", None).text
        for b in bullets:
            want = labels.get(_key(b))
            assert want is not None, f"{path.name}: “{b}” has no label in evals/facts/topics.yaml"
            assert classify(b, phrases) == want, (path.name, b)
            assert b.rstrip("。；") in _under(text, want), (path.name, b, want)
            checked += 1
    assert checked >= 60


def test_carried_over_requests_are_requests():
    phrases = offline_phrases(ROOT / "prompts")
    assert classify("结转下年度继续办理 3 件", phrases) == "依申请公开"
    assert classify("新收政府信息公开申请 37 件", phrases) == "依申请公开"  # not 主动公开 for its “信息”
    assert classify("政务新媒体发布信息 860 条", phrases) == "政府信息公开平台建设"
    assert classify("动态调整主动公开目录 2 次", phrases) == "政府信息管理"
    assert classify("群众满意度较高", phrases) == "监督保障"
