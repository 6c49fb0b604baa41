"""Drafting: the logic (prompts, number guard, repair round, revision, faults) with in-process models; the real wire
path (the `openai` client through ChatOpenAI, streaming, retries, timeouts) against a local stub server; offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from assistant.drafting.draft import draft_section, revise_section
from assistant.drafting.facts import load_facts, parse_facts
from assistant.drafting.numbers import Backing, guard, numbers_in
from assistant.drafting.prompts import load_prompt
from assistant.knowledge.retrieval import HybridRetriever
from assistant.knowledge.store import KnowledgeBase
from assistant.llm import ModelFault, model_from_settings
from assistant.llm.testing import ScriptedModel
from assistant.settings import Settings
from assistant.textfile import InputError
from tests.stub_openai import StubOpenAI

ROOT = Path(__file__).resolve().parent.parent
SEED_FACTS = ROOT / "evals" / "facts" / "seed_2021_daqing.yaml"
FACTS = {"agency": "某某市某某局", "year": 2023,
         "facts": {"overview": ["全年主动公开政府信息 1520 条", "新收政府信息公开申请 37 件，均按期答复", "开展政务公开培训三次"],
                   "problems": ["政策解读形式还不够丰富"], "other": ["本年度未收取信息处理费"]}}
GOOD = "2023年，某某市某某局全年主动公开政府信息1520条，新收政府信息公开申请37件，开展政务公开培训三次。"


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    kb = KnowledgeBase(Settings(data_dir=tmp_path_factory.mktemp("kb"), chroma_host=None, embedding_base_url=None))
    kb.ingest([ROOT / "corpus"])
    return HybridRetriever(kb)


@pytest.fixture()
def stub():
    with StubOpenAI() as s:
        yield s


def _model(stub, **kw):
    """The OpenAI-compatible model, pointed at the stub server."""
    base = dict(openai_base_url=stub.base_url, openai_api_key="test-key", model="stub-model", timeout=2.0,
                max_retries=2, retry_backoff=0.01)
    return model_from_settings(Settings(**{**base, **kw}))


def _offline():
    model = model_from_settings(Settings(openai_base_url=None, openai_api_key=None))
    assert model is None  # no endpoint configured: the offline drafter
    return model


def test_request_carries_facts_exemplar_and_article(stub, retriever):
    stub.script = [{"reply": GOOD}]
    tokens: list[str] = []
    result = draft_section(parse_facts(FACTS), "overview", _model(stub), retriever=retriever, on_token=tokens.append)
    assert not result.offline and result.text == GOOD and result.unverified_numbers == []
    assert len(tokens) > 3 and "".join(tokens) == GOOD  # streamed in pieces
    (request,) = stub.requests
    assert request["stream"] is True and request["model"] == "stub-model"
    prompt = "\n".join(m["content"] for m in request["messages"])
    assert "全年主动公开政府信息 1520 条" in prompt
    exemplar = [s for s in result.sources if s.kind == "exemplar"][0]
    assert exemplar.citation in prompt  # a retrieved exemplar of the same section
    assert "第五十条 政府信息公开工作年度报告应当包括下列内容" in prompt  # the governing article
    assert result.prompt_version == "system@v1+overview@v1"


def test_invented_number_is_flagged(retriever):
    invented = GOOD.replace("37件", "38件")
    model = ScriptedModel([invented, invented])  # the repair round does not fix it
    result = draft_section(parse_facts(FACTS), "overview", model, retriever=retriever)
    assert result.unverified_numbers == ["38件"]
    assert "找不到依据" in result.notice and "“38件”" in result.notice
    assert len(model.requests) == 2 and "38" in model.prompts[1]


def test_repair_round_fixes_invented_number():
    model = ScriptedModel([GOOD.replace("三次", "五次"), GOOD], name="scripted")
    result = draft_section(parse_facts(FACTS), "overview", model)
    assert result.repaired and result.unverified_numbers == [] and result.text == GOOD
    assert result.prompt_version.endswith("+repair@v1") and result.model == "scripted"
    assert "已自动修正一轮" in result.notice


def test_repair_round_fault_keeps_the_first_draft():
    invented = GOOD.replace("三次", "五次")
    model = ScriptedModel([invented, ModelFault("请求超时")])
    result = draft_section(parse_facts(FACTS), "overview", model)
    assert not result.offline and not result.repaired and result.text == invented
    assert result.unverified_numbers == ["五次"]
    assert result.notice.startswith("修正数字时模型出错（请求超时（已尝试 1 次）），保留原草稿。")


def test_retry_after_429_then_success(stub):
    stub.script = [{"status": 429}, {"status": 503}, {"reply": GOOD}]
    result = draft_section(parse_facts(FACTS), "overview", _model(stub))
    assert not result.offline and result.text == GOOD and len(stub.requests) == 3


@pytest.mark.parametrize("step,words", [
    ({"status": 500}, "服务端错误（500）"),
    ({"status": 429}, "请求过于频繁"),
    ({"sleep": 3, "reply": GOOD}, "请求超时"),
    ({"empty": True}, "空内容"),
    ({"truncate": GOOD}, "中断"),
])
def test_faults_fall_back_to_offline(stub, step, words):
    stub.script = [dict(step) for _ in range(3)]
    result = draft_section(parse_facts(FACTS), "overview", _model(stub, timeout=1.0))
    assert result.offline and result.model == "离线起草"
    assert words in result.notice and "已尝试 3 次" in result.notice and "事实均已保留" in result.notice
    assert "1520" in result.text  # the user's facts are in the draft
    assert len(stub.requests) == 3


def test_auth_error_is_not_retried(stub):
    stub.script = [{"status": 401}]
    result = draft_section(parse_facts(FACTS), "overview", _model(stub))
    assert result.offline and "401" in result.notice and len(stub.requests) == 1


def test_connection_refused_falls_back():
    settings = Settings(openai_base_url="http://127.0.0.1:9/v1", openai_api_key="k", timeout=1.0, retry_backoff=0.01)
    result = draft_section(parse_facts(FACTS), "overview", model_from_settings(settings))
    assert result.offline and "无法连接" in result.notice


def test_revision_keeps_the_guard():
    model = ScriptedModel(["某某市某某局全年主动公开政府信息1520条，新收申请40件。", "某某市某某局全年主动公开政府信息1520条。"])
    result = revise_section(parse_facts(FACTS), "overview", GOOD, "更简洁", model)
    assert "修改要求：更简洁" in model.prompts[0]
    assert GOOD in model.prompts[0]
    assert result.text == "某某市某某局全年主动公开政府信息1520条。" and result.unverified_numbers == []
    assert result.prompt_version.startswith("system@v1+revise@v1")


def test_offline_seed_drafts_contain_every_given_number_and_no_other(retriever):
    facts = load_facts(SEED_FACTS)
    given = {}
    for section in ("intro", "overview", "problems", "other"):
        result = draft_section(facts, section, _offline(), retriever=retriever)
        assert result.offline and "离线草稿" in result.notice
        drafted = {Backing.key(n.value) for n in numbers_in(result.text)}
        wanted = {Backing.key(n.value) for b in facts.bullets(section) for n in numbers_in(b)}
        if section == "intro":
            wanted |= {"0459-6981688"}
        assert wanted <= drafted, (section, wanted - drafted)
        allowed = wanted | {"2021", "1-1", "12-31"}  # the report year and its statistical period (dates)
        assert drafted <= allowed, (section, drafted - allowed)
        assert result.unverified_numbers == []
        given[section] = result.text
    for n in ("11627", "11620", "1837", "8821", "300", "167", "495", "100"):
        assert n in given["overview"]
    assert given["overview"].count("（") >= 5  # the five sub-parts of 总体情况


def test_offline_2021_other_never_invents_a_fee():
    facts = parse_facts({"agency": "某局", "year": 2023, "facts": {}})
    result = draft_section(facts, "other", _offline())
    assert "待补充" in result.text and numbers_in(result.text) == []


def test_guard_reads_chinese_numerals_and_ignores_enumerations():
    backing = Backing()
    backing.add_text("开展培训三次，收到申请 12 件", "事实")
    g = guard("（一）主动公开\n一是开展培训三次；二是收到申请十二件；三是开展检查五次，第五十条。", backing)
    assert [n.text for n in g.unverified] == ["五次", "第五十条"]  # an article number is backed by articles only
    assert {v for v, _ in g.verified} == {"三次", "十二件"}
    assert [n.key for n in numbers_in("二〇二三年，增长12.5%，金额1,520.50万元")] == ["2023", "12.5", "15205000"]


def test_tables_back_the_numbers_the_prose_quotes(seed_tables):
    facts = parse_facts({"agency": "某局", "year": 2021, "tables": seed_tables, "facts": {}})
    from assistant.drafting.context import build_context

    ctx = build_context(facts, "overview")
    g = guard("全年共收到政府信息公开申请0件，采购项目8850个。", ctx.backing)
    assert g.ok, g.summary()


def test_facts_errors_are_chinese(tmp_path):
    with pytest.raises(InputError, match="机关名称 agency：缺失"):
        parse_facts({"year": 2023})
    with pytest.raises(InputError, match="上年年报 last_year_report 找不到"):
        parse_facts({"agency": "某局", "year": 2023, "last_year_report": str(tmp_path / "none.docx")})
    not_a_report = tmp_path / "note.txt"
    not_a_report.write_text("随便写的笔记", encoding="utf-8")
    with pytest.raises(InputError, match="上年年报无法读取"):
        draft_section(parse_facts({"agency": "某局", "year": 2023, "last_year_report": str(not_a_report)}), "overview", None)
    with pytest.raises(InputError, match="未知部分"):
        parse_facts({"agency": "某局", "year": 2023, "facts": {"summary": ["x"]}})
    bad = tmp_path / "f.yaml"
    bad.write_text("agency: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="格式有误"):
        load_facts(bad)


def test_prompt_files_declare_their_inputs(tmp_path):
    for name in ("system", "intro", "overview", "problems", "other", "revise", "repair"):
        p = load_prompt(name, ROOT / "prompts")
        assert p.version >= 1 and p.id == name
    broken = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", broken)
    (broken / "overview.md").write_text("---\nid: overview\nversion: 2\nsection: overview\ninputs: [facts]\n---\n{facts}{secret}",
                                        encoding="utf-8")
    with pytest.raises(ValueError, match="未在 inputs 中声明"):
        load_prompt("overview", broken)


def test_cli_draft_json_offline(tmp_path):
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "assistant", "draft", "overview", "--facts", str(SEED_FACTS), "--json"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) >= {"section", "text", "unverified_numbers", "sources", "prompt_version", "model", "offline"}
    assert out["offline"] is True and out["unverified_numbers"] == [] and out["sources"]
    assert "11627" in out["text"]
    bad = subprocess.run([sys.executable, "-m", "assistant", "draft", "overview", "--facts", str(tmp_path / "none.yaml")],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert bad.returncode == 2 and "找不到文件" in bad.stderr


def test_cli_draft_streams_from_stub(stub, tmp_path):
    stub.script = [{"reply": GOOD}]
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS, ensure_ascii=False), encoding="utf-8")
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "OPENAI_BASE_URL": stub.base_url,
           "OPENAI_API_KEY": "k", "ASSISTANT_MODEL": "stub-model"}
    r = subprocess.run([sys.executable, "-m", "assistant", "draft", "overview", "--facts", str(facts), "--stream",
                        "--no-retrieval"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert GOOD in r.stdout and "模型：stub-model" in r.stderr and "全部有依据" in r.stderr


def test_prompts_folder_comes_from_the_settings(tmp_path, monkeypatch):
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    phrases = prompts / "offline_phrases.yaml"
    text = phrases.read_text(encoding="utf-8").replace("version: 2\n", "version: 7\n", 1)
    phrases.write_text(text.replace("扎实推进政府信息公开工作", "扎实推进政务公开标准化工作", 1), encoding="utf-8")
    (prompts / "overview.md").write_text((prompts / "overview.md").read_text(encoding="utf-8")
                                         .replace("version: 1", "version: 5", 1), encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_PROMPTS_DIR", str(prompts))
    offline = Settings(openai_base_url=None, openai_api_key=None)
    assert offline.prompts_dir == prompts
    result = draft_section(parse_facts(FACTS), "overview", model_from_settings(offline))
    assert result.prompt_version == "offline_phrases@v7" and "扎实推进政务公开标准化工作" in result.text
    modelled = draft_section(parse_facts(FACTS), "overview", ScriptedModel([GOOD]))
    assert modelled.prompt_version == "system@v1+overview@v5"


def test_cli_shows_facts_against_the_tables_before_and_the_draft_after(tmp_path):
    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump({
        "agency": "某局", "year": 2022, "facts": {"overview": ["新收政府信息公开申请 37 件"]},
        "tables": "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"},
        allow_unicode=True), encoding="utf-8")
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "assistant", "draft", "overview", "--facts", str(facts), "--no-retrieval"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    cell = "表三「一、本年新收政府信息公开申请数量」行「总计」列为 0"
    first = r.stderr.index("事实核对：[错误]")
    assert cell in r.stderr[first:].splitlines()[0]
    assert "统计表核对：[错误]" in r.stderr and "“37 件”：与统计表不符" in r.stderr
