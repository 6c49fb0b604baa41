"""Optional LLM-judge rubric (style, register, concision), only with a model configured; reported apart from the
deterministic metrics and never mixed into them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

from ..drafting.facts import SECTIONS
from ..drafting.model import ModelFault, make_chat_model, stream_text
from ..drafting.prompts import load_prompt

CRITERIA = ("style", "register", "concision")


def judge(text: str, section: str, settings, prompts_dir: Path | None = None) -> dict:
    prompt = load_prompt("judge", Path(prompts_dir or settings.prompts_dir))
    messages = ChatPromptTemplate.from_messages([("human", prompt.body)]).format_messages(
        section_title=SECTIONS[section], draft=text)
    try:
        reply = stream_text(make_chat_model(settings), messages, retries=settings.max_retries, backoff=settings.retry_backoff)
    except ModelFault as exc:
        return {"error": str(exc)}
    m = re.search(r"\{.*?\}", reply, re.S)
    try:
        data = json.loads(m.group(0)) if m else {}
        scores = {k: float(data[k]) for k in CRITERIA}
    except (ValueError, KeyError, TypeError):
        return {"error": f"评分结果无法解析：{reply[:80]}"}
    if not all(1 <= v <= 5 for v in scores.values()):
        return {"error": f"评分超出 1–5：{scores}"}
    return {**scores, "prompt_version": prompt.tag}
