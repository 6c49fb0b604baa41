"""Class 7: a damaged index is detected, said in Chinese, set aside and rebuilt from the corpus and the uploads (which
are kept) — by the commands and by the app's start-up alike (both open it through open_index / open_checked)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from chromadb.api.client import SharedSystemClient

from assistant.knowledge.retrieval import HybridRetriever
from assistant.knowledge.store import KnowledgeBase, open_index
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXTRA = 1200  # chunks beyond the corpus: enough that Chroma writes its vector segment files (not only its log)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A data folder with a whole index (corpus, one upload, and enough chunks for the segment files), made once."""
    base = tmp_path_factory.mktemp("index")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus" / "regulations", corpus / "regulations")
    shutil.copy(ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt", corpus / "daqing.txt")
    uploads = base / "data" / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "本局笔记.txt").write_text("本局政务公开工作笔记：网站栏目调整。\n" * 20, encoding="utf-8")
    settings = Settings(data_dir=base / "data", corpus_dir=corpus)
    kb = open_index(settings)
    texts = [f"第{i}号 政府信息公开补充资料 {i} 件" for i in range(EXTRA)]
    kb.store.add_texts(texts, ids=[f"extra/{i}#0" for i in range(EXTRA)],
                       metadatas=[{"doc": f"extra/{i}", "doc_hash": "x", "type": "note", "title": f"x{i}"}
                                  for i in range(EXTRA)])
    SharedSystemClient.clear_system_cache()
    segments = [p for p in (base / "data" / "chroma").iterdir() if p.is_dir()]
    assert segments and any(p.name == "index_metadata.pickle" for s in segments for p in s.iterdir())
    return base


def _copy(built: Path, tmp_path: Path) -> Settings:
    shutil.copytree(built / "data", tmp_path / "data")
    SharedSystemClient.clear_system_cache()
    return Settings(data_dir=tmp_path / "data", corpus_dir=built / "corpus")


def _truncate_sqlite(chroma: Path) -> str:
    with open(chroma / "chroma.sqlite3", "r+b") as f:
        f.truncate(8192)
    return "chroma.sqlite3"


def _garble_segment(chroma: Path) -> str:
    for folder in (p for p in chroma.iterdir() if p.is_dir()):
        for f in folder.iterdir():
            f.write_bytes(os.urandom(max(16, f.stat().st_size)))
    return "向量索引文件"


def _remove_segment(chroma: Path) -> str:
    for folder in (p for p in chroma.iterdir() if p.is_dir()):
        shutil.rmtree(folder)
    return "索引"


@pytest.mark.parametrize("damage", [_truncate_sqlite, _garble_segment, _remove_segment])
def test_a_damaged_index_is_said_set_aside_and_rebuilt_from_corpus_and_uploads(built, tmp_path, damage):
    settings = _copy(built, tmp_path)
    chroma = settings.data_dir / "chroma"
    words = damage(chroma)
    said: list[str] = []
    kb = open_index(settings, log=said.append)
    assert kb.recovered and "已损坏" in kb.recovered and words in kb.recovered and "已自动重建" in kb.recovered
    assert said and "正在从知识库目录和上传的文档重建" in said[0]
    docs = kb.manifest()
    assert "regulations/regulation-2019.md" in docs and "daqing.txt" in docs
    assert any(d.endswith("本局笔记.txt") for d in docs)  # the upload is kept and indexed again
    assert (settings.data_dir / "uploads" / "本局笔记.txt").exists()
    assert [p.name for p in settings.data_dir.iterdir() if p.name.startswith("chroma.damaged-")]  # kept aside
    hits = HybridRetriever(kb).search("信息处理费", k=3, type="regulation")
    assert hits and hits[0].metadata["article"] == "第四十二条"
    assert open_index(settings).recovered == ""  # the rebuilt index is sound


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir)}
    for key in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
        env.pop(key, None)
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=settings.data_dir)


def test_draft_and_search_recover_from_a_damaged_index_without_a_traceback(built, tmp_path):
    settings = _copy(built, tmp_path)
    _remove_segment(settings.data_dir / "chroma")  # (search used to work here while draft crashed)
    facts = tmp_path / "facts.yaml"
    facts.write_text("agency: 某某市某某局\nyear: 2023\nfacts:\n  overview: ['全年主动公开政府信息 1520 条']\n",
                     encoding="utf-8")
    r = _cli(settings, "draft", "overview", "--facts", str(facts))
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    assert "知识库索引已损坏" in r.stderr and "已自动重建" in r.stderr and "1520" in r.stdout
    _truncate_sqlite(settings.data_dir / "chroma")
    r = _cli(settings, "search", "信息处理费", "-k", "1", "--type", "regulation")
    assert r.returncode == 0 and "Traceback" not in r.stderr and "chroma.sqlite3" in r.stderr
    assert "第四十二条" in r.stdout


def test_a_damaged_index_cannot_be_opened_unchecked_by_kb_users(built, tmp_path):
    """(The check is real: the damaged copy does fail when read without it.)"""
    settings = _copy(built, tmp_path)
    _garble_segment(settings.data_dir / "chroma")
    kb = KnowledgeBase(settings)
    with pytest.raises(Exception):  # noqa: B017 - whatever chromadb raises
        kb.collection.query(query_embeddings=[kb.embeddings.embed_query("条例")], n_results=1)
