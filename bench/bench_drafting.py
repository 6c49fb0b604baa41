"""Drafting overhead on top of the model (retrieval + prompt + guard) with a stub that answers at once
(target < 300 ms per section), and the offline full-report draft time (target < 1 s).

Run: .venv/bin/python bench/bench_drafting.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.drafting.draft import draft_section  # noqa: E402
from assistant.drafting.facts import load_facts  # noqa: E402
from assistant.knowledge.retrieval import HybridRetriever  # noqa: E402
from assistant.knowledge.store import KnowledgeBase  # noqa: E402
from assistant.llm import model_from_settings  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.stub_openai import StubOpenAI  # noqa: E402

SECTIONS = ("intro", "overview", "problems", "other")


def main() -> None:
    facts = load_facts(ROOT / "evals" / "facts" / "seed_2021_daqing.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(Settings(data_dir=Path(tmp), chroma_host=None, embedding_base_url=None))
        kb.ingest([ROOT / "corpus"])
        retriever = HybridRetriever(kb)
        retriever.search("预热", k=1)
        with StubOpenAI() as stub:
            model = model_from_settings(Settings(openai_base_url=stub.base_url, openai_api_key="k", model="stub", timeout=5))
            times = {s: [] for s in SECTIONS}
            for _ in range(10):
                for section in SECTIONS:
                    stub.script = [{"reply": "2021年，大庆市公共资源交易中心全年主动公开政务信息累计11627条。"}]
                    t0 = time.perf_counter()
                    draft_section(facts, section, model, retriever=retriever)
                    times[section].append(time.perf_counter() - t0)
            for section, ts in times.items():
                print(f"model path overhead, {section}: median {statistics.median(ts) * 1000:.1f} ms, "
                      f"max {max(ts) * 1000:.1f} ms (stub answers at once; target < 300 ms)")
        runs = []
        for _ in range(10):
            t0 = time.perf_counter()
            for section in SECTIONS:
                draft_section(facts, section, None, retriever=retriever)
            runs.append(time.perf_counter() - t0)
        print(f"offline full report (4 sections, retrieval included): median {statistics.median(runs) * 1000:.0f} ms "
              f"(target < 1 s; ratio {1 / statistics.median(runs):.1f}x)")


if __name__ == "__main__":
    main()
