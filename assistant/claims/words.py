"""The claim vocabulary (layouts/data/claim_words.yaml) as a typed model."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

DATA = Path(__file__).resolve().parent.parent / "layouts" / "data" / "claim_words.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", ignored_types=(cached_property,))


class Qualifier(_Model):
    id: str
    words: str

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.words)


class Subject(_Model):
    id: str
    name: str
    words: str
    fact: str | None = None  # the prose fact whose table cells hold this figure
    units: list[str] = Field(default_factory=list)  # only counts in these units (empty: any)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.words)


class YearContext(_Model):
    last: str
    next: str


class ClaimWords(_Model):
    count_units: list[str]
    unit_groups: list[list[str]]
    money_units: dict[str, int]
    multipliers: dict[str, int]
    qualifiers: list[Qualifier]
    approximate: list[str]
    subjects: list[Subject]
    generic_bigrams: list[str]
    year_context: YearContext
    period_dates: list[str]
    enumeration: str

    @cached_property
    def subject_index(self) -> dict[str, Subject]:
        return {s.id: s for s in self.subjects}

    def compatible(self, a: str, b: str) -> bool:
        """Whether counts in units a and b count the same thing ("" is a table cell: any count unit)."""
        if a == b or not a or not b:
            return True
        return any(a in g and b in g for g in self.unit_groups)


@lru_cache(maxsize=1)
def claim_words() -> ClaimWords:
    return ClaimWords.model_validate(yaml.safe_load(DATA.read_text(encoding="utf-8")))
