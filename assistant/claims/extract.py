"""Claims from Chinese text: each number a reader sees, with what it counts (subject), its value (万/亿 converted,
Chinese numerals read), unit, qualifier (其中, 合计, 较上年, 占比) and sentence. Years, dates, article numbers and
phone numbers are claims of their own kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..text import nfkc
from .numerals import CN_NUMERAL, cn_to_int, to_decimal
from .words import claim_words

KINDS = ("count", "money", "percent", "year", "date", "article", "phone", "number")
_CLAUSE_END = "，,。；;、!?！？\n"


@dataclass
class Claim:
    text: str  # as written, with its unit
    value: Decimal | str  # a phone number stays a string; a date is “M-D”
    unit: str  # 件 条 次 人次 元 % …; "" when none is written
    kind: str  # one of KINDS
    sentence: str
    start: int = 0  # in the NFKC sentence
    end: int = 0
    subject: str | None = None  # a subject id of claim_words.yaml, None when the words name none
    words: str = ""  # the words before the number in its clause (what it counts, as written)
    qualifier: str | None = None  # change, share, part, total
    approximate: bool = False  # 十余次, 40多人
    written: Decimal | None = None  # the number as printed, before 万/亿 or 万元 → 元 (1520.5 of “1520.5万元”)
    written_unit: str = ""  # the unit as printed (万元, 万人次 …)

    @property
    def key(self) -> str:
        if isinstance(self.value, str):
            return self.value
        return format(self.value.normalize(), "f")

    @property
    def subject_name(self) -> str:
        s = claim_words().subject_index.get(self.subject or "")
        return s.name if s else (self.words.strip() or "")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    w = claim_words()
    units = sorted({*w.count_units, *w.money_units, "%"}, key=len, reverse=True)
    unit = "|".join(map(re.escape, units))
    mult = "|".join(map(re.escape, w.multipliers))
    approx = "|".join(map(re.escape, w.approximate))
    cn = CN_NUMERAL
    token = re.compile(
        r"(?P<phone>(?<![\d-])(?:0\d{2,3}-)?\d{7,8}(?![\d.])|(?<!\d)1[3-9]\d{9}(?!\d))"
        r"|(?P<fulldate>(?<!\d)(?P<fy>(?:19|20)\d{2})\s*年\s*(?P<fm>\d{1,2})\s*月\s*(?P<fd>\d{1,2})\s*日)"
        r"|(?P<date>(?<![\d.])(?P<dm>\d{1,2})\s*月\s*(?P<dd>\d{1,2})\s*日)"
        r"|(?P<month>(?<![\d.])(?P<mm>\d{1,2})\s*(?:月份|月)(?!\s*\d))"
        rf"|(?P<article>第\s*(?P<an>\d+|[{cn}]+)\s*条)"
        rf"|(?P<pct_cn>百分之(?P<pn>[\d.]+|[{cn}]+))"
        r"|(?P<tenths>(?<![一二三四五六七八九十])(?P<tn>[二三四五六七八九])成(?![员为功果立本绩效就]))"
        rf"|(?P<year>(?<![\d.])(?P<yv>(?:19|20)\d{{2}})\s*(?=年))"
        rf"|(?P<cnyear>(?P<cyv>[〇零一二三四五六七八九]{{4}})(?=年))"
        rf"|(?P<arabic>(?<![\d.])(?<!\d,)(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<frac>\.\d+)?(?![\d])\s*(?P<mult>{mult})?"
        rf"\s*(?P<aprx>{approx})?\s*(?P<unit>{unit})?(?P<aprx2>{approx})?)"
        rf"|(?P<cncount>(?<![第（({cn}])(?P<cv>[{cn}]+)(?P<caprx>{approx})?(?P<cunit>{unit})(?!性|事|式))")
    enum = re.compile(w.enumeration)
    paren_enum = re.compile(r"[(（]\d{1,2}[)）]")
    return token, enum, paren_enum


def sentences_of(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？；;!?\n])", text) if s.strip()]


def claims_in(text: str) -> list[Claim]:
    """Every claim in a text, sentence by sentence."""
    out: list[Claim] = []
    for sentence in sentences_of(text):
        out += claims_of_sentence(sentence.strip())
    return out


def claims_of_sentence(sentence: str) -> list[Claim]:
    """The claims of one sentence (as given: not split further)."""
    token, enum, paren_enum = _patterns()
    s = nfkc(sentence)
    m = enum.match(s)
    skip_to = m.end() if m else 0
    skipped = [x.span() for x in paren_enum.finditer(s)]
    out: list[Claim] = []
    for m in token.finditer(s):
        if m.start() < skip_to or any(a <= m.start() < b for a, b in skipped):
            continue
        for c in _read(m, s):
            out.append(c)
    for i, c in enumerate(out):
        _describe(c, s, out[i - 1] if i else None)
    return out


def _read(m: re.Match[str], s: str) -> list[Claim]:
    w = claim_words()
    g = m.groupdict()
    span = (m.start(), m.end())

    def claim(value, unit, kind, start=span[0], end=span[1], approximate=False) -> Claim:
        return Claim(text=s[start:end].strip(), value=value, unit=unit, kind=kind, sentence=s, start=start, end=end,
                     approximate=approximate)

    if g["phone"]:
        return [claim(g["phone"], "", "phone")]
    if g["fulldate"]:
        ys, ye = m.span("fy")
        return [claim(Decimal(g["fy"]), "年", "year", ys, ye + 1),
                claim(f"{int(g['fm'])}-{int(g['fd'])}", "", "date", m.start("fm"), span[1])]
    if g["date"]:
        return [claim(f"{int(g['dm'])}-{int(g['dd'])}", "", "date")]
    if g["month"]:
        return [claim(f"{int(g['mm'])}月", "", "date")]
    if g["article"]:
        v = to_decimal(g["an"])
        return [claim(v, "条", "article")] if v is not None else []
    if g["pct_cn"]:
        v = to_decimal(g["pn"])
        return [claim(v, "%", "percent")] if v is not None else []
    if g["tenths"]:
        tenths = cn_to_int(g["tn"]) or 0
        return [claim(Decimal(tenths) * 10, "%", "percent")]
    if g["year"]:
        return [claim(Decimal(g["yv"]), "年", "year", span[0], span[1] + 1)]
    if g["cnyear"]:
        year = cn_to_int(g["cyv"])
        return [claim(Decimal(year), "年", "year", span[0], span[1] + 1)] if year is not None else []
    if g["arabic"]:
        value = Decimal(g["num"].replace(",", "") + (g["frac"] or ""))
        if g["mult"]:
            value *= w.multipliers[g["mult"]]
        unit = g["unit"] or ""
        approximate = bool(g["aprx"] or g["aprx2"])
        end = span[1] if unit or g["mult"] else m.end("num") + len(g["frac"] or "")
        written = Decimal(g["num"].replace(",", "") + (g["frac"] or ""))
        written_unit = (g["mult"] or "") + unit
        if unit == "%":
            c = claim(value, "%", "percent", end=end, approximate=approximate)
        elif unit in w.money_units:
            c = claim(value * w.money_units[unit], "元", "money", end=end, approximate=approximate)
        else:
            c = claim(value, unit, "count" if unit else "number", end=end, approximate=approximate)
        c.written, c.written_unit = written, written_unit
        return [c]
    if g["cncount"]:
        n = cn_to_int(g["cv"])
        unit = g["cunit"]
        if n is None or (n == 1 and unit in ("个", "次", "批", "份", "项", "件")):
            return []
        if unit in w.money_units:
            return [claim(Decimal(n) * w.money_units[unit], "元", "money")]
        if unit == "%":
            return []
        return [claim(Decimal(n), unit, "count", approximate=bool(g["caprx"]))]
    return []


CLAUSE_REACH = 60  # characters a clause is read back (or on) from its number, at most


def _clause_before(s: str, start: int, floor: int) -> str:
    i = start
    floor = max(floor, start - CLAUSE_REACH)
    while i > floor and s[i - 1] not in _CLAUSE_END:
        i -= 1
    return s[i:start]


def _clause_after(s: str, end: int) -> str:
    i = end
    stop = min(len(s), end + CLAUSE_REACH)
    while i < stop and s[i] not in _CLAUSE_END and s[i] not in "(（":  # a parenthesis says more of the number
        i += 1
    return s[end:i]


def subject_of(words: str, unit: str) -> str | None:
    """The first subject (in the order of the data) whose words occur in the text and that counts in this unit."""
    for subject in claim_words().subjects:
        if subject.units and unit not in subject.units:
            continue
        if subject.regex.search(words):
            return subject.id
    return None


def _describe(c: Claim, s: str, prev: Claim | None) -> None:
    floor = prev.end if prev is not None and prev.sentence == c.sentence else 0
    before = _clause_before(s, c.start, floor)
    c.words = before.strip()
    stripped = before.rstrip()
    for q in claim_words().qualifiers:
        if q.regex.search(stripped):
            c.qualifier = q.id
            break
    if c.kind not in ("count", "money", "percent", "number"):
        return
    if c.qualifier == "share" and prev is not None and prev.subject:
        c.subject = prev.subject  # “予以公开 20 件，占办结总数的 57.1%”: the share of the figure before
        return
    c.subject = subject_of(before, c.unit)
    if c.subject is None:
        after = _clause_after(s, c.end)
        c.subject = subject_of(after, c.unit)
        if c.subject is not None and not c.words:
            c.words = after.strip()
    if c.subject is None and prev is not None and c.qualifier in ("change", "share", "part"):
        c.subject = prev.subject
        c.words = c.words or prev.words
