"""Optional LLM-judge rubric (style, register, concision), only with a model; reported apart from the
deterministic metrics and never mixed into them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

from ..layouts import part_titles
from ..drafting.prompts import load_prompt, prompts_folder
from ..llm import ChatModel, ModelFault, reply_text

CRITERIA = ("style", "register", "concision")


def judge(text: str, section: str, model: ChatModel, prompts_dir: Path | None = None) -> dict:
    """{"style", "register", "concision": 1–5, "prompt_version"}, or {"error": Chinese reason}."""
    prompt = load_prompt("judge", prompts_folder(prompts_dir))
    messages = ChatPromptTemplate.from_messages([("human", prompt.body)]).format_messages(
        section_title=part_titles()[section], draft=text)
    try:
        reply = reply_text(model, messages)
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
