"""Draft or revise a section: retrieve → prompt → model → guard (→ one repair round), or the offline drafter."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from pydantic import BaseModel, Field

from ..errors import InputError
from ..findings import Finding
from ..llm import OFFLINE_MODEL, ChatModel, ModelFault, deadline_for, reply_text
from .context import DraftContext, Source, build_context
from .facts import Facts
from .numbers import GuardResult, guard
from .offline import offline_draft
from .table_check import draft_table_findings, facts_table_findings
from .prompts import chat_template, load_prompt, offline_phrases, prompts_folder

__all__ = ["OFFLINE_MODEL", "DraftResult", "draft_section", "revise_section"]


class VerifiedNumber(BaseModel):
    number: str  # as the draft writes it
    source: str  # what backs it (事实, 统计表, an article's citation …)


class DraftResult(BaseModel):
    """A draft of one part, with what backs its numbers and what it stands on."""

    section: str
    text: str
    unverified_numbers: list[str]
    verified_numbers: list[VerifiedNumber] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    prompt_version: str
    model: str
    offline: bool
    notice: str = ""  # what the user should know (offline draft, fallback after a fault, repair made)
    number_problems: list[str] = Field(default_factory=list)  # each unbacked number and why, in Chinese
    table_findings: list[Finding] = Field(default_factory=list)  # what the draft says that the tables contradict
    facts_findings: list[Finding] = Field(default_factory=list)  # what the facts say that the tables contradict
    repaired: bool = Field(default=False, exclude=True)
    facts: Facts | None = Field(default=None, exclude=True, repr=False)

    def public(self) -> dict:
        """The documented JSON shape (CLI --json, eval runs)."""
        data = self.model_dump(mode="json", exclude={"table_findings", "facts_findings"})
        data["table_findings"] = [f.public() for f in self.table_findings]
        data["facts_findings"] = [f.public() for f in self.facts_findings]
        return data

    @property
    def flagged(self) -> bool:
        """Whether anything in the draft lacks backing or contradicts the tables."""
        return bool(self.unverified_numbers or self.table_findings)


def _result(ctx: DraftContext, text: str, g: GuardResult, **kw) -> DraftResult:
    part = ctx.facts.layout_spec.part(ctx.section)
    table = draft_table_findings(text, ctx.tables, part.number if part else None, ctx.backing)
    facts = facts_table_findings(ctx.facts, ctx.tables, ctx.backing)
    notice = kw.pop("notice", "")
    if facts:
        notice = f"事实与统计表有 {len(facts)} 处不符（见事实核对），请先核对事实或统计表。" + notice
    if table:
        notice += f"草稿有 {len(table)} 处与统计表不符：" + "；".join(f.message for f in table) + "。"
    return DraftResult(section=ctx.section, text=text, unverified_numbers=[n.text for n in g.unverified],
                       verified_numbers=[VerifiedNumber(number=n, source=s) for n, s in g.verified],
                       number_problems=[f.message for f in g.unverified], table_findings=table, facts_findings=facts,
                       sources=ctx.sources, facts=ctx.facts, notice=notice, **kw)


def _inputs(ctx: DraftContext) -> dict:
    from ..layouts import get_layout

    layout = get_layout(ctx.facts.layout_id)
    return {"agency": ctx.facts.agency, "year": ctx.facts.year, "layout_name": f"{layout.name}（{layout.notice}）",
            "facts": ctx.facts_text(), "tables": ctx.tables_text(), "exemplars": ctx.exemplars_text(),
            "articles": ctx.articles_text()}


def _offline(ctx: DraftContext, notice: str, prompts_dir: Path) -> DraftResult:
    phrases = offline_phrases(prompts_dir)
    text = offline_draft(ctx, phrases)
    g = guard(text, ctx.backing)
    return _result(ctx, text, g, prompt_version=f"offline_phrases@v{phrases['version']}", model=OFFLINE_MODEL,
                   offline=True, notice=notice)


def _model_round(ctx: DraftContext, model: ChatModel, messages, version: str, on_token,
                 prompts_dir: Path) -> DraftResult:
    deadline = deadline_for(model)  # one deadline for the draft and its repair round
    text = reply_text(model, messages, on_token=on_token, deadline=deadline)
    g = guard(text, ctx.backing)
    repaired = False
    notice = ""
    if not g.ok:
        template, _ = chat_template("repair", prompts_dir)
        fix_messages = template.format_messages(**_inputs(ctx), draft=text,
                                                unverified="；".join(n.message for n in g.unverified))
        try:
            fixed = reply_text(model, fix_messages, deadline=deadline)
            g2 = guard(fixed, ctx.backing)
            if len(g2.unverified) < len(g.unverified):
                text, g, repaired = fixed, g2, True
                version += f"+{load_prompt('repair', prompts_dir).tag}"
        except ModelFault as exc:
            notice = f"修正数字时模型出错（{exc}），保留原草稿。"
    if not g.ok:
        notice += g.summary() + "，请核对或删除。"
    elif repaired:
        notice += "模型初稿中有找不到依据的数字，已自动修正一轮。"
    return _result(ctx, text, g, prompt_version=version, model=model.name, offline=False, notice=notice, repaired=repaired)


def draft_section(facts: Facts, section: str, model: ChatModel | None, *, retriever=None,
                  on_token: Callable[[str], None] | None = None, prompts_dir: Path | None = None) -> DraftResult:
    """Draft a section with the model (None: the offline drafter); a model fault falls back to the offline draft."""
    parts = [p.key for p in facts.layout_spec.prose_parts]
    if section not in parts:
        raise InputError(f"没有“{section}”这一部分，可起草：{'、'.join(parts)}")
    prompts_dir = prompts_folder(prompts_dir)
    ctx = build_context(facts, section, retriever)
    if model is None:
        return _offline(ctx, "未配置模型，这是离线草稿：由您提供的事实按年报常用句式组成，请在此基础上修改。", prompts_dir)
    template, version = chat_template(section, prompts_dir)
    messages = template.format_messages(**{k: v for k, v in _inputs(ctx).items() if k in template.input_variables})
    try:
        return _model_round(ctx, model, messages, version, on_token, prompts_dir)
    except ModelFault as exc:
        return _offline(ctx, f"模型服务出错：{exc}。已改用离线草稿，您的事实均已保留。", prompts_dir)


def revise_section(facts: Facts, section: str, draft: str, instruction: str, model: ChatModel | None, *,
                   retriever=None, on_token: Callable[[str], None] | None = None, prompts_dir: Path | None = None) -> DraftResult:
    """Revise an existing draft by an instruction (“更简洁”“补充平台建设的内容”), under the same guard."""
    prompts_dir = prompts_folder(prompts_dir)
    ctx = build_context(facts, section, retriever)
    if model is None:
        return _offline(ctx, "未配置模型，无法按要求改写；已按最新事实重新生成离线草稿。", prompts_dir)
    template, version = chat_template("revise", prompts_dir)
    messages = template.format_messages(**_inputs(ctx), draft=draft, instruction=instruction)
    try:
        return _model_round(ctx, model, messages, version, on_token, prompts_dir)
    except ModelFault as exc:
        return DraftResult(section=section, text=draft, unverified_numbers=[n.text for n in guard(draft, ctx.backing).unverified],
                           prompt_version=version, model=model.name, offline=False, notice=f"模型服务出错：{exc}。草稿未改动。",
                           facts=facts)
