"""Drafting eval cases (evals/cases/*.yaml) as typed models: a misspelt key is an error that names the file, never a
silently perfect score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, describe_validation


class Expect(BaseModel):
    """What a draft of the case must (and must not) contain; each drives one deterministic metric."""

    model_config = ConfigDict(extra="forbid")

    required_facts: list[str] = Field(default_factory=list)  # fact_coverage: each must appear (spaces ignored)
    banned: list[str] = Field(default_factory=list)  # banned_phrases
    length: tuple[int, int] | None = None  # length: characters without white space, inclusive bounds
    structure: list[str] = Field(default_factory=list)  # structure: beyond the layout's outline, in order


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    description: str = ""
    section: str  # the part to draft (intro, overview, problems, other)
    facts: dict[str, Any]  # a facts file's content (drafting.facts.parse_facts validates it)
    expect: Expect = Field(default_factory=Expect)


def load_cases(directory: Path) -> list[Case]:
    cases = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            cases.append(Case.model_validate({"id": path.stem, **(data or {})}))
        except yaml.YAMLError as exc:
            raise InputError(f"评测用例 {path} 不是有效的 YAML：{exc}", where=str(path)) from exc
        except ValidationError as exc:
            raise InputError(f"评测用例 {path} 格式有误：{describe_validation(exc)}", where=str(path)) from exc
    return cases
