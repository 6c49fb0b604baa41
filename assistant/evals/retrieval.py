"""Retrieval eval: recall@k and MRR over the labelled query set in evals/retrieval/queries.yaml."""

from __future__ import annotations

import contextlib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "evals" / "retrieval" / "queries.yaml"


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


def load_queries(path: Path = QUERIES) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


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


def eval_index(corpus: Path = ROOT / "corpus"):
    """A fresh offline index of corpus/ in a temp dir, for reproducible evals: (tmpdir, kb, retriever).

    Document ids are made relative to the project, as the query set names them, wherever the command runs."""
    from ..knowledge.retrieval import HybridRetriever
    from ..knowledge.store import KnowledgeBase
    from ..settings import Settings

    tmp = tempfile.TemporaryDirectory()
    kb = KnowledgeBase(Settings(data_dir=Path(tmp.name), chroma_host=None, embedding_base_url=None, embedding_model=None))
    with contextlib.chdir(ROOT):
        kb.ingest([corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus])
    return tmp, kb, HybridRetriever(kb)


def run(k: int = 5) -> RetrievalScore:
    """Score the query set on a fresh index of corpus/ (offline embedding)."""
    tmp, _, retriever = eval_index()
    with tmp:
        return score(retriever, load_queries(), k)
