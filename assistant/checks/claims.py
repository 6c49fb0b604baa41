"""Claims in the prose beyond a single count: “均获维持” against 表四, and shares (“占 4.34%”) recomputed."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ..findings import ERROR, WARNING, Finding
from ..layouts.prose_facts import UpheldGroup, prose_words
from ..report.model import Report
from ..report.parse import sentences
from .rules import fmt
from .sentences import Located, count_units, report_sentences, same_unit, where


def check_all_upheld(report: Report) -> list[Finding]:
    """“行政复议 7 件，诉讼 9 件，均获维持”: no case of the groups it names may be corrected, otherwise ended, or pending."""
    words = prose_words().all_upheld
    out: list[Finding] = []
    seen: set[str] = set()
    for text in [report.intro, *(s.text for s in report.sections)]:
        if re.search(words.words, text):
            out += _upheld_in(report, text, seen)
    return out


def _upheld_in(report: Report, text: str, seen: set[str]) -> list[Finding]:
    words = prose_words().all_upheld
    ts = report.tables
    out: list[Finding] = []
    for sentence in sentences(text):
        if sentence in seen or "\t" in sentence:
            continue
        seen.add(sentence)
        m = re.search(words.words, sentence)
        if not m:
            continue
        said = sentence[:m.start()]
        groups = [g for g in (words.review, words.litigation) if g.mention in said]
        against = [(g, c, v) for g in groups for c, v in _nonzero(report, g)]
        if not against:
            continue
        table = ts.spec.table(groups[0].table)
        listing = "，".join(f"「{table.column_index[c].display}」为 {fmt(v)}" for _, c, v in against)
        out.append(Finding(rule="prose.table_mismatch", severity=ERROR, quote=sentence, table=table.name,
                           table_id=table.id, expected="0", actual=fmt(sum((v for _, _, v in against), Decimal(0))),
                           message=f"正文“{sentence}”称{m.group(0)}，但{table.name}中{listing}，并非全部维持"))
    return out


def _nonzero(report: Report, g: UpheldGroup) -> list[tuple[str, Decimal]]:
    ts = report.tables
    if g.table not in ts.tables:
        return []
    out = []
    for c in g.contradict:
        v = ts.value(g.table, g.row, c)
        if v is not None and v > 0:
            out.append((c, v))
    return out


def check_shares(report: Report) -> list[Finding]:
    """“不予公开 35 件，占 4.34%”: the share of the figure it belongs to, recomputed. Only where some figure stated
    before makes the share nearly right (the same quantity computed carelessly); the stated value must be the
    recomputed one rounded to as many decimals as the report printed (提醒)."""
    words = prose_words()
    layout = report.tables.spec
    sents = report_sentences(report)
    out: list[Finding] = []
    for i, s in enumerate(sents):
        for k, loc in enumerate(s.numbers):
            n = loc.number
            if n.unit != "%" or not re.search(words.share_words, s.text[max(0, loc.start - 8):loc.start].rstrip()):
                continue
            part = next((p for p in reversed(s.numbers[:k]) if p.number.unit in count_units()), None)
            if part is None:
                continue
            earlier = [p for p in s.numbers[:k] if p.start < part.start]
            for x in reversed(sents[max(0, i - 12):i]):
                if x.section == s.section:
                    earlier += x.numbers
            wholes = [p for p in earlier if p.number.unit in count_units() and p.number.value > part.number.value
                      and same_unit(p.number.unit, part.number.unit, s.text)]
            finding = _share(s.quote, part, n.value, wholes)
            if finding is not None:
                message, expected, whole = finding
                out.append(Finding(rule="prose.percentage", severity=WARNING, quote=s.quote, line=n.line,
                                   expected=expected, actual=fmt(n.value),
                                   message=f"{where(n, layout)}：“{s.quote}”中，{message}"))
    return out


def _share(quote: str, part: Located, stated: Decimal, wholes: list[Located]) -> tuple[str, str, Located] | None:
    if not wholes:
        return None
    exponent = stated.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    step = Decimal(1).scaleb(-max(places, 0))
    best: tuple[Decimal, Decimal, Decimal, Located] | None = None
    for w in wholes:
        exact = part.number.value * 100 / w.number.value
        rounded = exact.quantize(step, rounding=ROUND_HALF_UP)
        if rounded == stated:
            return None  # some figure before gives the share as printed
        off = abs(exact - stated)
        if best is None or off < best[0]:
            best = (off, exact, rounded, w)
    assert best is not None
    off, exact, rounded, w = best
    tolerance = Decimal(str(prose_words().share_tolerance))
    if off >= tolerance or off > stated * Decimal("0.15"):
        return None
    shown = exact.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize()
    return (f"{part.number.raw} ÷ {w.number.raw} = {fmt(shown)}%，按所写的 {max(places, 0)} 位小数四舍五入应为 "
            f"{fmt(rounded)}%，正文写作 {fmt(stated)}%", fmt(rounded), w)
