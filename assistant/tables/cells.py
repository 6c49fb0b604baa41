"""One table cell as typed: a number, or one of the distinct non-numbers (blank, —, /, 不适用, 无)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel

from ..layouts.cell_words import cell_words
from ..text import nfkc

CellKind = Literal["number", "blank", "missing", "dash", "slash", "not_applicable", "none", "invalid", "unsplit"]

KIND_NAMES: dict[str, str] = {
    "number": "数字",
    "blank": "空白",
    "missing": "缺失",
    "dash": "“—”",
    "slash": "“/”",
    "not_applicable": "“不适用”",
    "none": "“无”",
    "invalid": "无法识别的内容",
    "unsplit": "连写、无法拆分的数字",
}

UNITS = ("万元", "元", "件", "条", "个", "项", "次", "%")
_NUMBER = re.compile(
    r"^(?P<sign>[+-])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>" + "|".join(UNITS) + r")?$"
)
_DASH = re.compile(r"^[-‐‑‒–—―─━~～]{1,2}$")
_SLASH = re.compile(r"^[/\\]$")
_ORDINAL = re.compile(r"^(?:\d+[.、]|[(]\d+[)])$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORDS: dict[str, CellKind] = {"不适用": "not_applicable", "无": "none"}
# A row whose digits a page ran together and that read more than one way (tables/runon.py): 〔640020〕 then 〔〕.
_UNSPLIT = re.compile(r"^〔[\d.\-]*〕$")


class Cell(BaseModel):
    raw: str = ""  # exactly as given
    kind: CellKind
    value: Decimal | None = None
    unit: str | None = None
    line: int | None = None  # 1-based input line, when parsed from text

    @property
    def is_empty(self) -> bool:
        return self.kind in ("blank", "missing")

    def text(self) -> str:
        """How the cell prints in a rendered table: its own text, never a substituted value."""
        return self.raw.strip()


def parse_cell(raw: str, line: int | None = None) -> Cell:
    """Type a cell's text. Never coerces: a blank stays blank, “—” stays a dash."""
    text = nfkc(raw).strip().replace(" ", "")
    if not text:
        return Cell.model_construct(raw=raw, kind="blank", value=None, unit=None, line=line)
    m = _NUMBER.match(text)
    if m:
        digits = m["int"].replace(",", "") + (m["frac"] or "")
        value = Decimal(digits)
        if m["sign"] == "-":
            value = -value
        return Cell.model_construct(raw=raw, kind="number", value=value, unit=m["unit"], line=line)
    if _UNSPLIT.match(text):
        return Cell.model_construct(raw=raw, kind="unsplit", value=None, unit=None, line=line)
    if _DASH.match(text):
        return Cell.model_construct(raw=raw, kind="dash", value=None, unit=None, line=line)
    if _SLASH.match(text):
        return Cell.model_construct(raw=raw, kind="slash", value=None, unit=None, line=line)
    if text in _WORDS:
        return Cell.model_construct(raw=raw, kind=_WORDS[text], value=None, unit=None, line=line)
    return Cell.model_construct(raw=raw, kind="invalid", value=None, unit=None, line=line)


def missing_cell() -> Cell:
    return Cell.model_construct(raw="", kind="missing", value=None, unit=None, line=None)


def is_cell_token(token: str) -> bool:
    """Whether a whitespace-free piece of pasted text stands in a cell (as opposed to a label).

    Numbers (with separators, signs and units), the placeholders — / 不适用 无, and things that are
    plainly meant as a number but mistyped (1O, 3..5). Ordinals such as “1.” belong to row labels.
    """
    text = nfkc(token).strip()
    if not text or _ORDINAL.match(text):
        return False
    if _UNSPLIT.match(text):
        return True
    if _NUMBER.match(text) or _DASH.match(text) or _SLASH.match(text) or text in _WORDS or text in cell_words().vague:
        return True
    return any(ch.isdigit() for ch in text) and not _CJK.search(text) and len(text) <= 24

