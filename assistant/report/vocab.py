"""The report parser's vocabulary (data/report_text.yaml): site chrome, mirror noise, where a year or an agency is named."""

from __future__ import annotations

import re
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from ..layouts import DATA


class ReportText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    chrome_lines: list[str]
    mirror_noise: list[str]
    year_titles: list[str]
    year_sentences: list[str]
    own_year: list[str]
    agency_sentences: list[str]
    agency_endings: list[str]
    regulation_name: str
    regulation_titles: str

    def compiled(self, name: str) -> re.Pattern[str]:
        return _compile(tuple(getattr(self, name)))


@cache
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def report_text() -> ReportText:
    return ReportText.model_validate(yaml.safe_load((DATA / "report_text.yaml").read_text(encoding="utf-8")))
