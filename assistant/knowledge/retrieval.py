"""Hybrid retrieval: jieba BM25 and vector search, fused by reciprocal rank; every hit carries its citation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

from .store import KnowledgeBase
from .tokens import tokenize

RRF_K = 60
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
                "subsection": m.get("subsection"), "article": m.get("article"), "citation": self.citation,
                "kind": self.kind,
                "snippet": self.snippet(), "score": round(self.score, 5)}


def _matches(meta: dict, filters: dict) -> bool:
    return all(meta.get(k) == v for k, v in filters.items())


def _where(filters: dict) -> dict | None:
    items = [{k: v} for k, v in filters.items()]
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


class HybridRetriever:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._built_for = -1
        self._bm25: BM25Okapi | None = None

    def _ensure_bm25(self) -> None:
        if self._built_for == self.kb.version and self._bm25 is not None:
            return
        ids, texts, metas = self.kb.all_chunks()
        self.ids, self.texts, self.metas = ids, texts, metas
        corpus = [(m.get("tokens") or "").split() or ["\0"] for m in metas]
        self._bm25 = BM25Okapi(corpus) if corpus else None
        self._built_for = self.kb.version

    def bm25(self, query: str, n: int, filters: dict) -> list[int]:
        """Indexes of the best BM25 chunks (call after _ensure_bm25)."""
        if self._bm25 is None:
            return []
        tokens = tokenize(query)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        out: list[int] = []
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] <= 0 or len(out) == n:
                break
            if _matches(self.metas[i], filters):
                out.append(int(i))
        return out

    def search(self, query: str, k: int = 5, **filters) -> list[Hit]:
        filters = {key: v for key, v in filters.items() if v not in (None, "") and key in FILTER_KEYS}
        n = max(20, 4 * k)
        self._ensure_bm25()
        fused: dict[str, Hit] = {}
        for rank, i in enumerate(self.bm25(query, n, filters), 1):
            hit = fused.setdefault(self.ids[i], Hit(self.ids[i], self.texts[i], self.metas[i], 0.0))
            hit.score += 1.0 / (RRF_K + rank)
            hit.bm25_rank = rank
        if self.ids:  # the chunks the BM25 index was built from: the collection as it is now
            docs = self.kb.store.similarity_search_with_score(query, k=min(n, len(self.ids)), filter=_where(filters))
            for rank, (doc, _distance) in enumerate(docs, 1):
                doc_id = str(doc.id)
                hit = fused.setdefault(doc_id, Hit(doc_id, doc.page_content, doc.metadata, 0.0))
                hit.score += 1.0 / (RRF_K + rank)
                hit.vector_rank = rank
        return sorted(fused.values(), key=lambda h: -h.score)[:k]
