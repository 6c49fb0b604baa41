"""Corpus documents: their text, metadata (sidecar NAME.meta.yaml or derived) and content hash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
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


def _guess_meta(path: Path, text: str) -> dict:
    from ..report.parse import parse_report

    articles = re.findall(r"^第[一二三四五六七八九十百]+条[\s\u3000]", text, re.M)
    if len(articles) >= 5 and "条例" in text[:1000]:
        return {"title": path.stem, "type": "regulation", "agency": "", "year": 0, "source": path.name}
    try:
        report = parse_report(text)
        return {"title": report.title or path.stem, "type": "report", "agency": report.agency,
                "year": report.year or 0, "source": path.name}
    except InputError:
        return {"title": path.stem, "type": "notice", "agency": "", "year": 0, "source": path.name}


def load_document(path: Path, corpus: Path) -> SourceDoc:
    """One file (its id relative to the corpus folder); raises InputError (Chinese) when it cannot be read."""
    data = path.read_bytes()
    text = read_report(path)
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.yaml")
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else _guess_meta(path, text)
    meta = {k: ("" if v is None else v) for k, v in meta.items() if isinstance(v, (str, int, float, bool)) or v is None}
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
