"""The number-fidelity guard: every number in a draft must be backed by the facts, the tables or a cited source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..text import nfkc

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二两三四五六七八九十百千万"
# Arabic numbers: phone numbers, dates, decimals, thousands separators, percentages.
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}-)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)")
_ARABIC = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\d)")
# Chinese numerals that count something (三次, 十二件, 二〇二三年); not enumerations (一是, （一）, 第一) or idioms.
_CN_COUNT = re.compile(rf"(?<![第（({_CN_NUM}])([{_CN_NUM}]+)(件|条|项|篇|期|场|家|名|个|次|人次|批|份|户|万)(?!性)")
_ENUMERATION = re.compile(r"^[（(][一二三四五六七八九十]+[）)]|^\d+[.、．]|^[一二三四五六七八九十]+、")


def cn_to_int(text: str) -> int | None:
    """二〇二三 → 2023 (digit by digit); 十二 → 12; 一百零五 → 105; 三万 → 30000."""
    if all(c in _CN_DIGITS for c in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, section, number = 0, 0, 0
    for c in text:
        if c in _CN_DIGITS:
            number = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (number or 1) * _CN_UNITS[c]
            number = 0
        elif c == "万":
            total += (section + number) * 10000
            section = number = 0
        else:
            return None
    return total + section + number


@dataclass
class Number:
    text: str  # as written in the draft
    value: Decimal | str  # a phone number stays a string
    sentence: str


def numbers_in(text: str) -> list[Number]:
    """Every number a reader would see in a text, with its sentence."""
    out: list[Number] = []
    for sentence in re.split(r"(?<=[。！？；\n])", text):
        s = nfkc(sentence)
        if not s.strip():
            continue
        body = _ENUMERATION.sub("", s.strip())
        taken: list[tuple[int, int]] = []
        for m in _PHONE.finditer(body):
            out.append(Number(m.group(0), m.group(0), sentence.strip()))
            taken.append(m.span())
        for m in _ARABIC.finditer(body):
            if any(a <= m.start() < b for a, b in taken):
                continue
            digits = m.group(1).replace(",", "") + (m.group(2) or "")
            try:
                out.append(Number(m.group(0), Decimal(digits), sentence.strip()))
            except InvalidOperation:
                continue
        for m in _CN_COUNT.finditer(body):
            value = cn_to_int(m.group(1))
            if value is None or (value == 1 and m.group(2) in ("个", "次", "批", "份")):
                continue
            out.append(Number(m.group(0), Decimal(value), sentence.strip()))
        for m in re.finditer(r"([〇零一二三四五六七八九]{4})年", body):
            year = cn_to_int(m.group(1))
            if year is not None:
                out.append(Number(m.group(0), Decimal(year), sentence.strip()))
    return out


@dataclass
class Backing:
    """The numbers a draft may use, each with where it comes from."""

    sources: dict[str, str] = field(default_factory=dict)  # normalised value → source

    @staticmethod
    def key(value: Decimal | int | str) -> str:
        if isinstance(value, str):
            return value
        return format(Decimal(value).normalize(), "f")

    def add(self, value: Decimal | int | str, source: str) -> None:
        self.sources.setdefault(self.key(value), source)

    def add_text(self, text: str, source: str) -> None:
        for n in numbers_in(text):
            self.add(n.value, source)

    def backs(self, n: Number) -> str | None:
        return self.sources.get(self.key(n.value))


@dataclass
class GuardResult:
    verified: list[tuple[str, str]]  # (number as written, source)
    unverified: list[Number]

    @property
    def ok(self) -> bool:
        return not self.unverified

    def summary(self) -> str:
        if self.ok:
            return f"已核对草稿中的全部 {len(self.verified)} 个数字，均有依据"
        listed = "、".join(f"“{n.text}”" for n in self.unverified)
        return f"草稿中有 {len(self.unverified)} 个数字在事实、统计表和引用条文中找不到依据：{listed}"


def guard(draft: str, backing: Backing) -> GuardResult:
    verified, unverified = [], []
    for n in numbers_in(draft):
        source = backing.backs(n)
        if source is None:
            unverified.append(n)
        else:
            verified.append((n.text, source))
    return GuardResult(verified, unverified)
