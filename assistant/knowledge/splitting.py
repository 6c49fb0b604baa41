"""Structure-aware splitting: a regulation one article per chunk, a report by its sections and （一） sub-headings,
a notice by its Markdown headings. Tables stay whole, with their header; no chunk cuts a table row."""

from __future__ import annotations

import re

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from ..report.parse import SUBHEADING, normalize_report_text
from ..layouts import prose_numbers
from ..sections import section_spans
from .documents import SourceDoc
from .themes import theme_of

MAX_CHARS = 700
_prose_splitter = RecursiveCharacterTextSplitter(
    chunk_size=MAX_CHARS, chunk_overlap=0, separators=["\n\n", "\n", "。", "；", "，", ""], keep_separator="end")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百]+条)[\s\u3000]")
_CHAPTER = re.compile(r"^#{1,4}\s*(第[一二三四五六七八九十]+章[\s\u3000]*\S+)")
_MD_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*$")


def _is_table_line(line: str) -> bool:
    s = line.strip()
    return "\t" in line or s.startswith(("<t", "</t")) or (s.startswith("|") and s.endswith("|"))


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Consecutive lines grouped into ("table", text) and ("prose", text) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        kind = "table" if _is_table_line(line) else "prose"
        if not line.strip() and kind == "prose":
            if blocks and blocks[-1][0] == "prose":
                blocks[-1][1].append("")
            continue
        if blocks and blocks[-1][0] == kind:
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return [(k, "\n".join(v).strip()) for k, v in blocks if "\n".join(v).strip()]


def _pack(lines: list[str], header: str) -> list[str]:
    """Text chunks of at most MAX_CHARS; a table block is one chunk (headed by `header`), never split."""
    out: list[str] = []
    buf = ""
    for kind, text in _blocks(lines):
        if kind == "table":
            if buf:
                out.append(buf)
                buf = ""
            out.append(f"{header}\n{text}" if header else text)
            continue
        for piece in _prose_splitter.split_text(text):
            if buf and len(buf) + len(piece) + 1 > MAX_CHARS:
                out.append(buf)
                buf = ""
            buf = f"{buf}\n{piece}" if buf else piece
    if buf:
        out.append(buf)
    return out


def split_regulation(doc: SourceDoc) -> list[Document]:
    chunks: list[Document] = []
    current: list[str] = []
    chapter, article = "", None

    def flush():
        if article and current:
            text = "\n".join(current).strip()
            chunks.append(Document(page_content=text, metadata={"article": article, "chapter": chapter,
                                                                 "section": f"{chapter} {article}".strip()}))

    for line in doc.text.splitlines():
        m = _CHAPTER.match(line)
        if m:
            flush()
            current, article = [], None
            chapter = m.group(1).replace("\u3000", " ")
            continue
        if _MD_HEADING.match(line):  # another heading (an editor's index after the last article): the article ends
            flush()
            current, article = [], None
            continue
        m = _ARTICLE.match(line)
        if m:
            flush()
            article, current = m.group(1), [line.strip()]
            continue
        if article and line.strip():
            current.append(line.strip())
    flush()
    return chunks


def split_report(doc: SourceDoc) -> list[Document]:
    text, _ = normalize_report_text(doc.text)
    lines = text.splitlines()
    spans = section_spans(lines)
    out: list[Document] = []
    first = spans[0][0] if spans else len(lines)
    for piece in _pack(lines[:first], ""):
        out.append(Document(page_content=piece, metadata={"section": "开头说明", "section_no": "", "subsection": ""}))
    for i, number, heading, end in spans:
        body = lines[i + 1:end]
        # sub-parts by （一）… headings (not inside tables)
        parts: list[tuple[str, list[str]]] = [("", [])]
        for line in body:
            if "\t" not in line and SUBHEADING.match(line) and number in prose_numbers():
                parts.append((line.strip().split("。")[0][:40], [line]))
            else:
                parts[-1][1].append(line)
        for sub, sub_lines in parts:
            for piece in _pack(sub_lines, heading):
                if not piece.startswith(heading):
                    piece = f"{heading}\n{piece}"
                out.append(Document(page_content=piece, metadata={"section": heading, "section_no": number,
                                                                  "subsection": sub}))
    return out


def split_notice(doc: SourceDoc) -> list[Document]:
    out: list[Document] = []
    path: list[str] = []
    current: list[str] = []

    def flush():
        for piece in _pack(current, ""):
            out.append(Document(page_content=piece, metadata={"section": " / ".join(path[-2:]) or "正文", "section_no": "",
                                                              "subsection": ""}))

    for line in doc.text.splitlines():
        m = _MD_HEADING.match(line)
        if m:
            flush()
            current = []
            level = len(m.group(1))
            path = path[: level - 1] + [m.group(2)]
            continue
        current.append(line)
    flush()
    return out


def split_document(doc: SourceDoc) -> list[Document]:
    kind = doc.meta.get("type", "report")
    chunks = {"regulation": split_regulation, "notice": split_notice}.get(kind, split_report)(doc)
    if not chunks and kind != "report":  # not laid out as its type says: read it by its sections
        chunks = split_report(doc)
    for n, chunk in enumerate(chunks):
        chunk.id = f"{doc.id}#{n}"
        chunk.metadata = {"doc": doc.id, "doc_hash": doc.hash, "chunk": n, "title": str(doc.meta.get("title", "")),
                          "type": str(kind), "agency": str(doc.meta.get("agency", "")),
                          "year": int(doc.meta.get("year") or 0), "article": "", "chapter": "",
                          **chunk.metadata}
        chunk.metadata["theme"] = theme_of(chunk.metadata, doc.themes)
    return chunks
