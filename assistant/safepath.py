"""Paths built from what users type, and paths users hand in: file names without separators, and every path checked to
stay inside the folder it belongs to (the data folder for what the app writes, the upload folder for what it reads)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import InputError

NAME_BYTES = 180  # file names are capped well under the 255 bytes most file systems allow (UTF-8: 3 bytes a 汉字)
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_filename(text: str, suffix: str = "", *, fallback: str = "年报") -> str:
    """A file name from user text: no path separators, NUL, control or reserved characters, no leading dots, and at
    most NAME_BYTES bytes with the suffix; `fallback` when nothing is left."""
    name = "".join(ch for ch in unicodedata.normalize("NFC", text or "")
                   if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"))
    name = _FORBIDDEN.sub("_", name).strip().lstrip(".").strip()
    name = re.sub(r"_{2,}", "_", name) or fallback
    budget = NAME_BYTES - len(suffix.encode("utf-8"))
    while len(name.encode("utf-8")) > budget:
        name = name[:-1]
    return name + suffix


def inside(root: str | Path, path: str | Path) -> Path:
    """The resolved path, which must lie inside root (symlinks followed); an InputError otherwise."""
    base = Path(root).resolve()
    resolved = Path(path).resolve()
    if resolved != base and base not in resolved.parents:
        raise InputError(f"路径 {Path(path).name or path} 不在允许的文件夹内，已拒绝")
    return resolved
