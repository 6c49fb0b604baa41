"""Report workspaces: agency, year, layout, facts, tables, accepted drafts and chat, saved on every change."""

from __future__ import annotations

import os
import re
import uuid
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field

from .errors import WorkspaceError



class Workspace(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    agency: str
    year: int
    layout: str | None = None
    contact: str = ""
    website: str = ""
    facts: dict[str, list[str]] = Field(default_factory=dict)  # section → bullet facts
    tables_text: str = ""
    drafts: dict[str, str] = Field(default_factory=dict)  # section → accepted draft
    chat: list[dict] = Field(default_factory=list)  # {"role", "content"}
    updated: str = ""

    @property
    def label(self) -> str:
        return f"{self.agency} {self.year} 年度"


class WorkspaceStore:
    def __init__(self, data_dir: str | Path):
        self.dir = Path(data_dir) / "workspaces"
        self.dir.mkdir(parents=True, exist_ok=True)

    def _path(self, ws_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{12}", ws_id or ""):
            raise WorkspaceError(f"工作区编号“{ws_id}”无效")
        return self.dir / f"{ws_id}.json"

    def save(self, ws: Workspace) -> Workspace:
        ws.updated = datetime.now().isoformat(timespec="seconds")
        path = self._path(ws.id)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(ws.model_dump_json(indent=2), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a crash never leaves half a workspace
        return ws

    def create(self, agency: str, year: int, layout: str | None = None) -> Workspace:
        agency = (agency or "").strip()
        if not agency:
            raise WorkspaceError("请填写机关名称")
        if not (2008 <= int(year) <= 2100):
            raise WorkspaceError(f"年度“{year}”不对，应为四位年份")
        return self.save(Workspace(agency=agency, year=int(year), layout=layout or None))

    def get(self, ws_id: str) -> Workspace:
        path = self._path(ws_id)
        if not path.exists():
            raise WorkspaceError(f"找不到工作区 {ws_id}")
        return Workspace.model_validate_json(path.read_text(encoding="utf-8"))

    def list(self) -> list[Workspace]:
        out = []
        for p in self.dir.glob("*.json"):
            try:
                out.append(Workspace.model_validate_json(p.read_text(encoding="utf-8")))
            except ValueError:
                continue
        return sorted(out, key=lambda w: w.updated, reverse=True)

    def find(self, key: str) -> Workspace | None:
        """By id, or by agency name (the most recent one)."""
        for ws in self.list():
            if key in (ws.id, ws.agency, ws.label):
                return ws
        return None

    def delete(self, ws_id: str) -> None:
        self._path(ws_id).unlink(missing_ok=True)
