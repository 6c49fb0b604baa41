"""The official report layouts, as data (data/*.yaml), and how a text's layout is recognised."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .model import Column, Layout, Row, Rule, Section, TableSpec, ValueType

DATA = Path(__file__).parent / "data"

__all__ = ["Column", "Layout", "Row", "Rule", "Section", "TableSpec", "ValueType", "get_layout", "all_layouts", "layout_for_year"]


def _load(path: Path) -> Layout:
    types = yaml.safe_load((DATA / "value_types.yaml").read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["value_types"] = {k: {"id": k, **v} for k, v in types.items()}
    return Layout.model_validate(data)


@lru_cache(maxsize=None)
def all_layouts() -> tuple[Layout, ...]:
    return tuple(sorted((_load(p) for p in DATA.glob("layout_*.yaml")), key=lambda l: l.id))


def get_layout(layout_id: str) -> Layout:
    for layout in all_layouts():
        if layout.id == str(layout_id).strip():
            return layout
    known = "、".join(l.id for l in all_layouts())
    raise KeyError(f"没有“{layout_id}”版式，可选：{known}")


def layout_for_year(year: int) -> Layout:
    for layout in all_layouts():
        if layout.default_for_years.covers(year):
            return layout
    return all_layouts()[-1]
