"""Ingest time for the corpus multiplied to ~1,000 reports, and query latency p50/p95 at that size over every labelled
query set (the regulation's wording, the paraphrased questions and the two held-out sets), with the offline default:
thesaurus expansion, word and character-bigram BM25 over chunks and themes, intent routing, no model, no embedding
endpoint (targets: ingest < 60 s; p95 < 50 ms). Embedded Chroma in a temp dir.

Run: .venv/bin/python bench/bench_retrieval.py [copies]
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evals.retrieval import load_queries, query_sets  # noqa: E402
from assistant.knowledge.retrieval import HybridRetriever  # noqa: E402
from assistant.knowledge.store import KnowledgeBase  # noqa: E402
from assistant.settings import Settings  # noqa: E402


def main(copies: int = 100) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        shutil.copytree(ROOT / "corpus" / "regulations", corpus / "regulations")
        reports = [p for p in (ROOT / "corpus" / "reports").glob("*.txt")]
        n = 0
        for c in range(copies):
            folder = corpus / "reports" / f"batch{c:03d}"
            folder.mkdir(parents=True)
            for p in reports:
                # a distinct document each time (another agency and year), so nothing is deduplicated
                text = p.read_text(encoding="utf-8").replace("政府信息公开", f"政府信息公开（第{c}批）", 1)
                (folder / p.name).write_text(text, encoding="utf-8")
                n += 1
        settings = Settings(data_dir=tmp / "data", corpus_dir=corpus, chroma_host=None, embedding_base_url=None)
        kb = KnowledgeBase(settings)
        t0 = time.perf_counter()
        kb.ingest([corpus])
        ingest = time.perf_counter() - t0
        print(f"ingest: {n} reports + 3 regulation/notice files = {kb.count():,} chunks in {ingest:.1f} s "
              f"(target < 60 s; ratio {60 / ingest:.1f}x)")
        t0 = time.perf_counter()
        again = kb.ingest([corpus])
        print(f"re-ingest unchanged: {len(again.unchanged)} skipped in {time.perf_counter() - t0:.2f} s")

        retriever = HybridRetriever(kb)
        t0 = time.perf_counter()
        retriever.search("预热", k=5)
        print(f"first query (builds the BM25 index): {(time.perf_counter() - t0) * 1000:.0f} ms")
        queries = [q["query"] for path in query_sets(Settings()).values() for q in load_queries(path)]
        times = []
        for _ in range(3):
            for q in queries:
                t0 = time.perf_counter()
                retriever.search(q, k=5)
                times.append(time.perf_counter() - t0)
        times.sort()
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95)]
        print(f"query latency over {len(times)} queries: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
              f"(target p95 < 50 ms; ratio {0.05 / p95:.1f}x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
