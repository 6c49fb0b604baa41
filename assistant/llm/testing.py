"""In-process chat models for tests and evals: no server, no network.

- FunctionModel(fn): fn gets the messages and returns the reply (a str, or an iterable of chunks), or raises.
- ScriptedModel([reply | exception, …]): each request takes the next step of the script and is recorded.

A reply given as an iterable of chunks may hold an exception among them: it is raised at that point, after the
chunks before it were streamed (a reply cut off midway: ModelFault("模型输出中途中断")).
"""

from __future__ import annotations

import threading
from typing import Union
from collections.abc import Callable, Iterable, Iterator

from langchain_core.messages import BaseMessage

Reply = Union[str, Iterable[Union[str, BaseException]], BaseException]


class ScriptExhausted(BaseException):
    """A ScriptedModel was asked more often than its script allows. A BaseException, like pytest's own outcomes,
    so that no fault handling swallows it into a fallback: the test fails where the extra request was made."""


def _chunks(reply: Reply) -> Iterator[str]:
    if isinstance(reply, BaseException) or (isinstance(reply, type) and issubclass(reply, BaseException)):
        raise reply
    if isinstance(reply, str):
        yield reply
        return
    for piece in reply:
        if isinstance(piece, BaseException):
            raise piece
        yield piece


class _RecordingModel:
    """What the test models share: the ChatModel fields, and every request recorded (thread-safe)."""

    def __init__(self, *, name: str, retries: int, backoff: float, deadline: float | None):
        self.deadline = deadline  # seconds per draft (None: the default)
        self.name = name
        self.retries = retries
        self.backoff = backoff
        self.requests: list[list[BaseMessage]] = []
        self._lock = threading.Lock()

    def _record(self, messages: list[BaseMessage]) -> None:
        with self._lock:
            self.requests.append(list(messages))


class FunctionModel(_RecordingModel):
    """A model whose replies are computed by fn(messages)."""

    def __init__(self, fn: Callable[[list[BaseMessage]], Reply], *, name: str = "function-model",
                 retries: int = 0, backoff: float = 0.0, deadline: float | None = None):
        super().__init__(name=name, retries=retries, backoff=backoff, deadline=deadline)
        self.fn = fn

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        self._record(messages)
        return _chunks(self.fn(list(messages)))


class ScriptedModel(_RecordingModel):
    """A model that answers request i with script[i] (a reply, or an exception to raise) and records every request;
    one request more than the script holds raises ScriptExhausted."""

    def __init__(self, script: Iterable[Reply], *, name: str = "scripted-model", retries: int = 0,
                 backoff: float = 0.0, deadline: float | None = None):
        super().__init__(name=name, retries=retries, backoff=backoff, deadline=deadline)
        self.script = list(script)

    @property
    def prompts(self) -> list[str]:
        """The last message of each request, as text (where the section, facts and draft go)."""
        return [str(r[-1].content) for r in self.requests]

    def stream(self, messages: list[BaseMessage]) -> Iterator[str]:
        with self._lock:
            self.requests.append(list(messages))
            if not self.script:
                raise ScriptExhausted(f"{self.name}: request {len(self.requests)} has no scripted reply")
            step = self.script.pop(0)
        return _chunks(step)
