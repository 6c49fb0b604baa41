"""Revision without a model: what can be done by rule is done, the rest is said plainly.

- 更简洁 (精简, 简短 …): the generic sentences are dropped and the sentences carrying facts kept — a sentence carries a
  fact when it repeats one of the user's facts or states a number other than the report year;
- 补充 X (增加, 加上 …): the user's facts that mention X (or the keywords of the 总体情况 topic X names) and that the
  draft does not yet say are added, under the topic's sub-heading when the draft has one;
- anything else needs a model: the draft is kept and the notice says so.
It adds no number of its own: every sentence it writes is a fact the user gave."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..llm import OFFLINE_MODEL
from .context import build_context
from .draft import DraftResult
from .facts import Facts
from .numbers import guard
from .prompts import offline_phrases, prompts_folder

CONCISE = ("简洁", "精简", "简短", "简练", "压缩", "删繁就简", "短一些", "短一点")
ADD = re.compile(r"(?:补充|增加|增补|加上|加入|补上|写上|写入|添加)(?:一下|一些|关于|有关)?(.+)")
_ADD_TAIL = re.compile(r"(?:方面)?(?:的)?(?:内容|情况|事实|数字|数据|工作|部分|表述)?[。！!，,\s]*$")
_CHUNK = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_DIGITS = re.compile(r"\d[\d,，.]*")
_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]")
NEEDS_MODEL = ("离线模式（未配置模型）不能按“{instruction}”改写，这类修改需要配置模型。草稿未改动；"
               "可以直接复制草稿修改，或发送“更简洁”“补充某某内容”（这两种不需要模型）。")


@dataclass
class Revision:
    text: str
    done: bool  # whether the instruction was carried out
    notice: str


def _core(text: str) -> str:
    return re.sub(r"[\s。；;，,、：:！!？?]", "", text)


def _carries_fact(chunk: str, facts: list[str], year: int) -> bool:
    core = _core(chunk)
    if any(len(_core(f)) >= 4 and (_core(f) in core or core in _core(f)) for f in facts):
        return True
    numbers = [n.rstrip(",，.") for n in _DIGITS.findall(chunk)]
    return any(n not in {str(year), "1", "12", "31"} for n in numbers)


def concise(draft: str, facts: list[str], year: int) -> str:
    """The draft with only its fact-bearing sentences (and the sub-headings that still head one)."""
    out: list[str] = []
    heading: str | None = None
    for line in draft.splitlines():
        if _SUBHEADING.match(line) and len(_core(line)) <= 20 and not _DIGITS.search(line):
            heading = line.strip()
            continue
        kept = "".join(c for c in _CHUNK.findall(line) if _carries_fact(c, facts, year)).strip()
        if not kept:
            continue
        kept = re.sub(r"[；;]$", "。", kept)
        if heading is not None:
            out.append(heading)
            heading = None
        out.append(kept)
    return "\n".join(out)


def _terms(topic: str, phrases: dict) -> list[str]:
    """What 补充 X looks for: X itself and, when X names a 总体情况 topic, that topic's keywords."""
    terms = [topic]
    for name, spec in phrases.get("topics", {}).items():
        if topic in name or name in topic:
            terms += [k for k in spec.get("keywords", []) if len(k) >= 2]
    return terms


def add_facts(draft: str, topic: str, facts: list[str], phrases: dict) -> tuple[str, list[str]]:
    """The draft with the facts mentioning the topic that it does not yet say; and those facts."""
    terms = _terms(topic, phrases)
    said = _core(draft)
    new = [f.strip().rstrip("。；;，,") for f in facts if any(t in f for t in terms) and _core(f) not in said]
    new = list(dict.fromkeys(n for n in new if n))
    if not new:
        return draft, []
    addition = "；".join(new) + "。"
    lines = draft.splitlines()
    at = next((i for i, l in enumerate(lines) if _SUBHEADING.match(l) and any(t in l for t in [topic, *terms[:1]])), None)
    if at is not None:  # the end of that sub-part's paragraph
        end = at + 1
        while end + 1 < len(lines) and not _SUBHEADING.match(lines[end + 1]):
            end += 1
        if end < len(lines):
            lines[end] = lines[end].rstrip() + addition
        else:
            lines.append(addition)
        return "\n".join(lines), new
    return draft.rstrip() + ("\n" if draft.strip() else "") + addition, new


def revise_text(draft: str, instruction: str, facts: Facts, section: str, phrases: dict) -> Revision:
    bullets = facts.bullets(section)
    every = bullets + [b for p in facts.layout_spec.prose_parts if p.key != section for b in facts.bullets(p.key)]
    asked = instruction.strip()
    if any(w in asked for w in CONCISE):
        text = concise(draft, bullets, facts.year)
        if not text.strip():
            return Revision(draft, False, "草稿中没有您提供的事实，删去套话后就什么也不剩了：请先在左侧填写本部分的事实。"
                                          "草稿未改动。")
        if text == draft.strip():
            return Revision(draft, False, "草稿中已没有可删去的套话（每句都有事实或数字）；要进一步压缩需要配置模型。草稿未改动。")
        return Revision(text, True, "已按“更简洁”删去套话，保留了全部事实和数字（离线改写，未使用模型）。")
    m = ADD.search(asked)
    if m:
        topic = _ADD_TAIL.sub("", m.group(1)).strip("“”\"'《》 ")
        if topic:
            text, added = add_facts(draft, topic, every, phrases)
            if added:
                return Revision(text, True, f"已补充 {len(added)} 条提到“{topic}”的事实（离线改写，未使用模型）。")
            return Revision(draft, False, f"您提供的事实中没有提到“{topic}”的内容（或都已写入草稿）：请先在左侧"
                                          f"“本部分的事实”中补充，再发送“补充{topic}”。离线模式不会编写事实。草稿未改动。")
    return Revision(draft, False, NEEDS_MODEL.format(instruction=asked[:40]))


def revise_offline(facts: Facts, section: str, draft: str, instruction: str, *, retriever=None,
                   prompts_dir: Path | None = None) -> tuple[DraftResult, bool]:
    """The revised draft as a DraftResult (under the same number guard), and whether the instruction was done."""
    ctx = build_context(facts, section, retriever)
    revision = revise_text(draft, instruction, facts, section, offline_phrases(prompts_folder(prompts_dir)))
    g = guard(revision.text, ctx.backing)
    result = DraftResult(section=section, text=revision.text, unverified_numbers=[n.text for n in g.unverified],
                         sources=ctx.sources, prompt_version="offline_revision", model=OFFLINE_MODEL, offline=True,
                         notice=revision.notice, facts=facts)
    return result, revision.done
