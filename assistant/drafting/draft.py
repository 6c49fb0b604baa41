"""Draft or revise a section: retrieve → prompt → model → guard (→ one repair round), or the offline drafter."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .context import DraftContext, build_context
from .facts import SECTIONS, Facts
from .model import ModelFault, make_chat_model, stream_text
from .numbers import guard
from .offline import offline_draft
from .prompts import chat_template, load_prompt, offline_phrases

OFFLINE_MODEL = "离线起草"


@dataclass
class DraftResult:
    section: str
    text: str
    unverified_numbers: list[str]
    verified: list[tuple[str, str]]
    sources: list[dict]
    prompt_version: str
    model: str
    offline: bool
    notice: str = ""  # what the user should know (offline draft, fallback after a fault, repair made)
    repaired: bool = False
    facts: Facts | None = field(default=None, repr=False)

    def public(self) -> dict:
        return {"section": self.section, "text": self.text, "unverified_numbers": self.unverified_numbers,
                "sources": self.sources, "prompt_version": self.prompt_version, "model": self.model,
                "offline": self.offline, "notice": self.notice,
                "verified_numbers": [{"number": n, "source": s} for n, s in self.verified]}


def _inputs(ctx: DraftContext) -> dict:
    from ..layouts import get_layout

    layout = get_layout(ctx.facts.layout_id)
    return {"agency": ctx.facts.agency, "year": ctx.facts.year, "layout_name": f"{layout.name}（{layout.notice}）",
            "facts": ctx.facts_text(), "tables": ctx.tables_text(), "exemplars": ctx.exemplars_text(),
            "articles": ctx.articles_text()}


def _offline(ctx: DraftContext, notice: str, prompts_dir: Path) -> DraftResult:
    phrases = offline_phrases(Path(prompts_dir))
    text = offline_draft(ctx, phrases)
    g = guard(text, ctx.backing)
    return DraftResult(ctx.section, text, [n.text for n in g.unverified], g.verified, [s.public() for s in ctx.sources],
                       f"offline_phrases@v{phrases['version']}", OFFLINE_MODEL, True, notice, facts=ctx.facts)


def _model_round(ctx: DraftContext, settings, messages, version: str, on_token, prompts_dir: Path) -> DraftResult:
    llm = make_chat_model(settings)
    text = stream_text(llm, messages, retries=settings.max_retries, backoff=settings.retry_backoff, on_token=on_token)
    g = guard(text, ctx.backing)
    repaired = False
    notice = ""
    if not g.ok:
        template, _ = chat_template("repair", prompts_dir)
        fix_messages = template.format_messages(**_inputs(ctx), draft=text,
                                                unverified="、".join(n.text for n in g.unverified))
        try:
            fixed = stream_text(llm, fix_messages, retries=settings.max_retries, backoff=settings.retry_backoff)
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
    return DraftResult(ctx.section, text, [n.text for n in g.unverified], g.verified, [s.public() for s in ctx.sources],
                       version, settings.model, False, notice, repaired, facts=ctx.facts)


def draft_section(facts: Facts, section: str, settings, *, retriever=None,
                  on_token: Callable[[str], None] | None = None, prompts_dir: Path | None = None) -> DraftResult:
    """prompts_dir: another prompts folder (evals try one); by default settings.prompts_dir."""
    prompts_dir = Path(prompts_dir or settings.prompts_dir)
    if section not in SECTIONS:
        raise ValueError(f"没有“{section}”这一部分，可起草：{'、'.join(SECTIONS)}")
    ctx = build_context(facts, section, retriever)
    if not settings.model_configured:
        return _offline(ctx, "未配置模型，这是离线草稿：由您提供的事实按年报常用句式组成，请在此基础上修改。", prompts_dir)
    template, version = chat_template(section, prompts_dir)
    messages = template.format_messages(**{k: v for k, v in _inputs(ctx).items() if k in template.input_variables})
    try:
        return _model_round(ctx, settings, messages, version, on_token, prompts_dir)
    except ModelFault as exc:
        return _offline(ctx, f"模型服务出错：{exc}。已改用离线草稿，您的事实均已保留。", prompts_dir)


def revise_section(facts: Facts, section: str, draft: str, instruction: str, settings, *, retriever=None,
                   on_token: Callable[[str], None] | None = None, prompts_dir: Path | None = None) -> DraftResult:
    """Revise an existing draft by an instruction (“更简洁”“补充平台建设的内容”), under the same guard."""
    prompts_dir = Path(prompts_dir or settings.prompts_dir)
    ctx = build_context(facts, section, retriever)
    if not settings.model_configured:
        return _offline(ctx, "未配置模型，无法按要求改写；已按最新事实重新生成离线草稿。", prompts_dir)
    template, version = chat_template("revise", prompts_dir)
    messages = template.format_messages(**_inputs(ctx), draft=draft, instruction=instruction)
    try:
        return _model_round(ctx, settings, messages, version, on_token, prompts_dir)
    except ModelFault as exc:
        return DraftResult(section, draft, [n.text for n in guard(draft, ctx.backing).unverified], [], [],
                           version, settings.model, False, f"模型服务出错：{exc}。草稿未改动。",
                           facts=facts)
