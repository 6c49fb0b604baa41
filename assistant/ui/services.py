"""What the tabs share: settings, the chat model (None: offline drafting), the workspace store, and the knowledge base
(opened on first use)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import threading

from ..llm import ChatModel, model_from_settings, model_label
from ..errors import WorkspaceError
from ..settings import Settings
from ..workspace import Workspace, WorkspaceStore

if TYPE_CHECKING:  # imported lazily at run time: Chroma is slow to import
    from ..knowledge.retrieval import HybridRetriever
    from ..knowledge.store import KnowledgeBase

FROM_SETTINGS = object()  # the model the settings configure
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def plain(text: object) -> str:
    """User text (an agency name, a file name) for a Markdown or HTML component: shown as typed, never rendered."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(str(text), quote=False))


class Services:
    def __init__(self, settings: Settings, model: ChatModel | None | object = FROM_SETTINGS):
        self.settings = settings
        self.model: ChatModel | None = model_from_settings(settings) if model is FROM_SETTINGS else model  # type: ignore[assignment]
        self.store = WorkspaceStore(settings.data_dir)
        self._kb: KnowledgeBase | None = None
        self._retriever: HybridRetriever | None = None
        self._lock = threading.Lock()
        self.kb_error = ""

    def retriever(self) -> HybridRetriever | None:
        from ..knowledge.retrieval import HybridRetriever
        from ..knowledge.store import KnowledgeError, open_index

        with self._lock:
            if self._retriever is None and not self.kb_error:
                try:
                    kb = self._kb = open_index(self.settings)
                    self._retriever = HybridRetriever(kb)
                except KnowledgeError as exc:
                    self.kb_error = str(exc)
            return self._retriever

    @property
    def kb(self):
        self.retriever()
        return self._kb

    def workspace(self, ws_id: str | None) -> Workspace | None:
        if not ws_id:
            return None
        try:
            return self.store.get(ws_id)
        except WorkspaceError:
            return None

    def edit(self, ws_id: str | None, change: Callable[[Workspace], object]) -> Workspace | None:
        """Apply one edit to the latest saved workspace (see WorkspaceStore.update); None when there is no such
        workspace (none chosen, deleted meanwhile, or damaged): nothing is written then."""
        if not ws_id:
            return None
        try:
            return self.store.update(ws_id, change)
        except WorkspaceError:
            return None

    def model_label(self) -> str:
        return model_label(self.model)
