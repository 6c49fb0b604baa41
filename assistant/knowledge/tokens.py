"""Chinese tokens for BM25 and the offline embedding: jieba words without punctuation and domain stop words, and
character bigrams (for the n-gram field: a wording jieba cuts differently, or a word the text never uses, still
shares characters with it)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

# Words every report and article repeats: they say nothing about which passage is meant.
STOP_WORDS = frozenset("""
的 了 和 与 及 或 等 在 对 为 是 将 由 于 以 把 被 从 向 并 且 也 就 都 而 其 之 个 有 无 应当 应 可以 可 不 没有 进行 开展
我们 本 该 此 这 那 各 各级 有关 相关 关于 按照 根据 依照 依据 规定 工作 情况 方面 进一步 加强 推进 做好 切实 认真 全面 持续 不断
哪些 什么 怎么 如何 多少 是否 吗 呢 要求 内容 一 二 三 四 五 六 年 月 日
""".split())
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(jieba.lcut(text))


def words(text: str) -> list[str]:
    """The jieba words of a text, as cut (punctuation and stop words included)."""
    return list(_cut(text)) if len(text) < 200 else jieba.lcut(text)


def tokenize(text: str) -> list[str]:
    """Search tokens of a text: jieba words, lower-cased, no punctuation or stop words."""
    out = []
    for word in words(text):
        w = word.strip().lower()
        if w and w not in STOP_WORDS and _KEEP.search(w):
            out.append(w)
    return out


def char_grams(text: str) -> list[str]:
    """The character bigrams of each run of Chinese characters (punctuation, digits and letters break a run); a run of
    one character gives itself."""
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        out.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
    return out
