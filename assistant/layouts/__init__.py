"""The official report layouts, as data (data/*.yaml), and how a text's layout is recognised.

Every piece of layout knowledge lives in the data files: the parts of a report (keys, numbers, titles, which are
prose and which hold tables, what each must mention, how each is drafted), the tables, their rules and marker
words. Code asks a Layout (or, before a layout is known, the union of all layouts below); it never compares a
layout id or a year. A new layout is one more `layout_*.yaml`, in data/ or in the folder the setting layouts_dir (ASSISTANT_LAYOUTS_DIR) names."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from ..errors import LayoutError
from .model import Column, DraftSpec, Layout, Requirement, Row, Rule, Section, TableSpec, ValueType

DATA = Path(__file__).parent / "data"

__all__ = ["Column", "DraftSpec", "Layout", "Requirement", "Row", "Rule", "Section", "TableSpec", "ValueType",
           "get_layout", "all_layouts", "reload", "layout_for_year", "latest_layout", "section_words", "prose_numbers",
           "part_titles"]


def _load(path: Path) -> Layout:
    types = yaml.safe_load((DATA / "value_types.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["value_types"] = {k: {"id": k, **v} for k, v in types.items()}
    try:
        return Layout.model_validate(data)
    except ValueError as exc:
        raise LayoutError(f"版式文件 {path} 有误：{exc}", where=str(path)) from exc


def _layout_files() -> list[Path]:
    from ..settings import get_settings

    files = sorted(DATA.glob("layout_*.yaml"))
    extra = get_settings().layouts_dir
    if extra is not None:
        files += sorted(Path(extra).expanduser().glob("layout_*.yaml"))
    return files


@cache
def all_layouts() -> tuple[Layout, ...]:
    """Every layout, oldest first (by the first year it applies to, then id)."""
    layouts: dict[str, Layout] = {}
    for path in _layout_files():
        layout = _load(path)
        layouts[layout.id] = layout  # a later file of the same id replaces the packaged one
    return tuple(sorted(layouts.values(), key=lambda l: (l.default_for_years.first or 0, l.id)))


def reload() -> None:
    """Read the layout files again (after the layouts folder setting changed)."""
    for cached in (all_layouts, section_words, prose_numbers, part_titles):
        cached.cache_clear()


def get_layout(layout_id: str) -> Layout:
    for layout in all_layouts():
        if layout.id == str(layout_id).strip():
            return layout
    known = "、".join(l.id for l in all_layouts())
    raise LayoutError(f"没有“{layout_id}”版式，可选：{known}")


def latest_layout() -> Layout:
    return all_layouts()[-1]


def layout_for_year(year: int) -> Layout:
    """The layout a report of that year should use: of those whose years cover it, the one that began last."""
    covering = [l for l in all_layouts() if l.default_for_years.covers(year)]
    return covering[-1] if covering else latest_layout()


@cache
def section_words() -> dict[str, tuple[str, ...]]:
    """Section number → the words a published heading of that section mentions, over all layouts (headings are
    found before the layout is known)."""
    words: dict[str, list[str]] = {}
    for layout in all_layouts():
        for s in layout.sections:
            bucket = words.setdefault(s.number, [])
            bucket += [w for w in s.words if w not in bucket]
    return {n: tuple(w) for n, w in words.items()}


@cache
def prose_numbers() -> frozenset[str]:
    """Numbers of the sections that are prose in the latest layout (一, 五, 六)."""
    return frozenset(s.number for s in latest_layout().sections if s.is_prose and s.number)


@cache
def part_titles(prose_only: bool = False) -> dict[str, str]:
    """Part key → how users see it (开头说明, 一、总体情况 …), over all layouts, in report order; with prose_only,
    only the parts a drafter writes."""
    titles: dict[str, str] = {}
    for layout in reversed(all_layouts()):
        for p in layout.prose_parts if prose_only else layout.parts:
            titles.setdefault(p.key, p.heading)
    order = [p.key for p in latest_layout().parts]
    return dict(sorted(titles.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))
