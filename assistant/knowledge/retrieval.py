"""Hybrid retrieval: BM25 over jieba words and over character bigrams (the query expanded by the domain thesaurus),
on each chunk and on the themes (条旨) alone, and vector search, fused by reciprocal rank and weighted towards the document types the question's intent prefers; with a chat model, the question is also
searched as the model rewrites it and the fused top candidates are reranked by the model. Every hit carries its
citation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bm25 import WeightedBM25
from .store import KnowledgeBase, embedding_error, index_text
from .thesaurus import Thesaurus, thesaurus_from_settings
from .tokens import char_grams, tokenize

RRF_K = 60
OOV_RARITY = 0.5  # an unknown word counts in the coverage as rare as this share of the rarest indexed word
# Each ranking's weight in the fusion: BM25 over jieba words, the vector search, the themes (条旨) alone by words, and
# the character-bigram field over each chunk and over the themes alone (wordings jieba cuts apart still overlap).
# Chosen on the development sets (paraphrased.yaml, holdout.yaml; never holdout2.yaml, see evals/retrieval).
WEIGHTS = {"words": 1.0, "vector": 1.0, "themes": 1.5, "grams": 1.5, "theme_grams": 1.5}
THEME_COVERAGE = 0.6  # a theme ranks only when it holds this share of the question's words (weighted by rarity)
THEME_COVERAGE_RULES = 0.3  # … or this share, when the question asks about rules (the themes say what rules govern)
FILTER_KEYS = ("type", "year", "agency", "section_no", "doc")


@dataclass
class Hit:
    id: str
    text: str
    metadata: dict
    score: float
    bm25_rank: int | None = None
    vector_rank: int | None = None

    @property
    def where(self) -> str:
        """“第五十条” for an article, “一、总体情况 （一）…” for a report section."""
        m = self.metadata
        if m.get("article"):
            return m["article"]
        return " ".join(x for x in (m.get("section", ""), m.get("subsection", "")) if x)

    @property
    def kind(self) -> str:
        """What kind of source this is, in words: 法规 and 格式通知 (the shipped texts), 年报, 资料 (other uploads)."""
        from .documents import KIND_NAMES

        return KIND_NAMES.get(str(self.metadata.get("type", "")), "资料")

    @property
    def citation(self) -> str:
        return f"《{self.metadata.get('title', '')}》{self.where}"

    @property
    def labelled(self) -> str:
        """The citation with the kind of its source: “〔法规〕《…条例》第五十条”, “〔资料〕《…》”."""
        return f"〔{self.kind}〕{self.citation}"

    def snippet(self, size: int = 120) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= size else text[:size] + "…"

    def public(self) -> dict:
        m = self.metadata
        return {"chunk_id": self.id, "doc": m.get("doc"), "title": m.get("title"), "type": m.get("type"),
                "agency": m.get("agency"), "year": m.get("year"), "section": m.get("section"),
                "subsection": m.get("subsection"), "article": m.get("article"), "theme": m.get("theme") or "",
                "citation": self.citation, "kind": self.kind,
                "snippet": self.snippet(), "score": round(self.score, 5)}


def _matches(meta: dict, filters: dict) -> bool:
    return all(meta.get(k) == v for k, v in filters.items())


def _where(filters: dict) -> dict | None:
    items = [{k: v} for k, v in filters.items()]
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


class HybridRetriever:
    """Search the knowledge base. `model` (optional): a ChatModel for query rewriting and reranking; without one,
    retrieval is wholly offline. `thesaurus`: the synonyms and intents (default: the settings' thesaurus file)."""

    def __init__(self, kb: KnowledgeBase, *, model=None, thesaurus: Thesaurus | None = None, prompts_dir=None):
        self.kb = kb
        self.thesaurus = thesaurus or thesaurus_from_settings(kb.settings)
        self.assist = None
        if model is not None:
            from .assist import ModelAssist

            self.assist = ModelAssist(model, prompts_dir or kb.settings.prompts_dir)
        self._built_for = -1
        self._bm25: WeightedBM25 | None = None

    @property
    def notes(self) -> list[str]:
        """What the model's help fell back from during the last search (Chinese); empty without a model."""
        return list(self.assist.notes) if self.assist else []

    def _ensure_bm25(self) -> None:
        if self._built_for == self.kb.version and self._bm25 is not None:
            return
        ids, texts, metas = self.kb.all_chunks()
        self.ids, self.texts, self.metas = ids, texts, metas
        corpus = [(m.get("tokens") or "").split() or ["\0"] for m in metas]
        self._bm25 = WeightedBM25(corpus) if corpus else None
        fields = [f"{m.get('title', '')}\n{m.get('section', '')}\n{index_text(t, m)}" for t, m in zip(texts, metas)]
        self._gram_bm25 = WeightedBM25([char_grams(f) or ["\0"] for f in fields]) if fields else None
        # the themes (条旨) alone, as a field of their own: a question in everyday words meets them undiluted
        self._themed = [i for i, m in enumerate(metas) if m.get("theme")]
        themes = [metas[i]["theme"] for i in self._themed]
        self._theme_bm25 = WeightedBM25([tokenize(t) or ["\0"] for t in themes]) if themes else None
        self._theme_gram_bm25 = WeightedBM25([char_grams(t) or ["\0"] for t in themes]) if themes else None
        self._built_for = self.kb.version

    def bm25(self, query: str, n: int, filters: dict) -> list[int]:
        """Indexes of the best BM25 chunks for the query and its synonyms (call after _ensure_bm25)."""
        return self._best(self._bm25, None, self.thesaurus.expand(query), n, filters)

    def gram_bm25(self, query: str, n: int, filters: dict) -> list[int]:
        """Indexes of the best chunks by the character bigrams of the query and its synonyms (after _ensure_bm25)."""
        return self._best(self._gram_bm25, None, self.thesaurus.expand_grams(query), n, filters)

    def theme_bm25(self, query: str, n: int, filters: dict, coverage: float = THEME_COVERAGE,
                   grams: bool = False) -> list[int]:
        """Indexes of the chunks whose themes best match the query and its synonyms (by words, or by character bigrams),
        among the themes that hold at least `coverage` of the question's terms, weighted by their rarity in the corpus
        (a question naming an agency or a report's own words is not drawn to articles by the one common word it shares
        with a theme). Call after _ensure_bm25."""
        full, index = (self._gram_bm25, self._theme_gram_bm25) if grams else (self._bm25, self._theme_bm25)
        if index is None or full is None:
            return []
        th = self.thesaurus
        weighted, own = (th.expand_grams(query), th.own_grams(query)) if grams else (th.expand(query), th.own_words(query))
        # a word the corpus never uses counts as a rare one: a theme lacking it covers less of the question
        unknown = OOV_RARITY * full.max_idf
        rarity = {t: w * full.idf.get(t, unknown) for t, w in weighted}
        total = sum(rarity[t] for t in set(own))
        if total <= 0:
            return []
        # a synonym in the theme stands for the question's own word: the share is of the question's words, at most 1
        covered = np.minimum(index.matched(list(rarity.items())) / total, 1.0)
        out: list[int] = []
        seen: set[tuple[str, str]] = set()
        for i in self._best(index, self._themed, weighted, n * 4, filters, covered >= coverage):
            key = (self.metas[i].get("doc", ""), self.metas[i]["theme"])
            if key not in seen and len(out) < n:  # a part split into several chunks ranks once, by its first chunk
                seen.add(key)
                out.append(i)
        return out

    def _best(self, index: WeightedBM25 | None, rows: list[int] | None, weighted: list[tuple[str, float]], n: int,
              filters: dict, eligible: np.ndarray | None = None) -> list[int]:
        if index is None or not weighted:
            return []
        scores = index.scores(weighted)
        if eligible is not None:
            scores = np.where(eligible, scores, 0.0)
        out: list[int] = []
        for j in np.argsort(-scores, kind="stable"):
            if scores[j] <= 0 or len(out) == n:
                break
            i = int(j) if rows is None else rows[j]
            if _matches(self.metas[i], filters):
                out.append(i)
        return out

    def _hits(self, rows: list[int]) -> list[Hit]:
        return [Hit(self.ids[i], self.texts[i], self.metas[i], 0.0) for i in rows]

    def _rankings(self, query: str, n: int, filters: dict) -> dict[str, list[Hit]]:
        """The rankings of the query by each field (WEIGHTS names them), as hits (scores not yet fused)."""
        intent = self.thesaurus.intent(query)
        coverage = THEME_COVERAGE_RULES if intent is not None and "regulation" in intent.prefer else THEME_COVERAGE
        out = {"words": self._hits(self.bm25(query, n, filters)),
               "themes": self._hits(self.theme_bm25(query, n, filters, coverage)),
               "grams": self._hits(self.gram_bm25(query, n, filters)),
               "theme_grams": self._hits(self.theme_bm25(query, n, filters, coverage, grams=True)),
               "vector": []}
        if self.ids:  # the chunks the BM25 index was built from: the collection as it is now
            try:
                docs = self.kb.store.similarity_search_with_score(query, k=min(n, len(self.ids)), filter=_where(filters))
            except Exception as exc:
                error = embedding_error(exc)
                if error is None:
                    raise
                raise error from exc
            out["vector"] = [Hit(str(doc.id), doc.page_content, doc.metadata, 0.0) for doc, _distance in docs]
        return out

    def search(self, query: str, k: int = 5, **filters) -> list[Hit]:
        filters = {key: v for key, v in filters.items() if v not in (None, "") and key in FILTER_KEYS}
        n = max(20, 4 * k)
        self._ensure_bm25()
        first = self._rankings(query, n, filters)
        by_bm25, by_vector = first["words"], first["vector"]
        rankings = [(ranking, WEIGHTS[name]) for name, ranking in first.items()]
        if self.assist is not None:
            self.assist.notes = []
            rewritten = self.assist.rewrite(query)
            if rewritten:
                rankings.extend((ranking, WEIGHTS[name]) for name, ranking in self._rankings(rewritten, n, filters).items())
        fused: dict[str, Hit] = {}
        for ranking, weight in rankings:
            for rank, h in enumerate(ranking, 1):
                hit = fused.setdefault(h.id, Hit(h.id, h.text, h.metadata, 0.0))
                hit.score += weight / (RRF_K + rank)
        for rank, h in enumerate(by_bm25, 1):
            fused[h.id].bm25_rank = rank
        for rank, h in enumerate(by_vector, 1):
            fused[h.id].vector_rank = rank
        intent = None if "type" in filters or "doc" in filters else self.thesaurus.intent(query)
        if intent is not None:  # the question asks for rules, or for exemplars: weigh those document types up
            for hit in fused.values():
                if hit.metadata.get("type") in intent.prefer:
                    hit.score *= 1.0 + self.thesaurus.intent_boost
        ranked = sorted(fused.values(), key=lambda h: -h.score)
        if self.assist is not None:
            ranked = self.assist.rerank(query, ranked)
        return ranked[:k]
