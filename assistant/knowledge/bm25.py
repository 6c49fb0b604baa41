"""BM25 over tokens (jieba words, or character bigrams) with weighted query terms (an expanded query weighs its synonyms lower).

rank_bm25's BM25Okapi fits the statistics (idf, document lengths); scoring reads precomputed per-term contributions,
so a query costs time in proportion to the postings of its terms, not to the number of chunks times its terms."""

from __future__ import annotations

import numpy as np
from rank_bm25 import BM25Okapi


class WeightedBM25:
    def __init__(self, corpus: list[list[str]]):
        model = BM25Okapi(corpus)
        self.size = len(corpus)
        vocab: dict[str, int] = {}
        docs: list[int] = []
        terms: list[int] = []
        freqs: list[int] = []
        for i, counts in enumerate(model.doc_freqs):
            for term, tf in counts.items():
                docs.append(i)
                terms.append(vocab.setdefault(term, len(vocab)))
                freqs.append(tf)
        doc = np.asarray(docs, dtype=np.int32)
        term = np.asarray(terms, dtype=np.int32)
        tf = np.asarray(freqs, dtype=np.float32)
        idf = np.zeros(len(vocab), dtype=np.float32)
        for word, t in vocab.items():
            idf[t] = model.idf.get(word) or 0.0
        norm = model.k1 * (1 - model.b + model.b * np.asarray(model.doc_len, dtype=np.float32) / (model.avgdl or 1.0))
        contrib = idf[term] * tf * (model.k1 + 1) / (tf + norm[doc])
        order = np.argsort(term, kind="stable")
        self._doc, self._contrib = doc[order], contrib[order].astype(np.float32)
        starts = np.searchsorted(term[order], np.arange(len(vocab) + 1))
        self._span = {word: (int(starts[t]), int(starts[t + 1])) for word, t in vocab.items()}
        self.idf: dict[str, float] = {word: max(float(v), 0.0) for word, v in model.idf.items()}
        self.max_idf = max(self.idf.values(), default=0.0)

    def scores(self, weighted: list[tuple[str, float]]) -> np.ndarray:
        """The BM25 score of every chunk for the weighted tokens (the same as BM25Okapi.get_scores with weights 1)."""
        out = np.zeros(self.size, dtype=np.float32)
        for token, weight in weighted:
            span = self._span.get(token)
            if span:
                a, b = span
                out[self._doc[a:b]] += weight * self._contrib[a:b]
        return out

    def matched(self, weighted: list[tuple[str, float]]) -> np.ndarray:
        """For every chunk, the sum of the weights of the tokens it contains (each counted once)."""
        out = np.zeros(self.size, dtype=np.float32)
        for token, weight in weighted:
            span = self._span.get(token)
            if span:
                out[self._doc[span[0]:span[1]]] += weight
        return out
