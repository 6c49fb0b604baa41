"""What a review reads from one report's tables — the key figures, the indicator ratios, the tables all zero — kept in
the cache by the report's checksum and the settings, so a rerun need not read the tables again."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from pydantic import BaseModel, Field

from .cache import Cache
from .config import ReviewConfig, read_sum
from .entry import Entry
from .indicators import ratios, zero_tables


class Facts(BaseModel):
    figures: dict[str, Decimal | None] = Field(default_factory=dict)  # key figure id → value
    ratios: dict[str, float | None] = Field(default_factory=dict)
    zero_tables: list[str] = Field(default_factory=list)


def entry_facts(entry: Entry, config: ReviewConfig, cache: Cache | None = None) -> Facts:
    key = hashlib.sha256(f"{entry.digest}|{config.model_dump_json()}".encode()).hexdigest()
    stored = cache.facts(key) if cache is not None and entry.digest else None
    if stored is not None:
        return Facts.model_validate_json(stored)
    ts = entry.tables
    facts = Facts(figures={k.id: read_sum(k.read, ts) if ts is not None else None for k in config.key_figures},
                  ratios=ratios(entry, config), zero_tables=zero_tables(entry, config))
    if cache is not None and entry.digest:
        cache.store_facts(key, facts.model_dump_json())
    return facts
