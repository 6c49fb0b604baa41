"""Retrieval eval: recall@k and MRR over the labelled query set retrieval/queries.yaml of the evals folder
(Settings.evals_dir), on a fresh index of the corpus folder (Settings.corpus_dir)."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml



@dataclass
class RetrievalScore:
    recall: float
    mrr: float
    k: int
    n: int
    seconds: float
    misses: list[dict] = field(default_factory=list)

    def public(self) -> dict:
        return {"recall_at_k": round(self.recall, 4), "mrr": round(self.mrr, 4), "k": self.k, "queries": self.n,
                "seconds": round(self.seconds, 3), "misses": self.misses}


def queries_path(settings) -> Path:
    return Path(settings.evals_dir) / "retrieval" / "queries.yaml"


def load_queries(path: Path) -> list[dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def relevant(meta: dict, expect: dict) -> bool:
    return all(meta.get(k) == v for k, v in expect.items())


def score(retriever, queries: list[dict], k: int = 5) -> RetrievalScore:
    t0 = time.perf_counter()
    hits_at_k, rr, misses = 0, 0.0, []
    for q in queries:
        hits = retriever.search(q["query"], k=k, **q.get("filters", {}))
        rank = next((i for i, h in enumerate(hits, 1) if relevant(h.metadata, q["expect"])), None)
        if rank is not None:
            hits_at_k += 1
            rr += 1.0 / rank
        else:
            misses.append({"query": q["query"], "expect": q["expect"], "got": [h.citation for h in hits]})
    n = len(queries)
    return RetrievalScore(hits_at_k / n, rr / n, k, n, time.perf_counter() - t0, misses)


def eval_index(settings):
    """A fresh offline index of settings.corpus_dir in a temp dir, for reproducible evals: (tmpdir, kb, retriever).

    Document ids are relative to the corpus folder, as the query set names them, wherever the command runs."""
    from ..knowledge.retrieval import HybridRetriever
    from ..knowledge.store import KnowledgeBase

    tmp = tempfile.TemporaryDirectory()
    kb = KnowledgeBase(settings.model_copy(update={"data_dir": Path(tmp.name), "chroma_host": None,
                                                   "embedding_base_url": None, "embedding_model": None}))
    kb.ingest([Path(settings.corpus_dir)])
    return tmp, kb, HybridRetriever(kb)


def run(settings, k: int = 5) -> RetrievalScore:
    """Score the query set on a fresh index of the corpus (offline embedding)."""
    tmp, _, retriever = eval_index(settings)
    with tmp:
        return score(retriever, load_queries(queries_path(settings)), k)
