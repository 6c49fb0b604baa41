"""Subjects and the table figures that hold them (claim_words.yaml `fact` → prose_facts.yaml)."""

from __future__ import annotations

from .words import claim_words


def subjects_of_fact(fact_id: str) -> list[str]:
    return [s.id for s in claim_words().subjects if s.fact == fact_id]
