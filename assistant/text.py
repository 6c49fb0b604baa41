"""Text normalisation shared by every parser: one place for how labels are compared."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
# After NFKC, the three Chinese enumeration commas/commas are treated as one.
_COMMAS = str.maketrans({",": "、", "，": "、"})
_ORDINAL = re.compile(r"(?<![0-9])([0-9]+)[.、．]")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The comparison key of a row or column label.

    NFKC (全角 → 半角), no whitespace or line breaks (real tables print 商业 企业), no quote marks,
    comma variants unified, and ordinals such as 1、 1． written as 1.
    """
    key = _SPACE.sub("", nfkc(text)).translate(_QUOTES).translate(_COMMAS)
    return _ORDINAL.sub(r"\1.", key)


_YEAR = re.compile(r"(20\d{2})\s*年?\s*度?\s*(?:[^\s。，,；;]{0,30}?)(?:政府)?信息公开[^\s。，,；;]{0,12}?报告")


def find_report_year(text: str) -> int | None:
    """The report year named in a title: “2021 年政府信息公开工作年度报告”, “关于2022年度政府信息公开情况的报告”,
    “2022度…信息公开工作年度报告”."""
    m = _YEAR.search(nfkc(text[:4000]))
    return int(m.group(1)) if m else None
