"""Statements in report prose that name a table cell or a sum of cells (“新收政府信息公开申请 37 件” → 表三
「一、本年新收」「总计」), as data (data/prose_facts.yaml). The report checker compares them with the tables;
the drafter lets the tables back the totals they name."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

DATA = Path(__file__).parent / "data" / "prose_facts.yaml"


class ProseFact(BaseModel):
    model_config = ConfigDict(ignored_types=(cached_property,), extra="forbid")

    id: str
    name: str  # what the statement counts, as findings name it
    patterns: list[str]  # regular expressions for the words before the number
    zero: list[str] = Field(default_factory=list)  # statements that the count is 0 (未收到…申请)
    table: str
    rows: list[str]  # rows missing from a layout are skipped
    columns: list[str]

    @model_validator(mode="before")
    @classmethod
    def _one_column(cls, data: dict) -> dict:
        if isinstance(data, dict) and "column" in data:
            data = {**data, "columns": [data["column"]]}
            del data["column"]
        return data

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The statement with its number: “新收政府信息公开申请 37 件”."""
        words = "|".join(self.patterns)
        return re.compile(rf"(?:{words})[^\d，。；、,;：:]{{0,6}}?[:：]?\s*(\d+)\s*(件|个|起)")

    @cached_property
    def zero_regex(self) -> re.Pattern[str] | None:
        return re.compile("|".join(self.zero)) if self.zero else None


@lru_cache(maxsize=1)
def prose_facts() -> tuple[ProseFact, ...]:
    return tuple(ProseFact.model_validate(f) for f in yaml.safe_load(DATA.read_text(encoding="utf-8")))


WORDS = Path(__file__).parent / "data" / "prose_words.yaml"


class Dimension(BaseModel):
    """One way a list of parts counts its figure (办理情况, 申请渠道 …)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    words: list[str]
    complete: list[list[str]] = Field(default_factory=list)


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: str
    covers: int


class OutcomeSplit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answered: str
    categories: int
    outcomes: list[Outcome]
    min_categories: int


class UpheldGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mention: str
    table: str
    row: str
    contradict: list[str]


class AllUpheld(BaseModel):
    model_config = ConfigDict(extra="forbid")

    words: str
    review: UpheldGroup
    litigation: UpheldGroup


class Breakdown(BaseModel):
    model_config = ConfigDict(extra="forbid")

    part_of: list[str]
    sum_to: list[str]
    non_exhaustive: str
    complete_part_of: int
    complete_share: float
    near_share: float


class Outline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    opens: str
    open_ended: str
    count: str
    extra_words: dict[str, list[str]]


class FigureMissing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    blank: str
    no_unit: str
    list_item: str  # an item of a “、” list that ends in its unit with no number (group 1: the unit)


class Interchangeable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[str]
    said: str


class RuleMakingRows(BaseModel):
    model_config = ConfigDict(extra="forbid")

    table: str
    rows: list[str]


class SameFigure(BaseModel):
    """One figure the report states more than once (what a channel published): `patterns` capture the channel
    (group “what”) and the number (group “n”); `suffixes` are dropped from the channel before two are compared."""

    model_config = ConfigDict(extra="forbid")

    patterns: list[str]
    suffixes: list[str]


class ProseWords(BaseModel):
    """The vocabulary of the prose checks (data/prose_words.yaml)."""

    model_config = ConfigDict(extra="forbid")

    count_units: list[str]
    interchangeable_units: list[Interchangeable]
    breakdown: Breakdown
    dimensions: list[Dimension]
    outcome_split: OutcomeSplit
    share_words: str
    share_tolerance: float
    all_upheld: AllUpheld
    outline: Outline
    kinds_count: str
    figure_missing: FigureMissing
    empty_section_words: list[str]
    must_say: list[str]
    no_rule_making: str
    rule_making_rows: RuleMakingRows
    same_figure: SameFigure


@lru_cache(maxsize=1)
def prose_words() -> ProseWords:
    return ProseWords.model_validate(yaml.safe_load(WORDS.read_text(encoding="utf-8")))
