"""The index: Chroma through langchain-chroma (embedded PersistentClient, or a shared Chroma server),
ingested incrementally by content hash, recording which embedding built it."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.api.collection_configuration import CreateCollectionConfiguration
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from ..errors import AssistantError, InputError
from .documents import doc_id, find_files, load_document, under
from .splitting import split_document
from .tokens import tokenize

# Cosine space (the vectors are L2-normalised); one insertion thread and a wide search beam, so that the same corpus
# always gives the same index and the same answers (evals compare runs).
HNSW: CreateCollectionConfiguration = {"hnsw": {"space": "cosine", "num_threads": 1, "ef_construction": 200, "ef_search": 200}}
BATCH = 1000  # chunks per Chroma write
# How document ids are formed (recorded in the collection): relative to the corpus folder, see documents.doc_id.
# An index whose ids were formed otherwise (relative to the working directory, before) is rebuilt on the next ingest.
DOC_IDS = "corpus-relative-v1"
ID_CHANGE_NOTE = "知识库的文档编号已改为相对知识库目录，与运行目录无关；旧索引已清空并重建"


def index_text(text: str, meta: dict) -> str:
    """What a chunk is indexed by (BM25 tokens and vector): its theme line, when it has one, and its text."""
    theme = meta.get("theme") or ""
    return f"{theme}\n{text}" if theme else text


def chroma_settings() -> ChromaSettings:
    """A fresh settings object for each client: chromadb writes the client kind into the one it is given."""
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class KnowledgeError(AssistantError):
    """A problem with the index; the message is Chinese."""


def embedding_error(exc: Exception) -> KnowledgeError | None:
    """An OpenAI-compatible embedding endpoint's error, in Chinese (None: not an error of the endpoint)."""
    from ..llm.openai_compatible import fault_of

    fault = fault_of(exc)
    return None if fault is None else KnowledgeError(f"嵌入接口出错：{fault}")


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    demoted: dict[str, str] = field(default_factory=dict)  # said to be a regulation or notice, but not a shipped text
    chunks: int = 0
    rebuilt: str = ""  # why the whole index was rebuilt first, if it was

    def summary(self) -> str:
        text = f"{self.rebuilt}。" if self.rebuilt else ""
        text += (f"新增 {len(self.added)} 份、更新 {len(self.replaced)} 份、未变 {len(self.unchanged)} 份、"
                f"删除 {len(self.deleted)} 份，写入 {self.chunks} 个片段")
        if self.failed:
            text += "；无法读取：" + "；".join(f"{k}（{v}）" for k, v in self.failed.items())
        if self.demoted:
            text += "；按普通资料收录：" + "；".join(f"{k}（{v}）" for k, v in self.demoted.items())
        return text


def make_client(settings) -> chromadb.ClientAPI:
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings())
        except Exception as exc:  # connection refused, wrong host…
            raise KnowledgeError(f"无法连接 Chroma 服务器 {settings.chroma_host}:{settings.chroma_port}：{exc}") from exc
    path = Path(settings.data_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings())


class KnowledgeBase:
    def __init__(self, settings, embeddings: Embeddings | None = None, embedding_id: str | None = None):
        from .embeddings import make_embeddings

        if embeddings is None:
            embeddings, embedding_id = make_embeddings(settings)
        self.embedding_id = embedding_id or type(embeddings).__name__
        self.settings = settings
        self.corpus = Path(settings.corpus_dir).resolve()
        self.client = make_client(settings)
        self.name = settings.collection
        self.embeddings = embeddings
        self.store = self._open_store(embeddings)
        meta = self.collection.metadata or {}
        built_with = meta.get("embedding")
        if built_with and built_with != self.embedding_id:
            raise KnowledgeError(f"知识库索引由嵌入“{built_with}”建立，当前配置的是“{self.embedding_id}”，不能混用；"
                                 "请运行 assistant ingest --rebuild 重建索引")
        self._version = 0
        self.recovered = ""  # set when the index was found damaged and rebuilt (open_checked)
        # ids formed another way: an empty collection just takes the new marker; a filled one is rebuilt on ingest
        self.stale_ids = meta.get("doc_ids") != DOC_IDS
        if self.stale_ids and self.count() == 0:
            self.rebuild()

    def _open_store(self, embeddings: Embeddings) -> Chroma:
        return Chroma(collection_name=self.name, embedding_function=embeddings, client=self.client,
                      collection_metadata={"embedding": self.embedding_id, "doc_ids": DOC_IDS},
                      collection_configuration=HNSW)

    @property
    def collection(self):
        return self.store._collection

    # ---- reading the index ---------------------------------------------------------------------

    def manifest(self) -> dict[str, dict]:
        """doc id → {hash, title, type, chunks} for every indexed document."""
        got = self.collection.get(include=["metadatas"])
        docs: dict[str, dict] = {}
        for meta in got["metadatas"] or []:
            d = docs.setdefault(meta["doc"], {"hash": meta["doc_hash"], "title": meta.get("title", ""),
                                              "type": meta.get("type", ""), "year": meta.get("year", 0),
                                              "agency": meta.get("agency", ""), "chunks": 0})
            d["chunks"] += 1
        return docs

    def all_chunks(self) -> tuple[list[str], list[str], list[dict]]:
        got = self.collection.get(include=["documents", "metadatas"])
        return got["ids"], got["documents"], got["metadatas"]

    def count(self) -> int:
        return self.collection.count()

    @property
    def version(self) -> int:
        """Changes whenever ingest writes; retrievers rebuild their BM25 index on change."""
        return self._version

    # ---- writing -------------------------------------------------------------------------------

    def delete_doc(self, doc: str) -> None:
        self.collection.delete(where={"doc": doc})
        self._version += 1

    def ingest(self, paths: list[Path], *, progress: bool = False, prune: bool = True) -> IngestResult:
        """Index files and folders: unchanged documents are skipped, changed ones replaced, and (with prune)
        documents that were indexed from these folders but are gone are deleted. Ids are relative to the corpus folder
        (settings.corpus_dir), so the same files give the same ids from any working directory. An index whose ids were
        formed otherwise is first rebuilt (result.rebuilt says so)."""
        from tqdm import tqdm

        result = IngestResult()
        if self.stale_ids:
            self.rebuild()
            result.rebuilt = ID_CHANGE_NOTE
        files = find_files(paths)
        existing = self.manifest()
        seen: set[str] = set()
        batch: list = []

        def flush() -> None:  # one write for many documents: each Chroma write has a fixed cost
            if batch:
                # a chunk's vector is of its theme (条旨) and its text; the stored text, which results cite, is its own
                try:
                    vectors = self.embeddings.embed_documents([index_text(c.page_content, c.metadata) for c in batch])
                except Exception as exc:
                    error = embedding_error(exc)
                    if error is None:
                        raise
                    raise error from exc
                self.collection.add(ids=[str(c.id) for c in batch], embeddings=vectors,
                                    documents=[c.page_content for c in batch], metadatas=[c.metadata for c in batch])
                batch.clear()
                self._version += 1

        for path in tqdm(files, desc="建立索引", unit="份", disable=not progress):
            try:
                doc = load_document(path, self.corpus)
            except (InputError, OSError) as exc:
                result.failed[doc_id(path, self.corpus)] = str(exc)
                continue
            seen.add(doc.id)
            if doc.meta.get("demoted"):
                result.demoted[doc.id] = str(doc.meta["demoted"])
            old = existing.get(doc.id)
            if old is not None and old["hash"] == doc.hash:
                result.unchanged.append(doc.id)
                continue
            chunks = split_document(doc)
            for c in chunks:
                c.metadata["tokens"] = " ".join(tokenize(c.metadata.get("title", "") + " " + c.metadata.get("section", "")
                                                         + " " + index_text(c.page_content, c.metadata)))
            if old is not None:
                self.delete_doc(doc.id)
                result.replaced.append(doc.id)
            else:
                result.added.append(doc.id)
            batch.extend(chunks)
            result.chunks += len(chunks)
            if len(batch) >= BATCH:
                flush()
        flush()
        if prune:
            roots = [doc_id(p, self.corpus) for p in paths if p.is_dir()]
            for stale in existing:
                if stale not in seen and any(under(stale, r) for r in roots):
                    self.delete_doc(stale)
                    result.deleted.append(stale)
        return result

    def rebuild(self) -> None:
        self.client.delete_collection(self.name)
        self.store = self._open_store(self.embeddings)
        self.stale_ids = False
        self._version += 1


def drop_index(settings) -> None:
    """Delete the index (before `ingest --rebuild`): it may have been built with another embedding, which a
    KnowledgeBase refuses to open."""
    try:
        client = make_client(settings)
        if settings.collection in [c.name for c in client.list_collections()]:
            client.delete_collection(settings.collection)
    except KnowledgeError:
        raise
    except Exception as exc:
        if settings.chroma_host:
            raise KnowledgeError(f"知识库索引无法删除：{_damage(exc)}") from exc
        _set_aside(settings)  # damaged beyond deleting: set aside, a new one is built


def uploads_dir(settings) -> Path:
    """Where the 知识库 tab keeps uploaded documents."""
    return Path(settings.data_dir) / "uploads"


def index_sources(settings) -> list[Path]:
    """Everything the app indexes: the corpus folder and the uploads, if any."""
    uploads = uploads_dir(settings)
    return [Path(settings.corpus_dir)] + ([uploads] if uploads.is_dir() else [])


REBUILD_COMMAND = "assistant ingest --rebuild"


def _damage(exc: BaseException) -> str:
    """What is damaged, in Chinese, from the error Chroma or SQLite gave."""
    text = f"{type(exc).__name__}: {exc}"
    low = text.lower()
    if "not a database" in low or "malformed" in low or "sqlite" in low or "disk image" in low:
        what = "索引数据库 chroma.sqlite3 已损坏或不完整"
    elif "hnsw" in low or "segment" in low or "index" in low or "no such file" in low or "pickle" in low:
        what = "向量索引文件（chroma 文件夹下的分段文件夹）缺失或已损坏"
    else:
        what = "索引无法读取"
    return f"{what}（{text[:160]}）"


class IndexDamaged(Exception):
    """The index reads, but not consistently (its vector segment does not find a record it holds)."""


def _verify(kb: KnowledgeBase) -> None:
    """Read every part of the index once: the SQLite tables (count, one record with its vector) and the vector
    segment (querying with that vector must find the record itself, at distance 0)."""
    if kb.count() == 0:
        return
    got = kb.collection.get(limit=1, include=["metadatas", "documents", "embeddings"])
    vectors = got.get("embeddings")
    if vectors is None or len(vectors) == 0:
        raise IndexDamaged("no such file: 片段没有向量")
    found = kb.collection.query(query_embeddings=[list(vectors[0])], n_results=1, include=["distances"])
    distances = (found.get("distances") or [[]])[0]
    if not distances or distances[0] > 1e-3:
        raise IndexDamaged("segment: 向量索引找不到已存的片段")


def _set_aside(settings) -> Path:
    """Move the damaged index folder out of the way (kept beside it for inspection) so a new one can be built."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # this process would otherwise keep using the damaged files
    folder = Path(settings.data_dir) / "chroma"
    target = folder.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
    if folder.exists():
        shutil.move(str(folder), str(target))
    return target


def open_checked(settings, log=None) -> KnowledgeBase:
    """The knowledge base, checked to be readable. A damaged embedded index (a truncated chroma.sqlite3, a garbled or
    missing segment) is said in Chinese, set aside and rebuilt from the corpus folder and the uploads, which are kept.
    A damaged index on a Chroma server is not touched: the error names the one command that rebuilds it."""
    try:
        kb = KnowledgeBase(settings)
        _verify(kb)
        return kb
    except KnowledgeError:
        raise
    except Exception as exc:  # chromadb and sqlite raise many kinds: each means the index cannot be read
        damage = _damage(exc)
    if settings.chroma_host:
        raise KnowledgeError(f"知识库索引已损坏：{damage}；请运行 {REBUILD_COMMAND} 重建")
    aside = _set_aside(settings)
    if log:
        log(f"知识库索引已损坏：{damage}。已移到 {aside.name}，正在从知识库目录和上传的文档重建……")
    try:
        kb = KnowledgeBase(settings)
        result = kb.ingest(index_sources(settings))
    except KnowledgeError:
        raise
    except Exception as exc:
        raise KnowledgeError(f"知识库索引已损坏，自动重建也失败了（{str(exc)[:160]}）；请运行 {REBUILD_COMMAND}") from exc
    kb.recovered = f"知识库索引已损坏（{damage}），已自动重建：{result.summary()}"
    if log:
        log(kb.recovered)
    return kb


def open_index(settings, log=None) -> KnowledgeBase:
    """The knowledge base, built from the corpus folder on first use (offline, about a second), rebuilt (with
    the uploads) when its document ids were formed the old way, and rebuilt when it is damaged (open_checked)."""
    kb = open_checked(settings, log)
    if kb.count() == 0 or kb.stale_ids:
        if log:
            log("首次使用：正在建立知识库索引……" if kb.count() == 0 else "知识库的文档编号方式已更新：正在重建索引……")
        result = kb.ingest(index_sources(settings))
        if log:
            log(result.summary())
    return kb
