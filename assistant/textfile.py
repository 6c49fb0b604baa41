"""Reading a user's text file: encoding detection (UTF-8, GB18030, UTF-16) and clear Chinese errors."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError
from .limits import MAX_INPUT_BYTES, mb, over

__all__ = ["InputError", "decode", "read_text"]


def _utf16(data: bytes) -> str | None:
    """UTF-16 text (Excel's “Unicode 文本”, Notepad's “Unicode”): by its byte-order mark, or without one when every
    other byte of the start is NUL (Chinese and ASCII text alike)."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    else:
        head = data[:4096]
        even, odd = head[0::2], head[1::2]
        if len(head) < 4 or not (odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even)):
            return None
        encoding = "utf-16-le" if odd.count(0) > even.count(0) else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    start = text[:4096]
    controls = sum(1 for ch in start if ch < " " and ch not in "\t\r\n\f") + start.count("\ufffd")
    return text if controls <= len(start) // 200 else None  # binary data decodes too, into control characters


def decode(data: bytes, name: str = "输入") -> str:
    if not data.strip():
        raise InputError(f"{name} 是空文件")
    text = _utf16(data) if b"\x00" in data[:8192] else None
    if text is not None:
        if not text.strip():
            raise InputError(f"{name} 是空文件")
        return text.lstrip("\ufeff")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} 不是文本文件（含二进制内容），请提供 .txt/.json 文本，或整份报告")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name} 的编码无法识别（支持 UTF-8 和 GB18030/GBK）")


def read_bytes(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes, at most `limit` of them: a larger file (or an endless one such as /dev/zero) is refused after
    reading one byte more than the limit, never read whole."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件 {p}")
    if p.is_dir():
        raise InputError(f"{p} 是文件夹，不是文件")
    try:
        with open(p, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"无法读取文件 {p}：{exc.strerror or exc}") from exc
    if len(data) > limit:
        raise over(str(p), "文件大小", mb(limit))
    if not data.strip():
        raise InputError(f"{p} 是空文件")
    return data


def read_text(path: str | Path, limit: int = MAX_INPUT_BYTES) -> str:
    return decode(read_bytes(path, limit), str(path))
