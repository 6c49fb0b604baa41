"""What the tabs share: settings, the workspace store, and the knowledge base (opened on first use)."""

from __future__ import annotations

import threading

from ..settings import Settings
from ..workspace import Workspace, WorkspaceStore


class Services:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.store = WorkspaceStore(settings.data_dir)
        self._kb = None
        self._retriever = None
        self._lock = threading.Lock()
        self.kb_error = ""

    def retriever(self):
        from ..knowledge.retrieval import HybridRetriever
        from ..knowledge.store import KnowledgeError, open_index

        with self._lock:
            if self._retriever is None and not self.kb_error:
                try:
                    self._kb = open_index(self.settings)
                    self._retriever = HybridRetriever(self._kb)
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
        except KeyError:
            return None

    def model_label(self) -> str:
        s = self.settings
        return f"模型：{s.model}（{s.openai_base_url or 'OpenAI'}）" if s.model_configured else "模型：离线起草（未配置模型）"
