"""What every chat model is to the rest of the product: a name and a stream of text chunks for a list of messages.
`reply_text` turns one into a whole reply: streamed through on_token, bounded retries with backoff, an empty reply
counts as a fault, and every fault ends in a Chinese `ModelFault`."""

from __future__ import annotations

import queue
import threading
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


DEFAULT_DEADLINE = 60.0  # seconds for a whole draft (every request and retry in it), unless the model sets its own


def deadline_for(model: ChatModel) -> float:
    """The monotonic time by which a draft with this model must be done (model.deadline seconds from now)."""
    return time.monotonic() + _seconds(model)


def reply_text(model: ChatModel, messages: list[BaseMessage], *,
               on_token: Callable[[str], None] | None = None, deadline: float | None = None) -> str:
    """The whole reply, each chunk passed to on_token as it comes; retryable faults (and empty replies) are retried
    up to model.retries times. `deadline` (monotonic time; default: model.deadline seconds from now) bounds the whole
    of it: a model that streams slowly or hangs is cut off there with a Chinese ModelFault."""
    if deadline is None:
        deadline = deadline_for(model)
    last = ""
    attempt = 0
    for attempt in range(model.retries + 1):
        if attempt:
            pause = model.backoff * 2 ** (attempt - 1)
            if time.monotonic() + pause >= deadline:
                last = str(DeadlineExceeded(_seconds(model)))
                break
            time.sleep(pause)
        parts: list[str] = []
        try:
            for chunk in _bounded(model.stream(messages), deadline, _seconds(model)):
                if chunk:
                    parts.append(chunk)
                    if on_token:
                        on_token(chunk)
            text = "".join(parts).strip()
            if not text:
                raise ModelFault("模型返回了空内容")
            return text
        except DeadlineExceeded as exc:
            last = str(exc)
            break
        except ModelFault as exc:
            last = str(exc)
            if not exc.retryable:
                break
        except Exception as exc:
            last = f"{type(exc).__name__}: {exc}"
            break
    raise ModelFault(f"{last}（已尝试 {attempt + 1} 次）", retryable=False)


class DeadlineExceeded(ModelFault):
    def __init__(self, seconds: float):
        super().__init__(f"模型在 {seconds:.0f} 秒内没有写完（起草时限，可用 ASSISTANT_DRAFT_DEADLINE 调整）",
                         retryable=False)


_DONE = object()


def _seconds(model: ChatModel) -> float:
    seconds = getattr(model, "deadline", None)
    return DEFAULT_DEADLINE if seconds is None else float(seconds)


def _bounded(chunks: Iterator[str], deadline: float, seconds: float) -> Iterator[str]:
    """The chunks, read in a worker thread so that waiting for the next one can stop at the deadline however the
    model stalls (a slow stream, a hung connection). A cut-off stream is closed when its next chunk arrives."""
    box: queue.Queue = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for chunk in chunks:
                if stop.is_set():
                    break
                box.put(chunk)
            box.put(_DONE)
        except BaseException as exc:  # handed to the caller's thread, which raises it
            box.put(exc)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    threading.Thread(target=pump, daemon=True, name="model-stream").start()
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlineExceeded(seconds)
            try:
                item = box.get(timeout=remaining)
            except queue.Empty:
                raise DeadlineExceeded(seconds) from None
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
