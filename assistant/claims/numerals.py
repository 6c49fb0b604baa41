"""Chinese numerals: 三十七 → 37, 二〇二三 → 2023, 一百零五 → 105, 三万 → 30000, 1.52万 → 15200."""

from __future__ import annotations

from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


def cn_to_int(text: str) -> int | None:
    """The value of a Chinese numeral; digit by digit when it has no 十/百/千 (二〇二三 → 2023); None if not one."""
    if not text:
        return None
    if len(text) > 1 and all(c in DIGITS for c in text):
        return int("".join(str(DIGITS[c]) for c in text))
    total, big_part, section, number = 0, 0, 0, 0
    for c in text:
        if c in DIGITS:
            number = DIGITS[c]
        elif c in UNITS:
            section += (number or 1) * UNITS[c]
            number = 0
        elif c in BIG:
            part = (section + number) or 1
            if BIG[c] == 100_000_000:
                total = (total + big_part + part) * BIG[c]
                big_part = 0
            else:
                big_part += part * BIG[c]
            section = number = 0
        else:
            return None
    return total + big_part + section + number


def to_decimal(text: str) -> Decimal | None:
    """An Arabic number as written (“1,520.50”) or a Chinese one (“三十七”)."""
    t = text.replace(",", "")
    try:
        return Decimal(t)
    except ArithmeticError:
        pass
    v = cn_to_int(text)
    return None if v is None else Decimal(v)
