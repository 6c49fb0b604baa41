"""The offline drafter: with no model configured, compose each section from the user's facts in the sentence
patterns of real reports (offline_phrases.yaml in the prompts folder, passed in). It adds no number of its own."""

from __future__ import annotations

import re

from ..claims import claims_in
from .context import DraftContext
from .derived import Derived

TOPIC_ORDER = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]
CN_ORDINALS = "一二三四五六七八九十"


def _sentence(text: str) -> str:
    text = text.strip().rstrip("。；;，,")
    return text + "。" if text else ""


def _join(items: list[str]) -> str:
    items = [i.strip().rstrip("。；;，,") for i in items if i.strip()]
    return "；".join(items) + "。" if items else ""


def _fill(template: str, ctx: DraftContext) -> str:
    return template.replace("{agency}", ctx.facts.agency).replace("{year}", str(ctx.facts.year))


def classify(bullet: str, phrases: dict) -> str:
    """The 总体情况 sub-part a fact belongs to: the one whose keywords (offline_phrases.yaml) it mentions most, each
    keyword weighing its length; ties go to the earlier sub-part, no keyword at all to 主动公开."""
    scores = [(sum(len(k) for k in set(phrases["topics"][t]["keywords"]) if k in bullet), -i, t)
              for i, t in enumerate(TOPIC_ORDER)]
    best = max(scores)
    return best[2] if best[0] > 0 else TOPIC_ORDER[0]


def _classify(bullets: list[str], phrases: dict) -> dict[str, list[str]]:
    buckets: dict[str, list[str]] = {t: [] for t in TOPIC_ORDER}
    for b in bullets:
        buckets[classify(b, phrases)].append(b)
    return buckets


def _enumerate(items: list[str]) -> str:
    """一是……；二是……。 (a single item stands alone)."""
    items = [i.strip().rstrip("。；;，,") for i in items if i.strip()]
    if len(items) == 1:
        return items[0] + "。"
    return "；".join(f"{CN_ORDINALS[i]}是{x}" for i, x in enumerate(items)) + "。"


def draft_intro(ctx: DraftContext, p: dict) -> str:
    text = _fill(p["intro"], ctx)
    extra = ctx.facts.bullets("intro")
    if ctx.facts.website:
        text += f"本报告电子版可在{ctx.facts.website}查阅或下载。"
    if ctx.facts.contact:
        text += f"如对本报告有疑问，请与{ctx.facts.agency}联系（{ctx.facts.contact.strip().rstrip('。')}）。"
    return text + ("".join(_sentence(b) for b in extra))


def request_sentence(ctx: DraftContext) -> str:
    """依申请公开 from the tables and the derived figures: what was received, answered and carried over, the share
    granted and the change against last year (only figures the facts do not already state)."""
    stated = {(c.subject, c.key) for b in ctx.facts.bullets("overview") for c in claims_in(b)}
    by_fact: dict[tuple[str, str | None], Derived] = {(d.fact, d.claim.qualifier): d for d in ctx.derived if d.fact}
    parts = []
    for fid in ("new", "carried_in", "answered", "granted", "partial", "carried_out"):
        d = by_fact.get((fid, "total"))
        if d is None or (d.claim.subject, d.claim.key) in stated:
            continue
        share = by_fact.get((fid, "share"))
        parts.append(share.text if share is not None and fid in ("granted", "partial") else d.text)
    change = [d for d in ctx.derived if d.fact == "new" and d.claim.qualifier == "change"]
    if change:
        parts.append(change[0].text)
    return "，".join(parts) + "。" if parts else ""


def draft_overview(ctx: DraftContext, p: dict) -> str:
    paragraphs = [_fill(p["overview_opening"], ctx)]
    buckets = _classify(ctx.facts.bullets("overview"), p)
    for i, topic in enumerate(TOPIC_ORDER):
        spec = p["topics"][topic]
        facts = buckets[topic]
        body = spec["opening"] + (_join(facts) if facts else spec["default"] + ("" if spec["default"].endswith("。") else "。"))
        if topic == "依申请公开":
            body += request_sentence(ctx)
        if topic == "主动公开":
            body += "".join(f"{d.text}。" for d in {d.text: d for d in ctx.derived
                                                   if d.claim.qualifier == "change" and d.claim.subject == "proactive"}.values())
        paragraphs.append(f"（{CN_ORDINALS[i]}）{topic}\n{body}")
    return "\n".join(paragraphs)


def draft_problems(ctx: DraftContext, p: dict) -> str:
    bullets = ctx.facts.bullets("problems")
    measures = [b for b in bullets if re.match(r"^(下一步|将|拟|计划|改进|措施)", b)]
    problems = [b for b in bullets if b not in measures]
    text = _fill(p["problems_opening"], ctx)
    text += _enumerate(problems) if problems else p["problems_default"] + "。"
    steps = [re.sub(r"^(下一步|将|拟|计划)[，,：:]?", "", m).strip() for m in measures] or p["measures_default"]
    return text + "\n" + _fill(p["measures_opening"], ctx) + _enumerate(steps)


def draft_other(ctx: DraftContext, p: dict) -> str:
    bullets = ctx.facts.bullets("other")
    part = ctx.facts.layout_spec.part("other")
    required = part.required if part else []
    lead_words = list(p["other_lead"]) + [w for need in required for w in need.any]
    lead = [b for b in bullets if any(w in b for w in lead_words)]
    rest = [b for b in bullets if b not in lead]
    parts = []
    if lead:
        parts.append(_sentence(lead[0]))
    else:
        parts += [p["required_missing"].get(need.rule, f"【待补充：{need.message}】") for need in required]
    parts.append(_join(rest) if rest else p["other_none"])
    return "".join(parts)


DRAFTERS = {"intro": draft_intro, "overview": draft_overview, "problems": draft_problems, "other": draft_other}


def offline_draft(ctx: DraftContext, phrases: dict) -> str:
    """phrases: offline_phrases.yaml of the prompts folder in use."""
    return DRAFTERS[ctx.section](ctx, phrases)
