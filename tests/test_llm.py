"""The chat-model interface and its in-process doubles: reply collection, retries and faults, and what drafting,
revision, the judge and the eval runner make of a model's faults (no server involved)."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage

from assistant.drafting.draft import draft_section, revise_section
from assistant.drafting.facts import parse_facts
from assistant.llm import ChatModel, ModelFault, model_from_settings, model_label, reply_text
from assistant.llm.testing import FunctionModel, ScriptedModel, ScriptExhausted
from assistant.settings import Settings

FACTS = {"agency": "某某市某某局", "year": 2023,
         "facts": {"overview": ["全年主动公开政府信息 1520 条", "新收政府信息公开申请 37 件，均按期答复", "开展政务公开培训三次"]}}
GOOD = "2023年，某某市某某局全年主动公开政府信息1520条，新收政府信息公开申请37件，开展政务公开培训三次。"
ASK = [HumanMessage("你好")]


def test_doubles_are_chat_models():
    for model in (FunctionModel(lambda m: "好"), ScriptedModel([])):
        assert isinstance(model, ChatModel)
    assert model_label(ScriptedModel([], name="甲")) == "模型：甲" and model_label(None) == "模型：离线起草（未配置模型）"


def test_scripted_model_replies_in_order_and_records_requests():
    model = ScriptedModel(["第一", ["第", "二"]])
    tokens: list[str] = []
    assert reply_text(model, ASK, on_token=tokens.append) == "第一"
    assert reply_text(model, [HumanMessage("再来")], on_token=tokens.append) == "第二"
    assert tokens == ["第一", "第", "二"]
    assert [m[-1].content for m in model.requests] == ["你好", "再来"] and model.prompts == ["你好", "再来"]
    with pytest.raises(ScriptExhausted, match="request 3"):
        reply_text(model, ASK)


def test_running_out_of_script_is_never_swallowed_by_a_fallback():
    model = ScriptedModel([GOOD.replace("三次", "五次")])  # the repair round asks a second time
    with pytest.raises(ScriptExhausted):
        draft_section(parse_facts(FACTS), "overview", model)


def test_function_model_sees_the_messages_and_may_stream_chunks():
    model = FunctionModel(lambda messages: (c for c in str(messages[-1].content)[::-1]), name="倒序")
    tokens: list[str] = []
    assert reply_text(model, [HumanMessage("甲乙丙")], on_token=tokens.append) == "丙乙甲"
    assert tokens == ["丙", "乙", "甲"] and model.requests[0][-1].content == "甲乙丙"


def test_empty_reply_is_a_fault_and_is_retried():
    model = ScriptedModel(["  ", GOOD], retries=1)
    assert reply_text(model, ASK) == GOOD and len(model.requests) == 2
    with pytest.raises(ModelFault, match=r"^模型返回了空内容（已尝试 2 次）$"):
        reply_text(ScriptedModel(["", []], retries=1), ASK)


def test_retryable_faults_are_retried_up_to_the_limit():
    model = ScriptedModel([ModelFault("请求超时"), ModelFault("请求过于频繁（429）"), ModelFault("请求超时")], retries=2)
    with pytest.raises(ModelFault, match=r"^请求超时（已尝试 3 次）$"):
        reply_text(model, ASK)
    assert len(model.requests) == 3


def test_faults_retrying_cannot_help_are_not_retried():
    model = ScriptedModel([ModelFault("密钥无效或无权限（401）", retryable=False)], retries=2)
    with pytest.raises(ModelFault, match=r"^密钥无效或无权限（401）（已尝试 1 次）$"):
        reply_text(model, ASK)

    def broken(messages):
        raise ValueError("坏了")

    with pytest.raises(ModelFault, match=r"^ValueError: 坏了（已尝试 1 次）$"):
        reply_text(FunctionModel(broken, retries=2), ASK)


def test_a_cut_off_reply_streams_its_start_then_is_retried():
    cut = ["2023年，", ModelFault("模型输出中途中断")]
    model = ScriptedModel([cut, GOOD], retries=1)
    tokens: list[str] = []
    assert reply_text(model, ASK, on_token=tokens.append) == GOOD
    assert tokens == ["2023年，", GOOD]


@pytest.mark.parametrize("fault,words", [
    (ModelFault("请求超时"), "请求超时（已尝试 1 次）"),
    (["2023年，", ModelFault("模型输出中途中断")], "模型输出中途中断（已尝试 1 次）"),
    ("", "模型返回了空内容（已尝试 1 次）"),
    (RuntimeError("连接被重置"), "RuntimeError: 连接被重置（已尝试 1 次）"),
])
def test_a_fault_falls_back_to_the_offline_draft(fault, words):
    model = ScriptedModel([fault], name="scripted")
    tokens: list[str] = []
    result = draft_section(parse_facts(FACTS), "overview", model, on_token=tokens.append)
    assert result.offline and result.model == "离线起草" and result.prompt_version.startswith("offline_phrases@v")
    assert result.notice == f"模型服务出错：{words}。已改用离线草稿，您的事实均已保留。"
    assert "1520" in result.text and result.unverified_numbers == []
    assert set(result.public()) == {"section", "text", "unverified_numbers", "sources", "prompt_version", "model",
                                    "offline", "notice", "verified_numbers", "number_problems", "table_findings",
                                    "facts_findings"}


def test_a_fault_during_revision_keeps_the_draft():
    model = ScriptedModel([ModelFault("服务端错误（502）")], name="scripted")
    result = revise_section(parse_facts(FACTS), "overview", GOOD, "更简洁", model)
    assert result.text == GOOD and not result.offline and result.model == "scripted"
    assert result.notice == "模型服务出错：服务端错误（502）（已尝试 1 次）。草稿未改动。"


def test_without_a_model_revision_redrafts_offline():
    result = revise_section(parse_facts(FACTS), "overview", GOOD, "更简洁", None)
    assert result.offline and result.notice == "未配置模型，无法按要求改写；已按最新事实重新生成离线草稿。"


def test_model_from_settings():
    assert model_from_settings(Settings(openai_base_url=None, openai_api_key=None)) is None
    model = model_from_settings(Settings(openai_base_url="http://127.0.0.1:9/v1", openai_api_key=None, model="qwen",
                                         max_retries=4, retry_backoff=0.5))
    assert isinstance(model, ChatModel)
    assert (model.name, model.retries, model.backoff) == ("qwen", 4, 0.5)
    assert model_label(model) == "模型：qwen（http://127.0.0.1:9/v1）"
    assert model_label(model_from_settings(Settings(openai_base_url=None, openai_api_key="k", model="gpt"))) == "模型：gpt（OpenAI）"


def test_judge_reads_scores_and_reports_what_it_cannot():
    from assistant.evals.judge import judge

    model = ScriptedModel(['评分如下：{"style": 4, "register": 5, "concision": 3}', "很好", '{"style": 9, "register": 5, "concision": 3}',
                           ModelFault("请求超时")])
    assert judge(GOOD, "overview", model) == {"style": 4.0, "register": 5.0, "concision": 3.0, "prompt_version": "judge@v1"}
    assert "请评分" in model.prompts[0] and GOOD in model.prompts[0]
    assert judge(GOOD, "overview", model)["error"].startswith("评分结果无法解析：很好")
    assert judge(GOOD, "overview", model)["error"].startswith("评分超出 1–5")
    assert judge(GOOD, "overview", model) == {"error": "请求超时（已尝试 1 次）"}


def test_services_hold_the_model(tmp_path):
    from assistant.ui.services import Services

    settings = Settings(data_dir=tmp_path, openai_base_url=None, openai_api_key=None)
    assert Services(settings).model is None and Services(settings).model_label() == "模型：离线起草（未配置模型）"
    model = ScriptedModel([], name="scripted")
    assert Services(settings, model).model is model and Services(settings, model).model_label() == "模型：scripted"


def test_public_json_shape_is_unchanged():
    result = draft_section(parse_facts(FACTS), "overview", ScriptedModel([GOOD], name="scripted"))
    out = json.loads(json.dumps(result.public(), ensure_ascii=False))
    assert out["model"] == "scripted" and out["offline"] is False and out["text"] == GOOD
    assert out["verified_numbers"] and set(out["verified_numbers"][0]) == {"number", "source"}
