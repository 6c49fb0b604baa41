"""Words agencies write in a table cell instead of a number (若干, 不详 …), as data (data/cell_words.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

DATA = Path(__file__).parent / "data" / "cell_words.yaml"


class CellWords(BaseModel):
    vague: frozenset[str] = frozenset()  # meant as a count, but not a number: the cell is there, not its value


@cache
def cell_words() -> CellWords:
    return CellWords.model_validate(yaml.safe_load(DATA.read_text(encoding="utf-8")) or {})
