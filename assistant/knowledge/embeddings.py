"""Embeddings: an offline one that needs no download, or any OpenAI-compatible endpoint when configured."""

from __future__ import annotations

import hashlib
import math

import numpy as np
from langchain_core.embeddings import Embeddings

from .tokens import tokenize


class HashingEmbeddings(Embeddings):
    """A real embedding of Chinese text with nothing to download.

    jieba words and character bigrams, hashed (blake2b, stable across runs) with a sign into `dim` buckets,
    log-scaled counts, L2-normalised. Texts that share words and phrases land close together.
    """

    def __init__(self, dim: int = 1024):
        self.dim = dim
        self.id = f"hashing-jieba-bigram-{dim}-v1"

    def _slot(self, feature: str) -> tuple[int, float]:
        h = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
        return h % self.dim, (1.0 if (h >> 63) & 1 else -1.0)

    def _vector(self, text: str) -> list[float]:
        counts: dict[str, float] = {}
        for word in tokenize(text):
            counts["w:" + word] = counts.get("w:" + word, 0.0) + 1.0
        chars = [c for c in text if "\u3400" <= c <= "\u9fff"]
        for a, b in zip(chars, chars[1:]):
            key = "b:" + a + b
            counts[key] = counts.get(key, 0.0) + 0.5
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature, count in counts.items():
            slot, sign = self._slot(feature)
            vec[slot] += sign * (1.0 + math.log(count)) if count >= 1 else sign * count
        norm = float(np.linalg.norm(vec))
        return (vec / norm).tolist() if norm else vec.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def make_embeddings(settings) -> tuple[Embeddings, str]:
    """The configured embedding and the id the index records for it."""
    if settings.embedding_base_url and settings.embedding_model:
        from langchain_openai import OpenAIEmbeddings

        # check_embedding_ctx_length=False: no tiktoken, which would download its encodings; the endpoint's own
        # tokenizer (bge-m3: 8192 tokens) takes the text as it is — chunks are at most 700 characters.
        remote = OpenAIEmbeddings(model=settings.embedding_model, base_url=settings.embedding_base_url,  # type: ignore[call-arg]
                                  api_key=settings.embedding_api_key or "none", check_embedding_ctx_length=False,
                                  timeout=settings.timeout, max_retries=settings.max_retries)
        return remote, f"openai-compatible:{settings.embedding_model}@{settings.embedding_base_url}"
    local = HashingEmbeddings()
    return local, local.id
