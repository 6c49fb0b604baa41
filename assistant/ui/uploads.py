"""Files handed to a tab: only those Gradio itself received into its upload folder are read. An API client can name
any server path in a file input ({"path": "/etc/passwd"}); such a path is refused without saying whether it exists.
Uploads a tab refuses (wrong type, too large) are deleted at once."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..safepath import inside
import contextlib

NOT_RECEIVED = "不是通过本页面上传的文件，已拒绝"


def upload_root() -> Path:
    """Gradio's upload folder (GRADIO_TEMP_DIR, else the system temporary folder's “gradio”)."""
    try:
        from gradio.utils import get_upload_folder

        return Path(get_upload_folder()).resolve()
    except ImportError:  # pragma: no cover - an older Gradio
        return (Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")).resolve()


@dataclass
class Received:
    files: list[Path] = field(default_factory=list)  # resolved paths inside the upload folder
    refused: list[str] = field(default_factory=list)  # “name：why” for each other one


def _path_of(item) -> str:
    if isinstance(item, (str, os.PathLike)):
        return os.fspath(item)
    if isinstance(item, dict):
        return str(item.get("path") or "")
    return str(getattr(item, "path", None) or getattr(item, "name", "") or "")


def received(items) -> Received:
    """Split a file input's value into files Gradio received and refused entries."""
    out = Received()
    root = upload_root()
    for item in items or []:
        raw = _path_of(item)
        name = Path(raw).name or "（无名文件）"
        try:
            path = inside(root, raw)
        except InputError:
            out.refused.append(f"{name}：{NOT_RECEIVED}")
            continue
        if not path.is_file():
            out.refused.append(f"{name}：{NOT_RECEIVED}")
            continue
        out.files.append(path)
    return out


def discard(path: Path) -> None:
    """Delete a refused upload (only ever a file inside the upload folder)."""
    with contextlib.suppress(InputError, OSError):
        inside(upload_root(), path).unlink(missing_ok=True)
