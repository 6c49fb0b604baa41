"""The chat model: langchain-openai's ChatOpenAI against any OpenAI-compatible endpoint, streamed, with bounded
retries and backoff; every fault ends in a Chinese message."""

from __future__ import annotations

import time
from typing import Callable

import openai
from langchain_core.messages import BaseMessage
from langchain_openai import ChatOpenAI


class ModelFault(Exception):
    """The model could not give a draft; the message is Chinese."""


def make_chat_model(settings) -> ChatOpenAI:
    return ChatOpenAI(model=settings.model, base_url=settings.openai_base_url, api_key=settings.openai_api_key or "none",
                      temperature=settings.temperature, timeout=settings.timeout, max_retries=0, streaming=True)


def describe(exc: BaseException) -> tuple[str, bool]:
    """(Chinese description, whether retrying can help)."""
    if isinstance(exc, ModelFault):
        return str(exc), True
    if isinstance(exc, openai.APITimeoutError):
        return "请求超时", True
    if isinstance(exc, openai.RateLimitError):
        return "请求过于频繁（429）", True
    if isinstance(exc, openai.AuthenticationError):
        return "密钥无效或无权限（401）", False
    if isinstance(exc, openai.NotFoundError):
        return "接口地址或模型名称不存在（404）", False
    if isinstance(exc, openai.APIStatusError):
        return f"服务端错误（{exc.status_code}）", exc.status_code >= 500
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接模型服务或连接中断", True
    return f"{type(exc).__name__}: {exc}", False


def stream_text(llm: ChatOpenAI, messages: list[BaseMessage], *, retries: int, backoff: float,
                on_token: Callable[[str], None] | None = None) -> str:
    """The whole reply, streamed through on_token; empty or cut-off streams count as faults and are retried."""
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        parts: list[str] = []
        finished = False
        try:
            for chunk in llm.stream(messages):
                if chunk.content:
                    parts.append(chunk.content)
                    if on_token:
                        on_token(chunk.content)
                if chunk.response_metadata.get("finish_reason"):
                    finished = True
            text = "".join(parts).strip()
            if not text:
                raise ModelFault("模型返回了空内容")
            if not finished:
                raise ModelFault("模型输出中途中断")
            return text
        except Exception as exc:  # noqa: BLE001 — every fault is classified below
            last, retry = describe(exc)
            if not retry:
                break
    raise ModelFault(f"{last}（已尝试 {attempt + 1} 次）")
