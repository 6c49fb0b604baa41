"""Year over year, for a report and last year's of the same agency: the layouts' cross-year table rules, the key
figures with their change, and the share of each prose section's sentences repeated from last year."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from pydantic import BaseModel

from ..checks.rules import check_rules
from ..findings import WARNING, Finding
from ..layouts import get_layout
from ..tables.model import TableSet
from ..text import nfkc
from .cache import Cache
from .config import ReviewConfig
from .entry import Entry

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_SPACE = re.compile(r"\s+")
WHOLE = "全文"  # the key of the share over all prose sections


def cross_year(ts: TableSet, last: TableSet) -> list[Finding]:
    """The findings of the layout's cross-year rules only (the within-year ones are the report checker's)."""
    ids = {r.id for r in ts.spec.rules if r.cross_year}
    return [f for f in check_rules(ts, last) if f.rule in ids]


@dataclass
class FigureChange:
    id: str
    name: str
    unit: str
    last: Decimal | None
    this: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.last is None or self.this is None else self.this - self.last

    @property
    def share(self) -> float | None:
        """The change as a share of last year's figure (None when last year's is 0 or unknown)."""
        c = self.change
        return None if c is None or not self.last else float(c / self.last)

    def is_large(self, config: ReviewConfig) -> bool:
        c, s = self.change, self.share
        return c is not None and abs(c) >= config.large_change.min_change and (s is None or abs(s) > config.large_change.share)


def key_figures(this: dict[str, Decimal | None], last: dict[str, Decimal | None] | None,
                config: ReviewConfig) -> list[FigureChange]:
    """The key figures (each report's, as entry_facts read them) side by side."""
    return [FigureChange(k.id, k.name, k.unit, last.get(k.id) if last is not None else None, this.get(k.id))
            for k in config.key_figures]


def sentences(text: str, min_chars: int) -> list[str]:
    """The sentences of a prose text (headings such as “（一）主动公开” and short ones like “无。” left out)."""
    out = []
    for s in _SENTENCE_END.split(text):
        s = s.strip()
        if len(s) >= min_chars and s[-1] in "。！？!?；;":  # a sentence, not a heading line
            out.append(s)
    return out


def _shape(sentence: str) -> str:
    """What is compared: NFKC, no spaces, every number the same (a copied sentence with this year's figures is
    still copied)."""
    return _DIGITS.sub("#", _SPACE.sub("", nfkc(sentence)))


def repeated(this: list[str], last: list[str], similarity: float) -> list[str]:
    """This year's sentences that are verbatim or near-verbatim last year's."""
    shapes = [_shape(s) for s in last]
    exact = set(shapes)
    out = []
    for s in this:
        shape = _shape(s)
        if shape in exact:
            out.append(s)
            continue
        for other in shapes:
            m = SequenceMatcher(None, shape, other, autojunk=False)
            if m.real_quick_ratio() >= similarity and m.quick_ratio() >= similarity and m.ratio() >= similarity:
                out.append(s)
                break
    return out


def copied_prose(entry: Entry, last: Entry, config: ReviewConfig) -> tuple[list[Finding], dict[str, float]]:
    """照搬上年: per prose section, the repeated share; a finding where it is at or above the threshold."""
    rep = config.repetition
    findings: list[Finding] = []
    shares: dict[str, float] = {}
    layout = get_layout(entry.layout) if entry.layout else None
    all_mine = all_same = 0
    for number, text in entry.prose.items():
        mine = sentences(text, rep.min_chars)
        theirs = sentences(last.prose.get(number, ""), rep.min_chars)
        if not mine or not theirs:
            continue
        same = repeated(mine, theirs, rep.similarity)
        share = len(same) / len(mine)
        shares[number] = share
        all_mine, all_same = all_mine + len(mine), all_same + len(same)
        if share >= rep.share and len(same) >= rep.min_sentences:
            part = layout.part(number) if layout is not None else None
            title = f"“{part.heading}”" if part is not None else f"第{number}部分"
            quoted = same[: rep.quote_max]
            findings.append(Finding(
                rule="review.copied_prose", severity=WARNING, table=title,
                expected=f"低于 {rep.share:.0%}", actual=f"{len(same)}/{len(mine)} 句（{share:.0%}）",
                quote="\n".join(quoted),
                message=f"照搬上年：{title}有 {len(same)}/{len(mine)} 句（{share:.0%}）与上年报告相同或几乎相同，"
                        f"如“{quoted[0][:60]}”"))
    if all_mine:
        shares[WHOLE] = all_same / all_mine
    return findings, shares


class PairResult(BaseModel):
    findings: list[Finding]
    shares: dict[str, float]


def year_over_year(entry: Entry, last: Entry, config: ReviewConfig, cache: Cache | None = None) -> PairResult:
    """Cross-year rules and repeated prose for one pair (from the cache when neither report nor the settings
    changed)."""
    key = hashlib.sha256(f"{entry.digest}|{last.digest}|{config.repetition.model_dump_json()}".encode()).hexdigest()
    stored = cache.pair(key) if cache is not None else None
    if stored is not None:
        return PairResult.model_validate_json(stored)
    assert entry.tables is not None and last.tables is not None
    findings = cross_year(entry.tables, last.tables)
    copied, shares = copied_prose(entry, last, config)
    result = PairResult(findings=findings + copied, shares=shares)
    if cache is not None:
        cache.store_pair(key, result.model_dump_json())
    return result
