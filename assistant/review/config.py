"""The reviewer's thresholds and key figures (review.yaml, or a user's copy), and reading cell sums from tables."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

from ..tables.model import TableSet
from ..textfile import InputError

DEFAULTS = Path(__file__).with_name("review.yaml")


class Cells(BaseModel):
    """The sum of some cells of one table."""

    table: str
    rows: list[str]
    columns: list[str]

    def fits(self, ts: TableSet) -> bool:
        spec = ts.spec.table_index.get(self.table)
        if spec is None:
            return False
        cols = {c.id for c in spec.columns_with(spec.optional_columns)}
        return all(r in spec.row_index for r in self.rows) and all(c in cols for c in self.columns)


def read_sum(ways: list[Cells], ts: TableSet) -> Decimal | None:
    """The sum of the first way the layout has; None when that table is absent or a cell is not a number."""
    way = next((w for w in ways if w.fits(ts)), None)
    if way is None or way.table not in ts.tables:
        return None
    total = Decimal(0)
    for r in way.rows:
        for c in way.columns:
            v = ts.value(way.table, r, c)
            if v is None:
                return None
            total += v
    return total


class KeyFigure(BaseModel):
    id: str
    name: str
    unit: str = ""
    read: list[Cells]


class Indicator(BaseModel):
    id: str
    name: str
    help: str = ""
    numerator: list[Cells]
    denominator: list[Cells]
    low: float | None = None
    high: float | None = None
    message: str


class Repetition(BaseModel):
    similarity: float = 0.9
    share: float = 0.6
    min_sentences: int = 2
    min_chars: int = 8
    quote_max: int = 5


class LargeChange(BaseModel):
    share: float = 1.0
    min_change: int = 20


class ReviewConfig(BaseModel):
    key_figures: list[KeyFigure]
    indicators: list[Indicator]
    min_denominator: int = 5
    zero_tables: list[str] = Field(default_factory=list)
    flag_rules: dict[str, str] = Field(default_factory=dict)
    repetition: Repetition = Field(default_factory=Repetition)
    large_change: LargeChange = Field(default_factory=LargeChange)
    summary_words: list[str] = Field(default_factory=list)
    chart_fonts: list[str] = Field(default_factory=list)
    rule_names: dict[str, str] = Field(default_factory=dict)

    def rule_name(self, rule: str) -> str:
        return self.rule_names.get(rule, rule)


@lru_cache(maxsize=8)
def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def load_config(path: str | Path | None = None) -> ReviewConfig:
    """The defaults, with a user's file laid over them (keys it leaves out keep their default)."""
    data = dict(_raw(DEFAULTS))
    if path is not None:
        p = Path(path)
        try:
            user = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise InputError(f"审阅设置文件 {p} 无法读取：{exc.strerror or exc}") from None
        except yaml.YAMLError as exc:
            raise InputError(f"审阅设置文件 {p} 不是有效的 YAML：{str(exc).splitlines()[0]}") from None
        if not isinstance(user, dict):
            raise InputError(f"审阅设置文件 {p} 应为“名称: 值”的映射")
        for key, value in user.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
    try:
        return ReviewConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise InputError(f"审阅设置有误：{where}：{err['msg']}") from None
