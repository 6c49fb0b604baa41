"""The domain thesaurus for BM25 query expansion and the intent words that route a question to document types.

Data, not code: knowledge/data/thesaurus.yaml (or the file Settings.thesaurus_path names). See that file for what a
synonym group and an intent are."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from .store import KnowledgeError
from .tokens import STOP_WORDS, char_grams, tokenize, words

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "thesaurus.yaml"


@dataclass(frozen=True)
class Intent:
    name: str
    prefer: tuple[str, ...]
    words: tuple[str, ...]
    also: tuple[str, ...] = ()  # when given, the query must hold one of these as well (“别的单位” and “写”)

    def matches(self, query: str) -> bool:
        return any(w in query for w in self.words) and (not self.also or any(w in query for w in self.also))


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[tuple[str, ...], ...] = ()
    filler: frozenset[str] = frozenset()
    intents: tuple[Intent, ...] = ()
    expansion_weight: float = 0.5
    intent_boost: float = 0.5
    _tokens: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def _words(self, term: str) -> tuple[str, ...]:
        if term not in self._tokens:
            self._tokens[term] = tuple(tokenize(term))
        return self._tokens[term]

    def expand(self, query: str) -> list[tuple[str, float]]:
        """The query's BM25 tokens (less the filler words) with weight 1, then the tokens of every synonym of a term the
        query contains (matched as a substring of the query; synonyms the query itself holds are not added again) with
        the expansion weight; each token once."""
        return self._expand(query, self.own_words, self._words)

    def expand_grams(self, query: str) -> list[tuple[str, float]]:
        """The character bigrams of the query (less its filler phrases) with weight 1, then those of its synonyms with
        the expansion weight; each bigram once, none that is a stop or filler word itself."""
        return self._expand(query, self.own_grams, self._grams)

    def own_words(self, query: str) -> list[str]:
        """The query's own BM25 tokens: jieba words less filler and stop words."""
        return [t for t in tokenize(self.plain(query)) if t not in self.filler]

    def own_grams(self, query: str) -> list[str]:
        """The query's own character bigrams: of its words with the filler and stop words (“吗”, “能”, “什么”) cut out,
        so no bigram straddles one."""
        kept = "".join(" " if w.strip().lower() in STOP_WORDS or w.strip() in self.filler else w
                       for w in words(self.plain(query)))
        return self._grams(kept)

    def _grams(self, text: str) -> list[str]:
        return [g for g in char_grams(text) if g not in STOP_WORDS and g not in self.filler]

    def _expand(self, query: str, own, split) -> list[tuple[str, float]]:
        weighted: dict[str, float] = dict.fromkeys(own(query), 1.0)
        for term in self.synonyms(query):
            for token in split(term):
                weighted.setdefault(token, self.expansion_weight)
        return list(weighted.items())

    def plain(self, query: str) -> str:
        """The query less its filler phrases (those of two characters or more; longest first)."""
        for phrase in self._phrases:
            query = query.replace(phrase, " ")
        return query

    @cached_property
    def _phrases(self) -> tuple[str, ...]:
        return tuple(sorted((w for w in self.filler if len(w) > 1), key=len, reverse=True))

    def synonyms(self, query: str) -> list[str]:
        """The synonyms of the terms the query contains (as substrings), less those the query itself holds (“复议”
        inside “行政复议” is not a second mention)."""
        out: list[str] = []
        for group in self.groups:
            if any(term in query for term in group):
                out.extend(term for term in group if term not in query and term not in out)
        return out

    def intent(self, query: str) -> Intent | None:
        """The first intent (in the data file's order) one of whose words the query contains (and one of its `also`
        words, when it has them)."""
        return next((i for i in self.intents if i.matches(query)), None)


def parse_thesaurus(data: dict, where: str) -> Thesaurus:
    if not isinstance(data, dict):
        raise KnowledgeError(f"{where}：应为包含 synonyms 和 intents 的对应表")
    groups = []
    for n, group in enumerate(data.get("synonyms") or [], 1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(t, str) and t.strip() for t in group):
            raise KnowledgeError(f"{where}：synonyms 第 {n} 组应为至少两个词的列表")
        groups.append(tuple(t.strip() for t in group))
    intents = []
    for name, spec in (data.get("intents") or {}).items():
        if not isinstance(spec, dict) or not spec.get("prefer") or not spec.get("words"):
            raise KnowledgeError(f"{where}：意图 {name} 应写明 prefer（文档类型）和 words（词）")
        if not isinstance(spec.get("also") or [], list):
            raise KnowledgeError(f"{where}：意图 {name} 的 also 应为词的列表")
        intents.append(Intent(str(name), tuple(map(str, spec["prefer"])), tuple(map(str, spec["words"])),
                              tuple(map(str, spec.get("also") or []))))
    filler = data.get("filler") or []
    if not isinstance(filler, list) or not all(isinstance(w, str) for w in filler):
        raise KnowledgeError(f"{where}：filler 应为词的列表")
    try:
        return Thesaurus(tuple(groups), frozenset(w.strip() for w in filler), tuple(intents), float(data.get("expansion_weight", 0.5)),
                         float(data.get("intent_boost", 0.5)))
    except (TypeError, ValueError) as exc:
        raise KnowledgeError(f"{where}：expansion_weight 和 intent_boost 应为数字") from exc


@lru_cache(maxsize=8)
def load_thesaurus(path: Path = DEFAULT_PATH) -> Thesaurus:
    """The thesaurus in a file; KnowledgeError (Chinese, naming the file) when it cannot be read."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"无法读取检索词表 {path}：{exc}") from exc
    return parse_thesaurus(data, f"检索词表 {Path(path).name}")


def thesaurus_from_settings(settings) -> Thesaurus:
    path = getattr(settings, "thesaurus_path", None)
    return load_thesaurus(Path(path) if path else DEFAULT_PATH)
