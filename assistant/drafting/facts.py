"""What the user tells the drafter: agency, year, layout, bullet facts per section, numbers, tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError
from pydantic_core import ErrorDetails

from ..errors import LayoutError
from ..limits import MAX_FACTS_BYTES, MAX_YAML_ALIASES, MAX_YAML_NODES, over
from ..layouts import Layout, get_layout, layout_for_year
from ..textfile import InputError, read_text


class Facts(BaseModel):
    agency: str
    year: int
    layout: str | None = None  # a layout id; from the year when absent
    facts: dict[str, list[str]] = Field(default_factory=dict)  # section → bullet facts
    numbers: dict[str, Any] = Field(default_factory=dict)  # named figures, e.g. 主动公开: 1520
    tables: str | None = None  # pasted table text (or a path to it), checked by the deterministic core
    website: str | None = None
    contact: str | None = None  # e.g. 办公室，电话 0459-6981688
    published: str | None = None
    # last year, for the changes a report states (较上年…): its pasted tables, its facts, or its report file
    last_year_tables: str | None = None
    last_year_facts: list[str] = Field(default_factory=list)
    last_year_report: str | None = None  # a path to last year's report (txt, docx, pdf, html)
    last_year_report_text: str | None = None  # or its text (a workspace keeps the imported report so)

    @property
    def layout_spec(self) -> Layout:
        return get_layout(self.layout) if self.layout else layout_for_year(self.year)

    @property
    def layout_id(self) -> str:
        return self.layout_spec.id

    def bullets(self, section: str) -> list[str]:
        return [b.strip() for b in self.facts.get(section, []) if b and b.strip()]

    def all_text(self) -> str:
        parts = [self.agency, str(self.year), self.website or "", self.contact or "", self.published or ""]
        for items in self.facts.values():
            parts += items
        parts += [f"{k} {v}" for k, v in self.numbers.items()]
        return "\n".join(parts)


class _Loader(yaml.SafeLoader):
    """safe_load within limits: at most MAX_YAML_ALIASES aliases (“*name”), and at most MAX_YAML_NODES values once
    every alias is expanded (nested aliases, “billion laughs”, make a few hundred bytes stand for 10⁹ strings)."""

    aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise over(self.name, "YAML 别名（*引用）个数", str(MAX_YAML_ALIASES))
        return super().compose_node(parent, index)


def _expanded(node: yaml.Node) -> int:
    """How many values the node stands for once its aliases are expanded (each shared node counted once per use)."""
    sizes: dict[int, int] = {}
    order, stack = [], [node]
    while stack:  # children before parents, without recursion
        n = stack.pop()
        if id(n) in sizes:
            continue
        sizes[id(n)] = 0
        order.append(n)
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in n.value for x in pair)
    for n in reversed(order):
        kids = n.value if isinstance(n, yaml.SequenceNode) else \
            [x for pair in n.value for x in pair] if isinstance(n, yaml.MappingNode) else []
        sizes[id(n)] = min(1 + sum(sizes[id(k)] for k in kids), 10**12)
    return sizes[id(node)]


def load_facts(path: str | Path) -> Facts:
    text = read_text(path, MAX_FACTS_BYTES)
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # the reader refuses control characters already here
        loader.name = f"事实文件 {path}"
        node = loader.get_single_node()
        if node is not None and _expanded(node) > MAX_YAML_NODES:
            raise over(loader.name, "展开别名后的取值个数", str(MAX_YAML_NODES))
        data = loader.construct_document(node) if node is not None else None
    except yaml.reader.ReaderError as exc:
        raise InputError(f"事实文件 {path} 含有不允许的控制字符（第 {exc.position + 1} 个字符），"
                         "请删去后再试", where=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark else ""
        raise InputError(f"事实文件 {path} 格式有误{where}：{getattr(exc, 'problem', exc)}") from exc
    except RecursionError as exc:
        raise InputError(f"事实文件 {path} 超出限制：嵌套层数过深，未读取；请检查内容是否有误", where=str(path)) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return parse_facts(data, str(path))


def parse_facts(data: Any, name: str = "事实") -> Facts:
    if not isinstance(data, dict):
        raise InputError(f"{name} 应为键值结构（YAML/JSON），至少包含 agency 和 year")
    if isinstance(data.get("facts"), dict):
        data = {**data, "facts": {k: _bullets(v) for k, v in data["facts"].items()}}
    try:
        facts = Facts.model_validate(data)
    except ValidationError as exc:
        names = {"agency": "机关名称 agency", "year": "年度 year", "facts": "facts", "layout": "版式 layout"}
        problems = "；".join(f"{names.get(str(e['loc'][0]), e['loc'][0])}：{_zh(e)}" for e in exc.errors())
        raise InputError(f"{name} 有误：{problems}") from exc
    try:
        parts = [p.key for p in facts.layout_spec.prose_parts]
    except LayoutError as exc:
        raise InputError(f"{name} 的版式 layout 有误：{exc}") from exc
    unknown = set(facts.facts) - set(parts)
    if unknown:
        raise InputError(f"{name} 的 facts 中有未知部分：{'、'.join(sorted(unknown))}（可用：{'、'.join(parts)}）")
    if facts.tables and "\n" not in facts.tables and _is_file(facts.tables):
        facts.tables = read_text(facts.tables)
    if facts.last_year_tables and "\n" not in facts.last_year_tables and _is_file(facts.last_year_tables):
        facts.last_year_tables = read_text(facts.last_year_tables)
    if facts.last_year_report and not _is_file(facts.last_year_report):
        raise InputError(f"{name} 的上年年报 last_year_report 找不到：{facts.last_year_report[:200]}")
    return facts


def last_year_of(facts: Facts) -> tuple[Any, str]:
    """Last year's tables (a TableSet or None) and the text of its facts or report prose."""
    from ..tables import parse_tables

    tables, text = None, "\n".join(facts.last_year_facts)
    if facts.last_year_report or facts.last_year_report_text:
        from ..report import parse_report, read_report

        try:
            source = facts.last_year_report_text or read_report(facts.last_year_report or "")
            report = parse_report(source, year=facts.year - 1)
        except InputError as exc:
            raise InputError(f"上年年报无法读取：{exc}") from exc
        tables = report.tables if report.tables.tables else None
        text += "\n" + "\n".join([report.intro, *(s.text for s in report.sections if "\t" not in s.text)])
    if facts.last_year_tables:
        tables = parse_tables(facts.last_year_tables, year=facts.year - 1, layout=facts.layout)
    return tables, text


def _bullets(value: Any) -> Any:
    """A section's facts as a list of strings (one string or number, or a list of anything, as before); a mapping is
    left for the validation to name (“应为列表”)."""
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if value is None:
        return []
    if isinstance(value, list):
        return [str(x) for x in value]
    return value


def _is_file(text: str) -> bool:
    """Whether a one-line `tables:` value names a file (a pasted row longer than a path can be is not one)."""
    try:
        return len(text) < 4096 and Path(text).is_file()
    except (OSError, ValueError):
        return False


def _zh(error: ErrorDetails) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺失"
    if kind.startswith("int"):
        return "应为整数"
    if kind.startswith("string"):
        return "应为文字"
    return error.get("msg", "格式不对")
