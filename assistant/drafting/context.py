"""What a draft stands on: retrieved exemplars and articles (with citations), the tables, and the numbers it may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..layouts.prose_facts import prose_facts
from ..tables import parse_tables
from ..tables.model import TableSet
from .derived import ROUNDING_NOTE, derived_figures
from .facts import Facts, last_year_of
from ..claims.extract import subject_of
from ..claims.subjects import subjects_of_fact
from .numbers import LAST_YEAR, Backing, TableFigure


class Source(BaseModel):
    """What a draft stands on, cited back to document and section (or article)."""

    model_config = ConfigDict(extra="forbid")

    citation: str
    chunk_id: str
    snippet: str
    kind: Literal["exemplar", "article"]
    source_type: str = ""  # what kind of document it is: 法规, 格式通知 (shipped texts), 年报, 资料 (other uploads)

    @property
    def labelled(self) -> str:
        return f"〔{self.source_type}〕{self.citation}" if self.source_type else self.citation


@dataclass
class DraftContext:
    facts: Facts
    section: str
    tables: TableSet | None
    exemplars: list = field(default_factory=list)  # retrieval Hits
    articles: list = field(default_factory=list)
    backing: Backing = field(default_factory=Backing)
    derived: list = field(default_factory=list)  # derived.Derived: figures computed from the tables and last year

    @property
    def sources(self) -> list[Source]:
        return ([Source(citation=h.citation, chunk_id=h.id, snippet=h.snippet(80), kind="exemplar", source_type=h.kind)
                 for h in self.exemplars]
                + [Source(citation=h.citation, chunk_id=h.id, snippet=h.snippet(80), kind="article", source_type=h.kind)
                   for h in self.articles])

    def facts_text(self) -> str:
        lines = [f"机关：{self.facts.agency}", f"年度：{self.facts.year}"]
        if self.facts.website:
            lines.append(f"网站：{self.facts.website}")
        if self.facts.contact:
            lines.append(f"联系方式：{self.facts.contact}")
        for part in self.facts.layout_spec.prose_parts:
            for b in self.facts.bullets(part.key):
                lines.append(f"- [{part.heading}] {b}")
        for k, v in self.facts.numbers.items():
            lines.append(f"- {k}：{v}")
        return "\n".join(lines)

    def tables_text(self) -> str:
        lines = ["（未提供统计表）"]
        if self.tables is not None:
            v = self.tables.value
            rows = [("本年新收政府信息公开申请", v("三", "new", "total")), ("上年结转", v("三", "carried_in", "total")),
                    ("予以公开", v("三", "granted", "total")), ("部分公开", v("三", "partial", "total")),
                    ("办理结果总计", v("三", "result_total", "total")),
                    ("结转下年度继续办理", v("三", "carried_out", "total")), ("行政复议总计", v("四", "cases", "review_total"))]
            lines = [f"- {name}：{value} 件" for name, value in rows if value is not None]
        computed = [d for d in self.derived if d.claim.qualifier in ("share", "change") or d.fact == "handled"]
        if computed:
            lines.append(f"推算数字（由本工具按统计表和上年数据算出，{ROUNDING_NOTE}；百分比和增减只可引用这些）：")
            shown = {d.text: d for d in computed}  # a change's count and percentage share one wording: the fuller one
            lines += [f"- {d.text}（{d.derivation}）" for d in shown.values()]
        return "\n".join(lines) or "（统计表无数字）"

    def exemplars_text(self) -> str:
        return "\n\n".join(f"【{h.citation}】\n{h.text[:600]}" for h in self.exemplars) or "（无）"

    def articles_text(self) -> str:
        return "\n\n".join(f"【{h.citation}】{h.text}" for h in self.articles) or "（无）"


def build_context(facts: Facts, section: str, retriever=None) -> DraftContext:
    tables = parse_tables(facts.tables, year=facts.year, layout=facts.layout) if facts.tables else None
    ctx = DraftContext(facts, section, tables)
    last_tables, last_text = last_year_of(facts)
    ctx.derived = derived_figures(tables, last_tables, facts.all_text(), last_text)
    part = facts.layout_spec.part(section)
    if retriever is not None and part is not None and part.draft is not None:
        query = part.draft.query + " " + " ".join(facts.bullets(section))[:200]
        hits = retriever.search(query, k=8, type="report", section_no=part.number)
        ctx.exemplars = [h for h in hits if h.metadata.get("agency") != facts.agency][:3]
        articles = []
        for article in part.draft.articles:
            found = retriever.search(f"{article} {part.draft.query}", k=20, type="regulation")
            articles += [h for h in found if h.metadata.get("article") == article][:1]
        ctx.articles = articles
    ctx.backing = backing_for(facts, tables, ctx.articles, section, ctx.derived, last_text)
    return ctx


def backing_for(facts: Facts, tables: TableSet | None, articles: list, section: str | None = None,
                derived: list | None = None, last_text: str = "") -> Backing:
    """What a draft may state: the facts, the report year, the tables (each cell under its row and column, and the
    totals the prose quotes as the figure of their subject), derived figures, and the articles cited or governing."""
    b = Backing(report_year=facts.year)
    b.add_text(facts.all_text(), "事实")
    b.add(facts.year, "报告年度", kind="year", unit="年")
    b.add_text(facts.layout_spec.notice, "格式通知")  # 国办公开办函〔2021〕30号 may be cited
    if tables is not None:
        for spec, data in tables.ordered_tables():
            for row_id, row in data.rows.items():
                for col_id in row:
                    value = tables.value(spec.id, row_id, col_id)
                    if value is not None:
                        where = _cell_where(spec, row_id, col_id)
                        kind, unit, factor = _cell_unit(tables.spec, spec, col_id)
                        b.add(value * factor, "统计表", kind=kind, unit=unit, words=where, subject=subject_of(where, ""))
        # totals the prose may quote (sums of row groups, as the prose checks read them), each its subject's figure
        for fact in prose_facts():
            total, where = tables.fact_total(fact)
            if total is None:
                continue
            for subject in subjects_of_fact(fact.id):
                b.add(total, "统计表", kind="count", unit="件", words=where, subject=subject)
                b.table_figures.setdefault(subject, TableFigure(total, where))
    for d in derived or []:
        b.add_claim(d.claim, "推算", d.derivation)
    if last_text:
        b.add_text(last_text, LAST_YEAR)
    part = facts.layout_spec.part(section) if section else None
    if part is not None and part.draft is not None:
        for article in part.draft.articles:
            b.add_text(f"《条例》{article}", "本部分依据的条文")
    for h in articles:
        b.add_text(h.text, h.citation)
    return b


def _cell_unit(layout, spec, col_id: str) -> tuple[str, str, int]:
    """(claim kind, unit, factor to that unit) of a table cell: an amount is money in 元; a count in the tables
    the prose facts read (表三, 表四) or under a “件数” header counts 件; another count may be any count."""
    col = spec.column_index.get(col_id)
    vt = layout.value_type(col) if col is not None else None
    if vt is not None and vt.kind == "decimal":
        return "money", "元", 10000 if (vt.unit == "万元") else 1
    fact_tables = {f.table for f in prose_facts()}
    if spec.id in fact_tables or (col is not None and "件" in "".join(col.path)):
        return "count", "件", 1
    return "number", "", 1


def _cell_where(spec, row_id: str, col_id: str) -> str:
    row = spec.row_index.get(row_id)
    col = spec.column_index.get(col_id)
    return f"{spec.name}「{row.display if row else row_id}」「{col.display if col else col_id}」"
