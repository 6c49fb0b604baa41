"""The number guard, claim by claim: a number in a draft is backed only by a source claim (facts, tables, derived
figures, cited articles) of the same kind and value, in a compatible unit, counting the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..claims import Claim, claim_words, claims_in
from ..claims.extract import subject_of

__all__ = ["Backing", "Flag", "GuardResult", "Number", "guard", "numbers_in"]

Number = Claim  # what the guard reads in a draft (older name)
LAST_YEAR = "上年数据"


def numbers_in(text: str) -> list[Claim]:
    """Every number a reader would see in a text, as claims, in order."""
    return claims_in(text)


@dataclass
class Source:
    claim: Claim
    label: str  # 事实, 统计表, 推算, an article's citation …
    derivation: str = ""


@dataclass
class TableFigure:
    value: Decimal
    where: str  # 表三「一、本年新收…」行「总计」列


@dataclass
class Backing:
    """What a draft may state: source claims, and the table figures its subjects must agree with."""

    sources: list[Source] = field(default_factory=list)
    table_figures: dict[str, TableFigure] = field(default_factory=dict)  # subject id → the tables' figure
    report_year: int | None = None

    @staticmethod
    def key(value: Decimal | int | str) -> str:
        return value if isinstance(value, str) else format(Decimal(value).normalize(), "f")

    def add_claim(self, claim: Claim, label: str, derivation: str = "") -> None:
        self.sources.append(Source(claim, label, derivation))

    def add_text(self, text: str, label: str) -> None:
        for c in claims_in(text):
            self.add_claim(c, label)

    def add(self, value: Decimal | int | str, label: str, *, kind: str = "number", unit: str = "", words: str = "",
            subject: str | None = None, qualifier: str | None = None, derivation: str = "") -> None:
        v: Decimal | str = value if isinstance(value, str) else Decimal(value)
        c = Claim(text=str(value), value=v, unit=unit, kind=kind, sentence=words, subject=subject, words=words,
                  qualifier=qualifier)
        self.add_claim(c, label, derivation)

    def add_cell(self, value: Decimal, label: str, where: str) -> None:
        self.add(value, label, words=where, subject=subject_of(where, ""))

    def by_key(self, key: str) -> list[Source]:
        return [s for s in self.sources if s.claim.key == key]


@dataclass
class Flag:
    """A draft number without backing, and why (in Chinese)."""

    claim: Claim
    reason: str

    @property
    def text(self) -> str:
        return self.claim.text

    @property
    def value(self):
        return self.claim.value

    @property
    def message(self) -> str:
        return f"“{self.claim.text}”：{self.reason}"


@dataclass
class GuardResult:
    verified: list[tuple[str, str]]  # (number as written, source)
    unverified: list[Flag]

    @property
    def ok(self) -> bool:
        return not self.unverified

    def summary(self) -> str:
        if self.ok:
            return f"已核对草稿中的全部 {len(self.verified)} 个数字，均有依据"
        listed = "；".join(f.message for f in self.unverified)
        return f"草稿中有 {len(self.unverified)} 个数字找不到依据：{listed}"


def _bigrams(text: str) -> set[str]:
    generic = set(claim_words().generic_bigrams)
    t = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {t[i:i + 2] for i in range(len(t) - 1)} - generic


def _same_subject(c: Claim, src: Claim) -> bool:
    if c.subject is None:
        return True  # the draft does not say what it counts: value and unit must do
    if src.subject is not None:
        return src.subject == c.subject
    if not src.words:
        return True
    return bool(_bigrams(c.words) & _bigrams(src.words))


def _unit_ok(c: Claim, src: Claim) -> bool:
    if c.kind == "number" or src.kind == "number":
        return src.kind not in ("phone", "date", "article")
    if c.kind != src.kind:
        return False
    return c.kind != "count" or claim_words().compatible(c.unit, src.unit)


def _what(src: Source) -> str:
    name = src.claim.subject_name
    shown = src.claim.text if src.claim.text and src.claim.text != src.claim.key else f"{src.claim.key}{src.claim.unit}"
    return f"{src.label}中 {src.claim.key} 是{name}（{shown}）" if name else f"{src.label}中的 {shown}"


@lru_cache(maxsize=256)
def _says(sentence: str, which: str) -> bool:
    """Whether a sentence (NFKC, as claims hold it) compares with last year or plans the next (year_context)."""
    return bool(re.search(getattr(claim_words().year_context, which), sentence))


def _year_backed(c: Claim, backing: Backing) -> str | None:
    year = int(c.value) if isinstance(c.value, Decimal) else None
    stated = next((s.label for s in backing.sources if s.claim.kind == "year" and s.claim.key == c.key), None)
    if stated is not None:
        return stated
    ry = backing.report_year
    if ry is None or year is None:
        return None
    if year == ry - 1 and _says(c.sentence, "last"):
        return "上一年度（比较）"
    if year == ry + 1 and _says(c.sentence, "next"):
        return "下一年度（计划）"
    return None


def check_claim(c: Claim, backing: Backing) -> tuple[str | None, str]:
    """(the source that backs the claim, or None; the reason when none does)."""
    w = claim_words()
    if c.kind == "year":
        src = _year_backed(c, backing)
        return src, "" if src else f"年份 {c.key} 既非报告年度，也不在事实中（比较上年或计划下年的句子除外）"
    if c.kind == "date" and c.key in w.period_dates:
        return "统计期限", ""
    same = [s for s in backing.by_key(c.key) if s.claim.kind != "year" or c.kind in ("number", "year")]
    if not _says(c.sentence, "last"):
        same = [s for s in same if s.label != LAST_YEAR]  # last year's figures back only a comparison
    if c.kind in ("phone", "date", "article"):
        hit = next((s for s in same if s.claim.kind == c.kind), None)
        kind = {"phone": "电话号码", "date": "日期", "article": "条文序号"}[c.kind]
        return (hit.label, "") if hit else (None, f"{kind}{c.text}不在事实和引用条文中")
    if c.qualifier == "change" or (c.kind == "percent" and c.qualifier == "share"):
        same = [s for s in same if s.claim.qualifier == c.qualifier or s.claim.kind == "percent" and s.label == "事实"]
    units = [s for s in same if _unit_ok(c, s.claim)]
    backed = [s for s in units if _same_subject(c, s.claim)]
    if backed:
        table = table_conflict(c, backing)
        if table:
            return None, table
        return backed[0].label, ""
    if units or same:
        return None, "；".join(dict.fromkeys(_what(s) for s in (units or same)[:2]))
    if c.qualifier == "change" or c.qualifier == "share":
        return None, "这是推算数字，与按统计表和上年数据算出的不符（或无从推算）"
    return None, "在事实、统计表和引用条文中找不到"


def conflicting_figure(c: Claim, backing: Backing) -> TableFigure | None:
    """The tables' figure that a count of a subject they hold (新收申请 37 件) contradicts; None when it agrees."""
    fig = backing.table_figures.get(c.subject or "")
    if fig is None or c.kind != "count" or c.qualifier in ("change", "share", "part") or c.approximate:
        return None
    if not claim_words().compatible(c.unit, "件") or fig.value == c.value:
        return None
    if c.qualifier == "total" and any(s.label == "推算" and s.claim.qualifier == "total" and s.claim.subject == c.subject
                                      and s.claim.key == c.key for s in backing.sources):
        return None  # “共办理申请 224 件”: new and carried over together, as derived
    return fig


def conflict_text(fig: TableFigure) -> str:
    return f"与统计表不符：{fig.where}为 {format(fig.value.normalize(), 'f')}"


def table_conflict(c: Claim, backing: Backing) -> str:
    """Why a count contradicts the tables (“与统计表不符：…为 0”), or "" when it does not."""
    fig = conflicting_figure(c, backing)
    return conflict_text(fig) if fig is not None else ""


def guard(draft: str, backing: Backing) -> GuardResult:
    verified, unverified = [], []
    for c in claims_in(draft):
        source, reason = check_claim(c, backing)
        if source is None:
            unverified.append(Flag(c, reason))
        else:
            verified.append((c.text, source))
    return GuardResult(verified, unverified)
