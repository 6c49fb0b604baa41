"""Article themes (条旨): a short line per regulation article or notice part saying what it governs in everyday words.

Kept as data beside the document (NAME.themes.yaml: article or heading → theme line). A theme is indexed with its
chunk (BM25 tokens and the vector) and recorded in the chunk's metadata; the chunk's text, which results cite, is the
document's own."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import InputError


def themes_path(doc_path: Path) -> Path:
    return doc_path.with_name(doc_path.name.rsplit(".", 1)[0] + ".themes.yaml")


def load_themes(doc_path: Path) -> dict[str, str]:
    """The themes beside a document ({} when it has none); a malformed file raises InputError naming it."""
    path = themes_path(doc_path)
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"条旨文件 {path.name} 不是有效的 YAML：{exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(f"条旨文件 {path.name} 应为“条号或标题: 条旨”的对应表，每个条旨是一行文字")
    return {str(k).strip(): v.strip() for k, v in data.items()}


def theme_of(meta: dict, themes: dict[str, str]) -> str:
    """The theme of a chunk: by its article (regulations), else by the last part of its section heading (notices)."""
    if not themes:
        return ""
    if meta.get("article"):
        return themes.get(meta["article"], "")
    section = str(meta.get("section", ""))
    return themes.get(section.split(" / ")[-1].strip(), "")
