"""What every chat model is to the rest of the product: a name and a stream of text chunks for a list of messages.
`reply_text` turns one into a whole reply: streamed through on_token, bounded retries with backoff, an empty reply
counts as a fault, and every fault ends in a Chinese `ModelFault`."""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable
from collections.abc import Callable, Iterator

from langchain_core.messages import BaseMessage

from ..errors import AssistantError


class ModelFault(AssistantError):
    """The model could not give a reply; the message is Chinese. `retryable`: whether asking again can help."""

    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


@runtime_checkable
class ChatModel(Protocol):
    name: str  # what the UI and CLI show and results record
    retries: int  # further attempts after a retryable fault
    backoff: float  # seconds before the first retry; doubles each time

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        """One attempt at a reply, as text chunks. Raises ModelFault when it cannot give one (a reply cut off
        midway included); any other exception counts as a fault that retrying does not help."""
        ...


def reply_text(model: ChatModel, messages: list[BaseMessage], *,
               on_token: Callable[[str], None] | None = None) -> str:
    """The whole reply, each chunk passed to on_token as it comes; retryable faults (and empty replies) are retried
    up to model.retries times."""
    last = ""
    attempt = 0
    for attempt in range(model.retries + 1):
        if attempt:
            time.sleep(model.backoff * 2 ** (attempt - 1))
        parts: list[str] = []
        try:
            for chunk in model.stream(messages):
                if chunk:
                    parts.append(chunk)
                    if on_token:
                        on_token(chunk)
            text = "".join(parts).strip()
            if not text:
                raise ModelFault("模型返回了空内容")
            return text
        except ModelFault as exc:
            last = str(exc)
            if not exc.retryable:
                break
        except Exception as exc:
            last = f"{type(exc).__name__}: {exc}"
            break
    raise ModelFault(f"{last}（已尝试 {attempt + 1} 次）", retryable=False)
