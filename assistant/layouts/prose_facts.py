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
