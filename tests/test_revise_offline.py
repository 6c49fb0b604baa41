"""Revision without a model (assistant/drafting/revise_offline.py): 更简洁 keeps every fact and drops the generic
sentences, 补充 X adds the user's facts on X under the right sub-heading, anything else keeps the draft and says
that it needs a model; no number is ever added."""

from __future__ import annotations

from assistant.drafting.draft import draft_section
from assistant.drafting.facts import parse_facts
from assistant.drafting.revise_offline import revise_offline

FACTS = ["全年主动公开政府信息 1520 条", "新收政府信息公开申请 37 件，均按期答复", "政府网站政府信息公开专栏新增栏目 5 个",
         "组织业务培训2次"]


def facts(**sections):
    return parse_facts({"agency": "某某市测试局", "year": 2023, "facts": sections or {"overview": FACTS}})


def test_more_concise_drops_generic_sentences_and_keeps_every_fact():
    f = facts()
    draft = draft_section(f, "overview", None).text
    result, done = revise_offline(f, "overview", draft, "更简洁一些")
    assert done and result.offline and result.unverified_numbers == []
    assert len(result.text) < len(draft) * 0.6
    assert all(fact in result.text for fact in FACTS)
    for generic in ("坚持以习近平", "严格落实主动公开要求", "依法依规办理政府信息公开申请", "严格落实公开前保密审查制度"):
        assert generic not in result.text
    assert "（一）主动公开" in result.text and "（三）政府信息管理" not in result.text  # a heading left with no fact goes
    assert "删去套话" in result.notice


def test_concise_without_facts_keeps_the_draft_and_says_why():
    f = facts(overview=[])
    draft = draft_section(f, "overview", None).text
    result, done = revise_offline(f, "overview", draft, "更简洁")
    assert not done and result.text == draft and "请先在左侧填写本部分的事实" in result.notice


def test_add_topic_adds_the_facts_that_mention_it_under_its_heading():
    f = facts(overview=["全年主动公开政府信息 1520 条"], other=["政务新媒体发布信息 300 条", "无其他事项"])
    draft = draft_section(f, "overview", None).text
    result, done = revise_offline(f, "overview", draft, "补充平台建设的内容")
    assert done and "政务新媒体发布信息 300 条" in result.text and "无其他事项" not in result.text
    lines = result.text.splitlines()
    at = next(i for i, line in enumerate(lines) if "（四）政府信息公开平台建设" in line)
    assert "政务新媒体发布信息 300 条" in lines[at + 1]
    assert result.unverified_numbers == []


def test_add_topic_with_no_fact_on_it_invents_nothing():
    f = facts(overview=["全年主动公开政府信息 1520 条"])
    draft = draft_section(f, "overview", None).text
    result, done = revise_offline(f, "overview", draft, "补充信息处理费的情况")
    assert not done and result.text == draft
    assert "没有提到“信息处理费”" in result.notice and "不会编写事实" in result.notice


def test_other_instructions_need_a_model():
    f = facts()
    draft = draft_section(f, "overview", None).text
    result, done = revise_offline(f, "overview", draft, "语气更正式一些")
    assert not done and result.text == draft and "需要配置模型" in result.notice
