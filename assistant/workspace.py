"""Report workspaces: agency, year, layout, facts, tables, accepted drafts and chat, saved on every change.

Saves are serialised per workspace (a lock held across processes), each through its own temporary file, fsynced and
then renamed into place; an edit merges only its own field into the latest saved state (`update`), so two windows
editing facts and tables at once lose neither. The previous good copy is kept as `<id>.json.bak`; a workspace file
that cannot be read is listed as damaged (never hidden) and can be restored from that copy."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock
from pydantic import BaseModel, Field, ValidationError

from .errors import WorkspaceError, describe_validation

AGENCY_MAX = 100  # characters in an agency name
YEAR_RANGE = (2008, 2100)  # the Regulations on Open Government Information apply from 2008
LAST_OPENED = "last_opened.txt"  # in the workspaces folder: the id of the workspace last opened


def default_year() -> int:
    """The year a new report is usually for: last year (reports are written in the first months of the next)."""
    return datetime.now().year - 1


def clean_agency(text: str | None) -> str:
    """An agency name as stored: trimmed, at most AGENCY_MAX characters, no control characters (a WorkspaceError
    says which rule it breaks)."""
    name = (text or "").strip()
    if not name:
        raise WorkspaceError("请填写机关名称")
    bad = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        raise WorkspaceError(f"机关名称含有不可见的控制字符（U+{ord(bad):04X}），请删去后重试")
    if len(name) > AGENCY_MAX:
        raise WorkspaceError(f"机关名称有 {len(name)} 个字，最多 {AGENCY_MAX} 个字")
    return name


def check_year(year: object) -> int:
    try:
        value = int(str(year).strip()) if not isinstance(year, int) else year
    except (TypeError, ValueError):
        raise WorkspaceError(f"年度“{str(year)[:20]}”不对，应为四位年份") from None
    if not (YEAR_RANGE[0] <= value <= YEAR_RANGE[1]):
        raise WorkspaceError(f"年度“{str(year)[:20]}”不对，应为 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的四位年份")
    return value


class Workspace(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    agency: str
    year: int
    layout: str | None = None
    contact: str = ""
    website: str = ""
    facts: dict[str, list[str]] = Field(default_factory=dict)  # section → bullet facts
    tables_text: str = ""
    last_year_text: str = ""  # last year's report, imported for the changes a report states (较上年…)
    drafts: dict[str, str] = Field(default_factory=dict)  # section → accepted draft
    chat: list[dict] = Field(default_factory=list)  # {"role", "content"}
    updated: str = ""

    @property
    def label(self) -> str:
        return f"{self.agency} {self.year} 年度"


@dataclass
class DamagedWorkspace:
    """A workspace file that cannot be read: listed so the user sees it, with its last good copy if there is one."""

    id: str
    reason: str
    backup: bool  # whether <id>.json.bak holds a good copy

    @property
    def label(self) -> str:
        return f"⚠ 已损坏的工作区 {self.id}" + ("（可从备份恢复）" if self.backup else "")


DamagedList = list[DamagedWorkspace]  # (named here: the store's method list() shadows the builtin in its body)
EntryList = list[Workspace | DamagedWorkspace]

_THREAD_LOCKS: dict[str, threading.RLock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


class WorkspaceStore:
    def __init__(self, data_dir: str | Path):
        self.dir = Path(data_dir) / "workspaces"
        self.dir.mkdir(parents=True, exist_ok=True)

    def _path(self, ws_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{12}", ws_id or ""):
            raise WorkspaceError(f"工作区编号“{str(ws_id)[:40]}”无效")
        return self.dir / f"{ws_id}.json"

    def _lock(self, ws_id: str):
        """One writer per workspace: a thread lock in this process and a file lock across processes."""
        path = self._path(ws_id)
        key = str(path.resolve())
        with _THREAD_LOCKS_GUARD:
            thread_lock = _THREAD_LOCKS.setdefault(key, threading.RLock())
        return _Both(thread_lock, FileLock(str(path) + ".lock"))

    # ---- reading ---------------------------------------------------------------------------------

    @staticmethod
    def _parse(path: Path) -> Workspace:
        try:
            return Workspace.model_validate_json(path.read_bytes())
        except ValidationError as exc:
            raise WorkspaceError(f"工作区文件 {path.name} 已损坏：{describe_validation(exc)[:200]}") from None
        except OSError as exc:
            raise WorkspaceError(f"无法读取工作区文件 {path.name}：{exc.strerror or exc}") from None

    def get(self, ws_id: str) -> Workspace:
        path = self._path(ws_id)
        if not path.exists():
            raise WorkspaceError(f"找不到工作区 {ws_id}")
        return self._parse(path)

    def _scan(self) -> tuple[list[Workspace], list[DamagedWorkspace]]:
        good, damaged = [], []
        for p in self.dir.glob("*.json"):
            if not re.fullmatch(r"[0-9a-f]{12}", p.stem):
                continue
            try:
                good.append(self._parse(p))
            except WorkspaceError as exc:
                damaged.append(DamagedWorkspace(p.stem, str(exc), self._good_backup(p.stem) is not None))
        return sorted(good, key=lambda w: w.updated, reverse=True), sorted(damaged, key=lambda d: d.id)

    def list(self) -> list[Workspace]:
        """The workspaces that can be read, most recent first (see damaged() for the others)."""
        return self._scan()[0]

    def damaged(self) -> DamagedList:
        return self._scan()[1]

    def entries(self) -> EntryList:
        """Every workspace file, readable ones first: what the workspace list shows."""
        good, bad = self._scan()
        return [*good, *bad]

    def find(self, key: str) -> Workspace | None:
        """By id, or by agency name (the most recent one)."""
        for ws in self.list():
            if key in (ws.id, ws.agency, ws.label):
                return ws
        return None

    def _good_backup(self, ws_id: str) -> Workspace | None:
        bak = self.dir / f"{ws_id}.json.bak"
        try:
            return self._parse(bak) if bak.exists() else None
        except WorkspaceError:
            return None

    # ---- writing ---------------------------------------------------------------------------------

    def _write(self, ws: Workspace) -> Workspace:
        """Under the workspace's lock: keep the current good copy as .bak, write a unique temp file, fsync, rename."""
        ws.updated = datetime.now().isoformat(timespec="seconds")
        path = self._path(ws.id)
        if path.exists():
            try:
                self._parse(path)
                _atomic_write(path.with_name(path.name + ".bak"), path.read_bytes())
            except WorkspaceError:
                pass  # a damaged file never replaces the last good copy
        _atomic_write(path, ws.model_dump_json(indent=2).encode("utf-8"))
        return ws

    def save(self, ws: Workspace) -> Workspace:
        """Write the whole workspace (a new one, or a restored one). Edits use update()."""
        with self._lock(ws.id):
            return self._write(ws)

    def update(self, ws_id: str, change: Callable[[Workspace], object]) -> Workspace:
        """Apply one edit to the latest saved state and save it, serialised with every other save of the workspace.
        Raises WorkspaceError when the workspace was deleted (it is not brought back) or is damaged."""
        with self._lock(ws_id):
            ws = self.get(ws_id)
            change(ws)
            return self._write(ws)

    def create(self, agency: str, year: int, layout: str | None = None) -> Workspace:
        return self.save(Workspace(agency=clean_agency(agency), year=check_year(year), layout=layout or None))

    def restore(self, ws_id: str) -> Workspace:
        """Put the last good copy (.bak) back in place of a damaged workspace file."""
        with self._lock(ws_id):
            ws = self._good_backup(ws_id)
            if ws is None:
                raise WorkspaceError(f"工作区 {ws_id} 没有可用的备份")
            return self._write(ws)

    def remember(self, ws_id: str | None) -> None:
        """Note the workspace last opened (reopened after a restart); None forgets it."""
        if ws_id:
            self._path(ws_id)  # a valid id only
        _atomic_write(self.dir / LAST_OPENED, (ws_id or "").encode("ascii"))

    def last_opened(self) -> str | None:
        """The workspace last opened, while it is still listed (readable or damaged)."""
        try:
            ws_id = (self.dir / LAST_OPENED).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return ws_id if re.fullmatch(r"[0-9a-f]{12}", ws_id) and (self.dir / f"{ws_id}.json").exists() else None

    def delete(self, ws_id: str) -> None:
        with self._lock(ws_id):
            path = self._path(ws_id)
            path.unlink(missing_ok=True)
            path.with_name(path.name + ".bak").unlink(missing_ok=True)


class _Both:
    def __init__(self, thread_lock: threading.RLock, file_lock: FileLock):
        self.thread_lock, self.file_lock = thread_lock, file_lock

    def __enter__(self):
        self.thread_lock.acquire()
        try:
            self.file_lock.acquire(timeout=30)
        except BaseException:
            self.thread_lock.release()
            raise
        return self

    def __exit__(self, *exc):
        self.file_lock.release()
        self.thread_lock.release()


def _atomic_write(path: Path, data: bytes) -> None:
    """A unique temporary file beside the target, flushed to disk, then renamed over it: readers see the old file or
    the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
