"""Derived figures, computed here and not by the model: totals of row groups, shares (占比, 1 decimal, rounded half
up), and changes against last year (较上年增加/减少 N 件, 增长/下降 N.N%; no percentage when last year was 0). Each
comes with its derivation; the model may cite them, the offline drafter uses them, the guard accepts no other."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..claims import Claim, claims_in
from ..claims.subjects import subjects_of_fact
from ..layouts.prose_facts import prose_facts
from ..tables.model import TableSet

PLACES = Decimal("0.1")
ROUNDING_NOTE = "四舍五入保留 1 位小数"
# outcomes whose share of the requests answered reports state (prose fact ids)
SHARE_OF_ANSWERED = ("granted_partial", "granted", "partial", "withheld", "unable", "refused")


def fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def rounded_share(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole × 100, rounded half up to 1 decimal (6.25 → 6.3, never banker's 6.2); None when whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Change:
    this: Decimal
    last: Decimal
    unit: str

    @property
    def diff(self) -> Decimal:
        return self.this - self.last

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of last year's figure; None when last year was 0 (no percentage can be said)."""
        return None if self.last == 0 else rounded_share(abs(self.diff), self.last)

    def wording(self) -> str:
        """较上年增加 5 件，增长 15.6% · 较上年减少 … 下降 … · 与上年持平 · 较上年增加 3 件（上年为 0）."""
        if self.diff == 0:
            return "与上年持平"
        up = self.diff > 0
        text = f"较上年{'增加' if up else '减少'} {fmt(abs(self.diff))} {self.unit}"
        if self.percent is None:
            return text + "（上年为 0）"
        return text + f"，{'增长' if up else '下降'} {fmt(self.percent)}%"


@dataclass
class Derived:
    claim: Claim  # the figure as a claim the guard compares with (kind, value, unit, subject, qualifier)
    text: str  # how a report states it
    derivation: str  # how it was computed
    fact: str = ""  # the prose fact (prose_facts.yaml) it is of, when from the tables


def _claim(value: Decimal, unit: str, kind: str, subject: str | None, qualifier: str, name: str) -> Claim:
    return Claim(text=f"{fmt(value)}{unit}", value=value, unit=unit, kind=kind, sentence=name, subject=subject,
                 words=name, qualifier=qualifier)


def _totals(tables: TableSet) -> dict[str, tuple[Decimal, str, str]]:
    """prose fact id → (its total, its name, where it is)."""
    out = {}
    for fact in prose_facts():
        total, where = tables.fact_total(fact)
        if total is not None:
            out[fact.id] = (total, fact.name, where)
    return out


def change_figures(name: str, subject: str | None, change: Change, source: str) -> list[Derived]:
    out = []
    words = f"{name}{change.wording()}"
    how = f"{source}：本年 {fmt(change.this)}，上年 {fmt(change.last)}，相差 {fmt(change.diff)}"
    out.append(Derived(_claim(abs(change.diff), change.unit, "count", subject, "change", name), words, how))
    if change.percent is not None and change.diff != 0:
        how_pct = how + f"；{fmt(abs(change.diff))} ÷ {fmt(change.last)} × 100，{ROUNDING_NOTE}"
        out.append(Derived(_claim(change.percent, "%", "percent", subject, "change", name), words, how_pct))
    return out


def derived_figures(tables: TableSet | None, last_tables: TableSet | None = None, facts_text: str = "",
                    last_facts_text: str = "") -> list[Derived]:
    """Every figure derived from this year's tables (and last year's tables or facts, when given)."""
    out: list[Derived] = []
    totals = _totals(tables) if tables is not None else {}
    answered = totals.get("answered")
    for fid, (total, name, where) in totals.items():
        for subject in subjects_of_fact(fid)[:1]:
            out.append(Derived(_claim(total, "件", "count", subject, "total", name), f"{name} {fmt(total)} 件", where,
                               fid))
        if answered is not None and fid in SHARE_OF_ANSWERED:
            share = rounded_share(total, answered[0])
            if share is not None:
                subj = next(iter(subjects_of_fact(fid)), None)
                out.append(Derived(_claim(share, "%", "percent", subj, "share", name),
                                   f"{name} {fmt(total)} 件，占办结总数的 {fmt(share)}%",
                                   f"{fmt(total)} ÷ {fmt(answered[0])} × 100，{ROUNDING_NOTE}（{where}）", fid))
    if "new" in totals and "carried_in" in totals:
        out.append(_requests_handled(totals["new"][0], totals["carried_in"][0], "统计表"))
    elif facts_text:
        counts = _single_counts(facts_text)
        new_c, carried_c = counts.get(("applications", "件")), counts.get(("carried_in", "件"))
        if new_c is not None and carried_c is not None:
            assert isinstance(new_c.value, Decimal) and isinstance(carried_c.value, Decimal)
            out.append(_requests_handled(new_c.value, carried_c.value, "事实"))
    if last_tables is not None:
        last = _totals(last_tables)
        for fid, (total, name, _where) in totals.items():
            if fid in last:
                subj = next(iter(subjects_of_fact(fid)), None)
                for d in change_figures(name, subj, Change(total, last[fid][0], "件"), "统计表"):
                    d.fact = fid
                    out.append(d)
    if last_facts_text:
        out += _facts_changes(facts_text, last_facts_text, {d.claim.subject for d in out if d.claim.qualifier == "change"})
    return out


def _requests_handled(new: Decimal, carried_in: Decimal, source: str) -> Derived:
    """本年共办理申请 = 新收 + 上年结转 (a total reports state with 共/合计)."""
    total = new + carried_in
    return Derived(_claim(total, "件", "count", "applications", "total", "本年办理的政府信息公开申请"),
                   f"本年共办理政府信息公开申请 {fmt(total)} 件（新收 {fmt(new)} 件，上年结转 {fmt(carried_in)} 件）",
                   f"{source}：新收 {fmt(new)} + 上年结转 {fmt(carried_in)}", "handled")


def _single_counts(text: str) -> dict[tuple[str, str], Claim]:
    """subject and unit → the one count of it a text states (subjects stated twice are left out)."""
    seen: dict[tuple[str, str], list[Claim]] = {}
    for c in claims_in(text):
        if c.kind in ("count", "money") and c.subject and c.qualifier is None and not c.approximate:
            seen.setdefault((c.subject, c.unit), []).append(c)
    return {k: v[0] for k, v in seen.items() if len({x.key for x in v}) == 1}


def _facts_changes(this_text: str, last_text: str, done: set) -> list[Derived]:
    this, last = _single_counts(this_text), _single_counts(last_text)
    out = []
    for (subject, unit), c in this.items():
        if (subject, unit) in last and subject not in done:
            assert isinstance(c.value, Decimal)
            prev = last[(subject, unit)].value
            assert isinstance(prev, Decimal)
            out += change_figures(c.subject_name, subject, Change(c.value, prev, unit), "事实")
    return out
