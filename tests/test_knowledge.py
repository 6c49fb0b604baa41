"""The knowledge base on a real Chroma store in a temp dir (and a real `chroma run` server)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.knowledge.documents import load_document
from assistant.knowledge.embeddings import HashingEmbeddings
from assistant.knowledge.retrieval import HybridRetriever
from assistant.knowledge.splitting import split_document
from assistant.knowledge.store import KnowledgeBase, KnowledgeError
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", dest)
    return dest


@pytest.fixture()
def kb(tmp_path) -> KnowledgeBase:
    return KnowledgeBase(Settings(data_dir=tmp_path / "data", chroma_host=None, embedding_base_url=None))


def _doc_count(kb: KnowledgeBase) -> dict[str, int]:
    return {d: v["chunks"] for d, v in kb.manifest().items()}


def test_ingest_is_incremental_and_idempotent(kb, corpus):
    first = kb.ingest([corpus])
    assert len(first.added) == 13 and not first.failed and first.chunks == kb.count() > 150
    counts = _doc_count(kb)

    again = kb.ingest([corpus])
    assert again.added == again.replaced == again.deleted == [] and again.chunks == 0
    assert len(again.unchanged) == 13 and _doc_count(kb) == counts

    seed = corpus / "reports" / "2021_大庆市公共资源交易中心.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("六、其他需要报告的事项\n\n无。",
                                                             "六、其他需要报告的事项\n\n本年度未收取信息处理费，另建成湿地鸟类观测站。"),
                    encoding="utf-8")
    changed = kb.ingest([corpus])
    seed_id = next(d for d in counts if d.endswith("2021_大庆市公共资源交易中心.txt"))
    assert changed.replaced == [seed_id] and len(changed.unchanged) == 12
    assert _doc_count(kb)[seed_id] == counts[seed_id]  # replaced, not duplicated
    hits = HybridRetriever(kb).search("湿地鸟类观测站", k=3)
    assert hits[0].metadata["doc"] == seed_id and "湿地鸟类观测站" in hits[0].text

    gone = corpus / "reports" / "2024_国家卫生健康委员会.txt"
    gone_id = next(d for d in counts if d.endswith(gone.name))
    gone.unlink()
    removed = kb.ingest([corpus])
    assert removed.deleted == [gone_id]
    assert gone_id not in kb.manifest()
    assert all(h.metadata["doc"] != gone_id for h in HybridRetriever(kb).search("卫生健康标准", k=10))


def test_filters_and_citations(kb, corpus):
    kb.ingest([corpus])
    r = HybridRetriever(kb)
    hits = r.search("年度报告应当包括哪些内容", k=5, type="regulation")
    assert hits and all(h.metadata["type"] == "regulation" for h in hits)
    assert hits[0].metadata["article"] == "第五十条" and hits[0].citation.endswith("》第五十条")
    for h in r.search("行政复议 行政诉讼", k=5, type="report", year=2021):
        assert h.metadata["type"] == "report" and h.metadata["year"] == 2021
    sec = r.search("存在的问题 改进", k=5, section_no="五")
    assert sec and all(h.metadata["section_no"] == "五" for h in sec)
    for h in r.search("依申请公开", k=8):
        pub = h.public()
        assert pub["chunk_id"] == h.id and pub["title"] and pub["citation"].startswith("《")
        assert pub["snippet"].rstrip("…").replace(" ", "") in " ".join(h.text.split()).replace(" ", "")
        assert h.metadata["section"] or h.metadata["article"]


def test_regulation_one_article_per_chunk():
    doc = load_document(ROOT / "corpus" / "regulations" / "regulation-2019.md", ROOT / "corpus")
    chunks = split_document(doc)
    assert len(chunks) == 56
    assert chunks[0].metadata["article"] == "第一条" and chunks[-1].metadata["article"] == "第五十六条"
    assert chunks[49].metadata["chapter"] == "第五章 监督和保障"
    assert all(c.page_content.startswith(c.metadata["article"]) for c in chunks)


def test_report_chunks_keep_sections_and_whole_table_rows():
    doc = load_document(ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt", ROOT / "corpus")
    chunks = split_document(doc)
    sections = {c.metadata["section"] for c in chunks}
    assert {"一、总体情况", "五、存在的主要问题及改进情况", "四、政府信息公开行政复议、行政诉讼情况"} <= sections
    table_lines = [l for l in doc.text.splitlines() if "\t" in l and l.strip()]
    for line in table_lines:
        assert any(line.strip() in c.page_content for c in chunks), line
    table3 = next(c for c in chunks if c.metadata["section_no"] == "三")
    assert table3.page_content.startswith("三、收到和处理政府信息公开申请情况")  # the table carries its header


def test_offline_embedding_is_meaningful():
    emb = HashingEmbeddings()
    a, b, c = (np.array(v) for v in emb.embed_documents(
        ["行政机关收到政府信息公开申请应当在20个工作日内答复", "依申请公开的答复期限是20个工作日", "今年开展植树造林活动"]))
    assert abs(np.linalg.norm(a) - 1) < 1e-5
    assert a @ b > a @ c + 0.1
    assert emb.embed_query("同一段文字") == emb.embed_query("同一段文字")


def test_index_refuses_a_different_embedding(tmp_path, corpus):
    settings = Settings(data_dir=tmp_path / "data", chroma_host=None, embedding_base_url=None)
    KnowledgeBase(settings).ingest([corpus / "regulations"])
    with pytest.raises(KnowledgeError, match="不能混用"):
        KnowledgeBase(settings, embeddings=HashingEmbeddings(dim=512), embedding_id="hashing-jieba-bigram-512-v1")


def test_chroma_server(tmp_path, corpus):
    chroma = Path(sys.executable).parent / "chroma"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        settings = Settings(data_dir=tmp_path / "unused", chroma_host="127.0.0.1", chroma_port=port, embedding_base_url=None)
        deadline = time.time() + 30
        while True:
            try:
                kb = KnowledgeBase(settings)
                break
            except Exception:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        result = kb.ingest([corpus / "regulations"])
        assert len(result.added) == 3
        hits = HybridRetriever(kb).search("信息处理费", k=3, type="regulation")
        assert hits[0].metadata["article"] == "第四十二条"
        assert not (tmp_path / "unused" / "chroma").exists()  # nothing embedded: the server holds the index
        assert KnowledgeBase(settings).count() == kb.count()  # a second client sees the same index
    finally:
        proc.terminate()
        proc.wait(10)


def test_cli_search_and_eval(tmp_path):
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "assistant", *a], capture_output=True, text=True,  # noqa: E731
                                    cwd=ROOT, env=env, timeout=300)
    empty = run("search", "信息处理费")
    assert empty.returncode == 2 and "assistant ingest" in empty.stderr
    assert run("ingest").returncode == 0
    out = json.loads(run("search", "信息处理费", "--type", "regulation", "--json", "-k", "2").stdout)
    assert out["hits"][0]["article"] == "第四十二条" and out["hits"][0]["doc"] == "regulations/regulation-2019.md"
    assert out["notes"] == [] and all(h["theme"] for h in out["hits"])  # no model configured; articles carry their theme
    ev = run("eval", "retrieval", "--json", "--min-recall", "0.9", "--baseline", "evals/baselines/offline.json")
    assert ev.returncode == 0, ev.stdout + ev.stderr
    score = json.loads(ev.stdout)
    assert score["queries"] >= 40 and score["recall_at_k"] >= 0.9 and 0 < score["mrr"] <= 1  # the wording set, as before
    wording, paraphrase = score["sets"]["wording"], score["sets"]["paraphrase"]
    assert wording["recall_at_k"] == score["recall_at_k"] and wording["recall_at_k"] >= 0.96 and wording["mrr"] >= 0.9
    assert paraphrase["queries"] >= 60 and paraphrase["recall_at_k"] >= 0.9 and paraphrase["mrr"] >= 0.75
    assert score["regressions"] == [] and {"holdout", "holdout2"} <= set(score["sets"])
    assert {"retrieval_holdout_mrr", "retrieval_holdout2_recall_at_5", "retrieval_holdout2_mrr"} <= set(score["metrics"])
    assert {"retrieval_recall_at_5", "retrieval_mrr", "retrieval_paraphrase_recall_at_5", "retrieval_paraphrase_mrr"} \
        <= set(score["metrics"])
    baseline = json.loads((ROOT / "evals/baselines/offline.json").read_text(encoding="utf-8"))
    baseline["metrics"]["retrieval_paraphrase_mrr"] = 1.5  # a baseline no retrieval can reach: the gate covers the set
    higher = tmp_path / "higher.json"
    higher.write_text(json.dumps(baseline), encoding="utf-8")
    gated = run("eval", "retrieval", "--baseline", str(higher))
    assert gated.returncode == 1 and "retrieval_paraphrase_mrr" in gated.stdout and "日常问法" in gated.stdout


def test_files_without_sidecar_get_their_type_from_content(tmp_path):
    seed = tmp_path / "大庆.txt"
    seed.write_text((ROOT / "corpus/reports/2021_大庆市公共资源交易中心.txt").read_text(encoding="utf-8"), encoding="utf-8")
    doc = load_document(seed, ROOT / "corpus")
    assert doc.meta["type"] == "report" and doc.meta["year"] == 2021 and doc.meta["agency"] == "大庆市公共资源交易中心"
    assert len(split_document(doc)) >= 10  # “第二十条第（一）项” does not make it a regulation
    reg = tmp_path / "条例.md"
    reg.write_text((ROOT / "corpus/regulations/regulation-2019.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_document(reg, ROOT / "corpus").meta["type"] == "regulation"


def test_ids_are_relative_to_the_corpus_from_any_working_directory(tmp_path, corpus, monkeypatch):
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chroma_host=None, embedding_base_url=None))
    monkeypatch.chdir(tmp_path)
    first = kb.ingest([Path("corpus")])
    assert "reports/2021_大庆市公共资源交易中心.txt" in first.added and "regulations/regulation-2019.md" in first.added
    counts = _doc_count(kb)
    monkeypatch.chdir(corpus / "reports")
    again = kb.ingest([corpus], prune=True)  # another working directory: the same ids, nothing indexed twice
    assert again.added == again.deleted == [] and len(again.unchanged) == 13 and _doc_count(kb) == counts
    outside = tmp_path / "外部.md"
    outside.write_text((corpus / "regulations" / "regulation-2019.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert kb.ingest([outside], prune=False).added == [outside.resolve().as_posix()]  # outside the corpus: absolute
    (corpus / "reports" / "2024_国家卫生健康委员会.txt").unlink()
    monkeypatch.chdir(tmp_path)
    pruned = kb.ingest([Path("corpus")])
    assert pruned.deleted == ["reports/2024_国家卫生健康委员会.txt"]
    assert outside.resolve().as_posix() in kb.manifest()  # pruning the corpus leaves files from elsewhere alone


def test_an_index_with_old_ids_is_rebuilt_cleanly(tmp_path, corpus, monkeypatch):
    from assistant.knowledge.store import DOC_IDS, open_index

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chroma_host=None, embedding_base_url=None)
    kb = KnowledgeBase(settings)
    monkeypatch.chdir(tmp_path)
    kb.ingest([corpus])
    counts = _doc_count(kb)
    old = {"embedding": kb.embedding_id}  # no doc_ids marker: as indexes were when ids followed the working directory
    kb.collection.modify(metadata=old)
    stale = KnowledgeBase(settings)
    assert stale.stale_ids and stale.collection.metadata.get("doc_ids") != DOC_IDS and stale.count() > 0
    result = stale.ingest([corpus])
    assert "旧索引已清空并重建" in result.summary() and len(result.added) == 13 and not result.unchanged
    assert KnowledgeBase(settings).stale_ids is False and _doc_count(stale) == counts
    KnowledgeBase(settings).collection.modify(metadata=old)
    logged: list[str] = []
    reopened = open_index(settings, log=logged.append)  # the app and `assistant draft` rebuild it on opening
    assert not reopened.stale_ids and "旧索引已清空并重建" in logged[-1] and len(reopened.manifest()) == 13
