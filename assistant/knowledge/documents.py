"""Corpus documents: their text, metadata (sidecar NAME.meta.yaml or derived) and content hash."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..report.readers import SUFFIXES, read_report
from ..textfile import InputError
from .themes import load_themes, themes_path

DOC_SUFFIXES = SUFFIXES


@dataclass
class SourceDoc:
    id: str  # as the index knows it: see doc_id
    path: Path
    text: str
    meta: dict
    hash: str
    themes: dict[str, str] = field(default_factory=dict)  # article or heading → 条旨, from NAME.themes.yaml


def doc_id(path: Path, corpus: Path) -> str:
    """A document's id in the index: its posix path relative to the corpus folder (“reports/2021_某某局.txt”), or for a
    file outside it, its absolute path; never dependent on the working directory. The corpus folder itself is “”."""
    p = path.resolve()
    try:
        rel = p.relative_to(Path(corpus).resolve()).as_posix()
    except ValueError:
        return p.as_posix()
    return "" if rel == "." else rel


def under(doc: str, folder_id: str) -> bool:
    """Whether the document id lies inside the folder with that id (doc_id of a folder; “” is the corpus folder)."""
    if folder_id == "":
        return not Path(doc).is_absolute()
    return doc.startswith(folder_id.rstrip("/") + "/")


# Only these kinds may back a number in a draft or be cited as a rule; a document is one of them only when its text
# is one of the shipped, checksum-listed texts (shipped.yaml). Everything else is a report or a note.
AUTHORITATIVE = ("regulation", "notice")
KIND_NAMES = {"regulation": "法规", "notice": "格式通知", "report": "年报", "note": "资料"}


def text_checksum(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").encode("utf-8")).hexdigest()


@functools.cache
def shipped_texts() -> dict[str, str]:
    """checksum → kind (regulation | notice) of every text the product ships as authoritative."""
    data = yaml.safe_load(resources.files(__package__).joinpath("shipped.yaml").read_text(encoding="utf-8"))
    return {entry["sha256"]: entry["type"] for entry in data["texts"]}


def _guess_meta(path: Path, text: str) -> dict:
    from ..report.parse import parse_report

    try:
        report = parse_report(text)
        return {"title": report.title or path.stem, "type": "report", "agency": report.agency,
                "year": report.year or 0, "source": path.name}
    except InputError:
        return {"title": path.stem, "type": "note", "agency": "", "year": 0, "source": path.name}


def _read_sidecar(sidecar: Path) -> dict:
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{sidecar.name} 无法读取（应为 UTF-8 的 YAML）：{str(exc)[:120]}") from None
    if not isinstance(meta, dict):
        raise InputError(f"{sidecar.name} 应为键值结构（title、type、agency、year、source）")
    return meta


def load_document(path: Path, corpus: Path) -> SourceDoc:
    """One file (its id relative to the corpus folder); raises InputError (Chinese) when it cannot be read.
    It is a regulation or notice only when its text is a shipped one (checksum); any other document that says it
    is (in a sidecar) or looks like one is kept as a note, with meta["demoted"] saying why."""
    data = path.read_bytes()
    text = read_report(path)
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.yaml")
    meta = _read_sidecar(sidecar) if sidecar.exists() else _guess_meta(path, text)
    meta = {k: ("" if v is None else v) for k, v in meta.items() if isinstance(v, (str, int, float, bool)) or v is None}
    shipped = shipped_texts().get(text_checksum(text))
    if shipped is not None:
        meta["type"] = shipped
    elif meta.get("type") in AUTHORITATIVE or meta.get("type") not in KIND_NAMES:
        if meta.get("type") in AUTHORITATIVE:
            meta["demoted"] = f"不是随附的{KIND_NAMES[str(meta['type'])]}原文（校验和不符），按普通资料收录，不作为数字或条文依据"
        meta["type"] = "note"
    themes_file = themes_path(path)
    extra = b"".join(f.read_bytes() for f in (sidecar, themes_file) if f.exists())
    digest = hashlib.sha256(data + extra).hexdigest()[:16]
    return SourceDoc(doc_id(path, corpus), path, text, meta, digest, load_themes(path))


def find_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in DOC_SUFFIXES
                              and f.name.lower() != "readme.md" and not f.name.startswith(".")))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(f"找不到 {p}")
    return out
