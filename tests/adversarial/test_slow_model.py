"""Class 6: a slow or broken model is cut off. One deadline bounds a whole draft (every request, retry and the repair
round); replies are bounded in tokens; malformed streams are retried like other faults and reported in Chinese.
The real wire path: the `openai` client against the local stub server."""

from __future__ import annotations

import time

import pytest

from assistant.drafting.draft import draft_section
from assistant.drafting.facts import parse_facts
from assistant.llm import ModelFault, model_from_settings, reply_text
from assistant.llm.testing import FunctionModel
from assistant.settings import Settings
from langchain_core.messages import HumanMessage
from tests.stub_openai import StubOpenAI

FACTS = {"agency": "某某市某某局", "year": 2023, "facts": {"overview": ["全年主动公开政府信息 1520 条"]}}
LONG = "2023年，某某市某某局全年主动公开政府信息1520条。" * 4  # streamed 8 characters a piece: many pieces


@pytest.fixture(scope="module", autouse=True)
def warm():
    draft_section(parse_facts(FACTS), "overview", None)  # first-use loading (layouts, prompts, jieba) is not timed


@pytest.fixture()
def stub():
    with StubOpenAI() as s:
        yield s


def _model(stub, **kw):
    base = dict(openai_base_url=stub.base_url, openai_api_key="k", model="stub", timeout=3.0, max_retries=2,
                retry_backoff=0.01)
    return model_from_settings(Settings(**{**base, **kw}))


def test_a_stream_of_one_piece_a_second_is_cut_at_the_deadline(stub):
    # each piece arrives within the per-request timeout, so only the overall deadline can stop it
    stub.script = [{"slow": 1.0, "reply": LONG} for _ in range(3)]
    model = _model(stub, draft_deadline=3.0)
    t0 = time.monotonic()
    result = draft_section(parse_facts(FACTS), "overview", model)
    elapsed = time.monotonic() - t0
    assert elapsed < 6, elapsed  # the deadline (3 s) and at most one piece more
    assert result.offline and "3 秒内没有写完" in result.notice and "ASSISTANT_DRAFT_DEADLINE" in result.notice
    assert "1520" in result.text  # the user's facts survive in the offline draft
    assert len(stub.requests) == 1  # a deadline is not retried


def test_a_hung_request_is_cut_at_the_deadline_not_after_every_retry(stub):
    stub.script = [{"sleep": 30, "reply": LONG} for _ in range(3)]
    model = _model(stub, timeout=60.0, draft_deadline=2.0)
    t0 = time.monotonic()
    result = draft_section(parse_facts(FACTS), "overview", model)
    assert time.monotonic() - t0 < 5
    assert result.offline and "没有写完" in result.notice


def test_the_deadline_is_a_setting_with_a_default_of_a_minute():
    assert Settings().draft_deadline == 60.0
    model = model_from_settings(Settings(openai_base_url="http://127.0.0.1:9/v1", openai_api_key="k", draft_deadline=7))
    assert model.deadline == 7


def test_replies_are_bounded_in_tokens(stub):
    stub.script = [{"reply": LONG}]
    draft_section(parse_facts(FACTS), "overview", _model(stub, max_tokens=321))
    body = stub.requests[0]
    assert body.get("max_tokens", body.get("max_completion_tokens")) == 321


def test_a_malformed_stream_is_retried_and_reported_in_chinese(stub):
    stub.script = [{"garbage": True}, {"garbage": True}, {"reply": LONG}]
    result = draft_section(parse_facts(FACTS), "overview", _model(stub))
    assert not result.offline and result.text == LONG.strip() and len(stub.requests) == 3

    stub.script = [{"garbage": True} for _ in range(3)]
    result = draft_section(parse_facts(FACTS), "overview", _model(stub))
    assert result.offline and "格式不对" in result.notice and "已尝试 3 次" in result.notice
    assert "No generation chunks" not in result.notice


def test_the_deadline_covers_an_in_process_model_that_never_answers():
    def hang(messages):
        def pieces():
            yield "开头"
            time.sleep(30)
            yield "永远不会到"
        return pieces()

    t0 = time.monotonic()
    tokens: list[str] = []
    with pytest.raises(ModelFault, match="1 秒内没有写完"):
        reply_text(FunctionModel(hang, deadline=1.0), [HumanMessage("起草")], on_token=tokens.append)
    assert time.monotonic() - t0 < 2.5 and tokens == ["开头"]
