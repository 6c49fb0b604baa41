"""Any OpenAI-compatible endpoint through langchain-openai's ChatOpenAI, streamed; the endpoint's errors become
Chinese ModelFaults (401/404 not worth retrying, timeouts, 429, 5xx and dropped connections worth it)."""

from __future__ import annotations

from collections.abc import Iterator

import openai
from langchain_core.messages import BaseMessage
from langchain_openai import ChatOpenAI

from .base import ModelFault


def fault_of(exc: BaseException) -> ModelFault | None:
    """The endpoint's error as a Chinese fault (None: not an error of the endpoint)."""
    if isinstance(exc, openai.APITimeoutError):
        return ModelFault("请求超时")
    if isinstance(exc, openai.RateLimitError):
        return ModelFault("请求过于频繁（429）")
    if isinstance(exc, openai.AuthenticationError):
        return ModelFault("密钥无效或无权限（401）", retryable=False)
    if isinstance(exc, openai.NotFoundError):
        return ModelFault("接口地址或模型名称不存在（404）", retryable=False)
    if isinstance(exc, openai.APIStatusError):
        return ModelFault(f"服务端错误（{exc.status_code}）", retryable=exc.status_code >= 500)
    if isinstance(exc, openai.APIConnectionError):
        return ModelFault("无法连接模型服务或连接中断")
    # a reply that is not valid JSON or SSE (bad JSON, a broken UTF-8 sequence, no chunks at all: all ValueErrors)
    if isinstance(exc, (openai.APIResponseValidationError, ValueError)):
        return ModelFault("模型服务返回的内容格式不对（不是有效的 JSON 或流式数据）")
    return None


class OpenAICompatible:
    """The configured endpoint (settings: openai_base_url, openai_api_key, model, temperature, timeout,
    max_retries, retry_backoff, draft_deadline, max_tokens)."""

    def __init__(self, settings):
        self.name: str = settings.model
        self.endpoint: str = settings.openai_base_url or "OpenAI"
        self.retries: int = settings.max_retries
        self.backoff: float = settings.retry_backoff
        self.deadline: float = settings.draft_deadline  # seconds per draft, retries included
        self._llm = ChatOpenAI(model=settings.model, base_url=settings.openai_base_url,
                               api_key=settings.openai_api_key or "none", temperature=settings.temperature,
                               timeout=min(settings.timeout, settings.draft_deadline), max_retries=0, streaming=True,
                               max_tokens=settings.max_tokens)

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        finished = False
        said = False
        try:
            for chunk in self._llm.stream(messages):
                if chunk.content:
                    said = said or bool(str(chunk.content).strip())
                    yield str(chunk.content)
                if chunk.response_metadata.get("finish_reason"):
                    finished = True
        except Exception as exc:
            fault = fault_of(exc)
            if fault is None:
                raise
            raise fault from exc
        if said and not finished:  # (an empty reply is reported as empty)
            raise ModelFault("模型输出中途中断")
