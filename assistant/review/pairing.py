"""The review set: this year's reports paired with last year's of the same agency (by agency name, normalised;
a report whose agency could not be read is named by its file name), and the parent/children mapping."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..text import nfkc
from ..textfile import InputError
from .entry import Entry

_YEARS = re.compile(r"20\d{2}\s*年?\s*度?")
_REPORT_WORDS = re.compile(r"(关于)?(政府)?信息公开(工作)?(年度)?(报告|年报)|年度报告|年报")
_PUNCT = re.compile(r"[\s\-_—·.()（）【】\[\]「」“”\"'《》]+")


def strip_report_words(name: str) -> str:
    return _REPORT_WORDS.sub("", _YEARS.sub("", nfkc(name))).strip(" _-—")


def agency_key(name: str) -> str:
    """The comparison key of an agency name or file stem: NFKC, no years, no report words, no spaces or brackets."""
    return _PUNCT.sub("", strip_report_words(name))


def entry_key(entry: Entry) -> str:
    return agency_key(entry.agency) or agency_key(Path(entry.path).stem)


@dataclass
class Pairing:
    pairs: dict[str, Entry] = field(default_factory=dict)  # this year's path → last year's entry
    unmatched: list[Entry] = field(default_factory=list)  # this year's reports without last year's
    unmatched_last: list[Entry] = field(default_factory=list)  # last year's reports nobody matched
    duplicates: dict[str, list[Entry]] = field(default_factory=dict)  # agency key → reports of this year sharing it


def pair(this: list[Entry], last: list[Entry]) -> Pairing:
    out = Pairing()
    by_key: dict[str, list[Entry]] = {}
    for e in this:
        if e.readable:
            by_key.setdefault(entry_key(e), []).append(e)
    out.duplicates = {k: v for k, v in by_key.items() if len(v) > 1}
    last_by_key: dict[str, Entry] = {}
    for e in last:
        if e.readable:
            last_by_key.setdefault(entry_key(e), e)
    used: set[str] = set()
    for e in this:
        if not e.readable:
            continue
        k = entry_key(e)
        match = last_by_key.get(k)
        if match is not None:
            out.pairs[e.path] = match
            used.add(match.path)
        elif last:
            out.unmatched.append(e)
    out.unmatched_last = [e for e in last if e.readable and e.path not in used]
    return out


@dataclass
class Family:
    parent: str  # a name as declared (agency or file name)
    children: list[str]


def read_parent_option(value: str | None, entries: list[Entry]) -> list[Family]:
    """`--parent`: a YAML file mapping each summary report to its members, or the summary report's agency or file
    name (then every other report of the set is its member)."""
    if not value:
        return []
    p = Path(value)
    if p.suffix.lower() in (".yaml", ".yml"):
        return read_mapping(p)
    parent = find(value, entries)
    if parent is None:
        raise InputError(f"--parent 所指的汇总报告“{value}”不在本批报告中（可写机关名称或文件名）")
    return [Family(parent=value, children=[e.label for e in entries if e is not parent and e.readable])]


def read_mapping(path: Path) -> list[Family]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"汇总关系文件 {path} 无法读取：{exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"汇总关系文件 {path} 不是有效的 YAML：{str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise InputError(f"汇总关系文件 {path} 应写成“汇总报告的机关: [成员单位, …]”的形式")
    return [Family(parent=str(k), children=[str(c) for c in v]) for k, v in data.items()]


def find(name: str, entries: list[Entry]) -> Entry | None:
    """The report a declared name means: the same agency key, else the same file name or stem."""
    key = agency_key(name)
    for e in entries:
        if e.readable and key and entry_key(e) == key:
            return e
    for e in entries:
        if name in (Path(e.path).name, Path(e.path).stem):
            return e
    return None
