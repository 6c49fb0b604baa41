"""Model-assisted retrieval, only when a chat model is configured (never required): the question rewritten into the
regulation's terms, and a reranking pass over the fused top candidates (LLM as reranker, strict JSON answer).

Every failure — a model fault, a reply that is not the JSON asked for, an order naming no candidate — falls back to
what retrieval had without the model, and says so in `notes` (Chinese)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.prompts import ChatPromptTemplate

from ..drafting.prompts import load_prompt
from ..errors import PromptError
from ..llm import ChatModel, ModelFault, reply_text

if TYPE_CHECKING:
    from .retrieval import Hit

RERANK_DEPTH = 20  # candidates the model reorders
CANDIDATE_CHARS = 200  # of each candidate's text shown to the model
_JSON = re.compile(r"\{.*\}", re.S)


class AssistFailed(Exception):
    """The model's help could not be used; the message is Chinese."""


def _strict_json(reply: str) -> dict:
    text = reply.strip()
    if text.startswith("```"):  # a fenced block is still the JSON asked for
        text = text.strip("`").removeprefix("json").strip()
    if not _JSON.fullmatch(text):
        raise AssistFailed(f"模型没有只输出 JSON：{reply[:60]}")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AssistFailed(f"模型输出的 JSON 无法解析：{reply[:60]}") from exc
    return data if isinstance(data, dict) else {}


class ModelAssist:
    def __init__(self, model: ChatModel, prompts_dir: Path):
        self.model = model
        self.prompts_dir = Path(prompts_dir)
        self.notes: list[str] = []  # what fell back during the last search, in Chinese

    def _ask(self, prompt_id: str, **inputs) -> dict:
        try:
            prompt = load_prompt(prompt_id, self.prompts_dir)
        except PromptError as exc:
            raise AssistFailed(str(exc)) from exc
        messages = ChatPromptTemplate.from_messages([("human", prompt.body)]).format_messages(**inputs)
        try:
            return _strict_json(reply_text(self.model, messages))
        except ModelFault as exc:
            raise AssistFailed(f"模型出错：{exc}") from exc

    def rewrite(self, query: str) -> str | None:
        """The question in the regulation's terms, or None (and a note) when the model gives none usable."""
        try:
            data = self._ask("retrieval_rewrite", query=query)
            rewritten = data.get("query")
            if not isinstance(rewritten, str) or not rewritten.strip():
                raise AssistFailed("模型改写结果缺少 query")
        except AssistFailed as exc:
            self.notes.append(f"查询改写未采用（{exc}），按原问题检索")
            return None
        rewritten = " ".join(rewritten.split())[:200]
        return rewritten if rewritten != query else None

    def rerank(self, query: str, hits: Sequence[Hit]) -> list[Hit]:
        """The top RERANK_DEPTH hits in the model's order (those it leaves out follow in their fused order), then the
        rest; the fused order unchanged (and a note) on any failure."""
        head, tail = list(hits[:RERANK_DEPTH]), list(hits[RERANK_DEPTH:])
        if len(head) < 2:
            return list(hits)
        candidates = "\n".join(f"[{n}] {h.citation}：{h.snippet(CANDIDATE_CHARS)}" for n, h in enumerate(head, 1))
        try:
            order = self._ask("retrieval_rerank", query=query, candidates=candidates).get("order")
            if not isinstance(order, list) or not order:
                raise AssistFailed("模型排序结果缺少 order")
            picked: list[int] = []
            for n in order:
                if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(head):
                    raise AssistFailed(f"模型排序结果含无效编号 {n!r}")
                if n - 1 not in picked:
                    picked.append(n - 1)
        except AssistFailed as exc:
            self.notes.append(f"模型重排未采用（{exc}），按融合排序")
            return list(hits)
        rest = [i for i in range(len(head)) if i not in picked]
        return [head[i] for i in picked + rest] + tail
