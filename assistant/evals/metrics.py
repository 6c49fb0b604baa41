"""Deterministic metrics of one draft. Each is a share in [0, 1]; higher is better."""

from __future__ import annotations

import re

from ..layouts import Layout, get_layout, layout_for_year
from .cases import Case


_ARTICLE = re.compile(r"第[一二三四五六七八九十百]+条")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def number_fidelity(result) -> tuple[float, list[str]]:
    total = len(result.verified_numbers) + len(result.unverified_numbers)
    return (1.0 if total == 0 else len(result.verified_numbers) / total), list(result.unverified_numbers)


def fact_coverage(text: str, required: list[str]) -> tuple[float, list[str]]:
    body = _squash(text)
    missing = [r for r in required if _squash(r) not in body]
    return (1.0 if not required else 1 - len(missing) / len(required)), missing


def structure(text: str, section: str, layout: Layout, extra: list[str] | None = None) -> tuple[float, list[str]]:
    """What the draft of a part must show, in order (the layout's outline for the part; alternatives split by “|”)."""
    part = layout.part(section)
    outline = part.draft.outline if part is not None and part.draft is not None else []
    wanted = outline + (extra or [])
    pos, missing = 0, []
    for item in wanted:
        hits = [(text.find(alt, pos), alt) for alt in item.split("|")]
        hits = [(i, alt) for i, alt in hits if i >= 0]
        if not hits:
            missing.append(item)
            continue
        i, alt = min(hits)
        pos = i + len(alt)
    return (1.0 if not wanted else 1 - len(missing) / len(wanted)), missing


def length_ok(text: str, bounds: list[int] | None) -> tuple[float, int]:
    n = len(_squash(text))
    if not bounds:
        return 1.0, n
    lo, hi = bounds
    return (1.0 if lo <= n <= hi else 0.0), n


def banned(text: str, phrases: list[str]) -> tuple[float, list[str]]:
    found = [p for p in phrases if p in text]
    return (1.0 if not found else 0.0), found


def citation_validity(result, text: str, kb=None) -> tuple[float, list[str]]:
    """Every cited source exists in the index (same text), and every article the draft names is among the
    cited articles and says what it is cited for."""
    problems: list[str] = []
    sources = result.sources
    if kb is not None and sources:
        got = kb.collection.get(ids=[s.chunk_id for s in sources], include=["metadatas", "documents"])
        found = dict(zip(got["ids"], zip(got["metadatas"], got["documents"])))
        for s in sources:
            meta_doc = found.get(s.chunk_id)
            if meta_doc is None:
                problems.append(f"出处不在知识库中：{s.citation}")
                continue
            meta, doc = meta_doc
            if s.kind == "article" and not (meta.get("article") and s.citation.endswith(meta["article"])
                                                and doc.startswith(meta["article"])):
                problems.append(f"条文出处与条号不符：{s.citation}")
    cited_articles = {s.citation.rsplit("》", 1)[-1] for s in sources if s.kind == "article"}
    for article in set(_ARTICLE.findall(text)):
        if article not in cited_articles:
            problems.append(f"草稿引用了未检索到的{article}")
    checks = len(sources) + len(set(_ARTICLE.findall(text)))
    return (1.0 if checks == 0 else max(0.0, 1 - len(problems) / checks)), problems


METRICS = ("number_fidelity", "fact_coverage", "structure", "length", "banned_phrases", "citation_validity")


def score_draft(case: Case, result, kb=None) -> dict:
    expect = case.expect
    text = result.text
    layout = get_layout(case.facts["layout"]) if case.facts.get("layout") else layout_for_year(int(case.facts["year"]))
    nf, unbacked = number_fidelity(result)
    fc, missing = fact_coverage(text, expect.required_facts)
    st, missing_structure = structure(text, case.section, layout, expect.structure)
    ln, chars = length_ok(text, list(expect.length) if expect.length else None)
    bn, found = banned(text, expect.banned)
    cv, citation_problems = citation_validity(result, text, kb)
    return {
        "metrics": {"number_fidelity": nf, "fact_coverage": fc, "structure": st, "length": ln,
                    "banned_phrases": bn, "citation_validity": cv},
        "details": {"unbacked_numbers": unbacked, "missing_facts": missing, "missing_structure": missing_structure,
                    "chars": chars, "banned_found": found, "citation_problems": citation_problems},
    }
