"""Retrieval that understands how staff ask: article themes, the domain thesaurus, intent routing, and the optional
model's query rewriting and reranking (in-process doubles, and the real `openai` client against the local stub),
plus the OpenAI-compatible embedding endpoint against the stub. A real Chroma in a temp dir throughout."""

from __future__ import annotations

import dataclasses
import json
import shutil
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml

from assistant.knowledge.retrieval import HybridRetriever
from assistant.knowledge.store import KnowledgeBase, KnowledgeError
from assistant.knowledge.thesaurus import DEFAULT_PATH, load_thesaurus, parse_thesaurus
from assistant.llm import ModelFault
from assistant.llm.testing import ScriptedModel
from assistant.settings import Settings
from tests.stub_openai import StubOpenAI

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory):
    """The whole corpus, indexed offline once for this module."""
    tmp = tmp_path_factory.mktemp("kb")
    kb = KnowledgeBase(Settings(data_dir=tmp / "data", chroma_host=None, embedding_base_url=None))
    kb.ingest([ROOT / "corpus"])
    return kb


def _articles(hits) -> list[str]:
    return [h.metadata.get("article") or h.metadata["type"] for h in hits]


def test_answer_deadline_article_comes_first(corpus_kb):
    hits = HybridRetriever(corpus_kb).search("依申请公开的答复期限", k=5)
    assert hits[0].metadata["article"] == "第三十三条", [h.citation for h in hits]


def test_themes_are_indexed_but_results_cite_the_article_text(corpus_kb):
    hit = HybridRetriever(corpus_kb).search("条例是哪天开始生效的", k=3)[0]
    assert hit.metadata["article"] == "第五十六条"
    assert hit.text == "第五十六条 本条例自2019年5月15日起施行。"  # the article itself, not its theme
    assert "施行日期" in hit.metadata["theme"] and hit.public()["theme"] == hit.metadata["theme"]
    themes = yaml.safe_load((ROOT / "corpus/regulations/regulation-2019.themes.yaml").read_text(encoding="utf-8"))
    assert len(themes) == 56  # every article has one
    notice = HybridRetriever(corpus_kb).search("谁对年报的质量负责", k=5, type="notice")[0]
    assert notice.metadata["year"] == 2021 and "第一责任人" in notice.metadata["theme"]
    assert notice.metadata["section"].endswith("正文（已取得部分，逐字）") and "第一责任人" not in notice.text[:60]


def test_a_theme_change_reindexes_the_article(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" / "regulations", corpus / "regulations")
    kb = KnowledgeBase(Settings(data_dir=tmp_path / "data", corpus_dir=corpus, chroma_host=None, embedding_base_url=None))
    kb.ingest([corpus])
    themes = corpus / "regulations" / "regulation-2019.themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("第四十三条: ", "第四十三条: 无障碍服务、手语翻译；"),
                      encoding="utf-8")
    again = kb.ingest([corpus])
    assert again.replaced == ["regulations/regulation-2019.md"] and len(again.unchanged) == 2
    assert HybridRetriever(kb).search("手语翻译", k=1)[0].metadata["article"] == "第四十三条"
    themes.write_text("第一条: [不是一行文字]\n", encoding="utf-8")
    broken = kb.ingest([corpus])
    assert "regulations/regulation-2019.md" in broken.failed and "条旨文件" in broken.failed["regulations/regulation-2019.md"]


def test_thesaurus_expands_with_synonyms():
    th = load_thesaurus(DEFAULT_PATH)
    weighted = dict(th.expand("年报最晚什么时候要挂到网上"))
    assert weighted["年报"] == 1.0 and weighted["年度报告"] == th.expansion_weight and weighted["截止"] == th.expansion_weight
    assert "主动" not in weighted  # a related word is not a synonym
    assert dict(th.expand("植树造林活动")) == {"植树造林": 1.0, "活动": 1.0}  # nothing to expand
    assert dict(th.expand("行政复议的期限")) == {"行政复议": 1.0, "期限": 1.0, "多久": th.expansion_weight}  # “复议” is in it
    assert "不要" not in dict(th.expand("内部记录要不要公开")) and "内部" in dict(th.expand("内部记录要不要公开"))
    lower = parse_thesaurus({"synonyms": [["年报", "年度报告"]], "expansion_weight": 0.5}, "x")
    assert dict(lower.expand("年报")) == {"年报": 1.0, "年度报告": 0.5}
    seen: dict[str, int] = {}
    for n, group in enumerate(th.groups):
        for term in group:  # a term in two groups would join two meanings
            assert seen.setdefault(term, n) == n, term


def test_thesaurus_errors_name_the_file(tmp_path):
    with pytest.raises(KnowledgeError, match="synonyms 第 2 组"):
        parse_thesaurus({"synonyms": [["年报", "年度报告"], ["孤词"]]}, "检索词表 x.yaml")
    bad = tmp_path / "词表.yaml"
    bad.write_text("synonyms: [[", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="词表.yaml"):
        load_thesaurus(bad)


def test_thesaurus_file_comes_from_the_settings(corpus_kb, tmp_path):
    custom = tmp_path / "thesaurus.yaml"
    custom.write_text(yaml.safe_dump({"synonyms": [["手语", "视听障碍"]], "intents": {}}, allow_unicode=True),
                      encoding="utf-8")
    kb = KnowledgeBase(corpus_kb.settings.model_copy(update={"thesaurus_path": custom}))
    retriever = HybridRetriever(kb)
    assert retriever.thesaurus.groups == (("手语", "视听障碍"),) and retriever.thesaurus.intent("是否") is None
    assert dict(retriever.thesaurus.expand("手语"))["视听"] == retriever.thesaurus.expansion_weight


def test_intent_routes_rules_and_exemplars_and_the_type_filter_overrides(corpus_kb):
    r = HybridRetriever(corpus_kb)
    plain = HybridRetriever(corpus_kb, thesaurus=dataclasses.replace(r.thesaurus, intents=()))  # no routing
    types = lambda retriever, q, **f: [h.metadata["type"] for h in retriever.search(q, k=5, **f)]  # noqa: E731
    exemplars = "给我看看别的单位写的存在问题和改进措施"
    assert types(r, exemplars) == ["report"] * 5 and types(plain, exemplars) != ["report"] * 5
    assert types(r, "找几个年报里写复议诉讼情况的例子")[0] == "report" != types(plain, "找几个年报里写复议诉讼情况的例子")[0]
    rules = "主动公开的信息应当在多少天内发布"
    assert types(r, rules) == ["regulation"] * 5 and "report" in types(plain, rules)
    assert types(r, rules, type="report") == ["report"] * 5  # the type filter overrides the routing
    assert r.thesaurus.intent(exemplars).name == "exemplars"
    assert r.thesaurus.intent("收到申请后最多多少天内必须回复").name == "rules"
    assert r.thesaurus.intent("大庆公共资源交易中心") is None


def test_paraphrased_queries_are_not_copied_from_the_articles():
    text = (ROOT / "corpus/regulations/regulation-2019.md").read_text(encoding="utf-8")
    queries = yaml.safe_load((ROOT / "evals/retrieval/paraphrased.yaml").read_text(encoding="utf-8"))
    assert len(queries) >= 60 and len({q["query"] for q in queries}) == len(queries)
    for q in queries:
        m = SequenceMatcher(None, q["query"], text, autojunk=False).find_longest_match()
        assert m.size <= 8, (q["query"], q["query"][m.a:m.a + m.size])  # no long stretch of the regulation's words


# ---- the model's help: rewriting and reranking -------------------------------------------------------------


def _offline(kb, query, k=5, **filters):
    return [h.id for h in HybridRetriever(kb).search(query, k=k, **filters)]


def test_model_rewrites_and_reranks(corpus_kb):
    # a question the offline retrieval does not place 第四十九条 for (“年报最晚啥时候交” it now does, unaided)
    query, rewritten = "年终的公开工作总结哪天前交上去", '{"query": "政府信息公开工作年度报告 每年1月31日前 提交 向社会公布"}'
    model = ScriptedModel([rewritten, "{}"])
    r = HybridRetriever(corpus_kb, model=model)
    fused = [h.id for h in r.search(query, k=20)]
    assert r.notes == ["模型重排未采用（模型排序结果缺少 order），按融合排序"]
    assert query in model.prompts[0] and "[1]" in model.prompts[1] and "[20]" in model.prompts[1]
    with_model = [corpus_kb_article(corpus_kb, i) for i in fused]
    without = [corpus_kb_article(corpus_kb, i) for i in _offline(corpus_kb, query, k=20)]
    rank = lambda articles: articles.index("第四十九条") if "第四十九条" in articles else len(articles)  # noqa: E731
    assert rank(with_model) < 5 <= rank(without)  # the rewritten question was searched too
    model.script = [rewritten, '{"order": [1]}', rewritten, '{"order": [5, 4, 3, 2, 1]}']
    top5 = [h.id for h in r.search(query, k=5)]  # the model's order: the fused one
    assert [h.id for h in r.search(query, k=5)] == top5[::-1] and r.notes == []
    assert len(model.requests) == 6


def corpus_kb_article(kb, chunk_id: str) -> str:
    return kb.collection.get(ids=[chunk_id], include=["metadatas"])["metadatas"][0].get("article", "")


FAIL_REWRITE = [(ModelFault("请求超时"), "查询改写未采用（模型出错：请求超时（已尝试 1 次）），按原问题检索"),
                ("好的，改写为：答复期限", "查询改写未采用（模型没有只输出 JSON：好的，改写为：答复期限），按原问题检索"),
                ('{"query": ""}', "查询改写未采用（模型改写结果缺少 query），按原问题检索"),
                ('{"query": ', "查询改写未采用（模型没有只输出 JSON：{\"query\":），按原问题检索")]
FAIL_RERANK = [(ModelFault("请求超时"), "模型重排未采用（模型出错：请求超时（已尝试 1 次）），按融合排序"),
               ('排序：{"order": [2, 1]}', "模型重排未采用（模型没有只输出 JSON：排序：{\"order\": [2, 1]}），按融合排序"),
               ('{"order": [0, 1]}', "模型重排未采用（模型排序结果含无效编号 0），按融合排序"),
               ('{"order": ["1"]}', "模型重排未采用（模型排序结果含无效编号 '1'），按融合排序"),
               ('[1, 2]', "模型重排未采用（模型没有只输出 JSON：[1, 2]），按融合排序"),
               ('{"order": []}', "模型重排未采用（模型排序结果缺少 order），按融合排序")]
QUERY = "收到申请后最多多少天内必须回复"


@pytest.mark.parametrize("rewrite, rewrite_note", FAIL_REWRITE)
@pytest.mark.parametrize("rerank, rerank_note", FAIL_RERANK)
def test_any_model_failure_falls_back_to_the_fused_ranking(corpus_kb, rewrite, rewrite_note, rerank, rerank_note):
    model = ScriptedModel([rewrite, rerank])
    r = HybridRetriever(corpus_kb, model=model)
    assert [h.id for h in r.search(QUERY, k=5)] == _offline(corpus_kb, QUERY)  # nothing of the model's was used
    assert r.notes == [rewrite_note, rerank_note] and len(model.requests) == 2


def test_one_failure_keeps_the_other_help(corpus_kb):
    offline = _offline(corpus_kb, QUERY)
    r = HybridRetriever(corpus_kb, model=ScriptedModel([FAIL_REWRITE[0][0], '{"order": [2, 1, 2]}']))
    assert [h.id for h in r.search(QUERY, k=5)] == [offline[1], offline[0], *offline[2:]]
    assert r.notes == [FAIL_REWRITE[0][1]]
    with_rewrite = HybridRetriever(corpus_kb, model=ScriptedModel(['{"query": "答复期限 延长"}', '{"order": [1]}']))
    expected = [h.id for h in with_rewrite.search(QUERY, k=5)]
    failed_rerank = HybridRetriever(corpus_kb, model=ScriptedModel(['{"query": "答复期限 延长"}', FAIL_RERANK[0][0]]))
    assert [h.id for h in failed_rerank.search(QUERY, k=5)] == expected and failed_rerank.notes == [FAIL_RERANK[0][1]]


def test_rewriting_and_reranking_over_the_wire(corpus_kb):
    from assistant.llm.openai_compatible import OpenAICompatible

    query = "申请人材料写得不清楚我们该怎么办"
    offline = _offline(corpus_kb, query)
    with StubOpenAI() as stub:
        settings = Settings(openai_base_url=stub.base_url, openai_api_key="k", model="m", max_retries=1,
                            retry_backoff=0.01, timeout=5)
        model = OpenAICompatible(settings)
        r = HybridRetriever(corpus_kb, model=model)
        stub.script = [{"reply": '{"query": "申请内容不明确 一次性告知补正"}'}, {"reply": '{"order": [2, 1]}'}]
        hits = r.search(query, k=5)
        assert r.notes == [] and len(stub.requests) == 2
        assert "申请人材料写得不清楚" in json.dumps(stub.requests[0], ensure_ascii=False)
        assert any(h.metadata.get("article") == "第三十条" for h in hits)
        stub.requests.clear()
        stub.script = [{"status": 500}, {"status": 500}, {"status": 401}]  # rewrite: 500 twice; rerank: 401
        assert [h.id for h in r.search(query, k=5)] == offline
        assert len(stub.requests) == 3
        assert r.notes == ["查询改写未采用（模型出错：服务端错误（500）（已尝试 2 次）），按原问题检索",
                           "模型重排未采用（模型出错：密钥无效或无权限（401）（已尝试 1 次）），按融合排序"]
        stub.requests.clear()
        stub.script = [{"reply": "不是JSON"}, {"truncate": '{"order": [2,'}]
        assert [h.id for h in r.search(query, k=5)] == offline and len(r.notes) == 2


# ---- the OpenAI-compatible embedding endpoint ---------------------------------------------------------------


def test_embedding_endpoint_against_the_stub(tmp_path):
    with StubOpenAI() as stub:
        settings = Settings(data_dir=tmp_path / "data", chroma_host=None, embedding_base_url=stub.base_url,
                            embedding_model="bge-m3", embedding_api_key="k")
        kb = KnowledgeBase(settings)
        assert kb.embedding_id == f"openai-compatible:bge-m3@{stub.base_url}"
        result = kb.ingest([ROOT / "corpus" / "regulations"])
        assert len(result.added) == 3 and stub.embedding_requests
        assert all(b["model"] == "bge-m3" for b in stub.embedding_requests) and not stub.requests
        sent = [t for b in stub.embedding_requests for t in b["input"]]
        assert any(t.startswith("答复期限：") and "第三十三条" in t for t in sent)  # the theme is embedded with the article
        hits = HybridRetriever(kb).search("信息处理费", k=3)
        assert hits[0].metadata["article"] == "第四十二条" and hits[0].vector_rank is not None
        assert KnowledgeBase(settings).count() == kb.count()
        with pytest.raises(KnowledgeError, match="不能混用"):
            KnowledgeBase(settings.model_copy(update={"embedding_model": "another"}))
        stub.embedding_script = [{"status": 500}] * 10
        with pytest.raises(KnowledgeError, match="嵌入接口"):
            HybridRetriever(KnowledgeBase(settings)).search("信息处理费", k=3)
        stub.embedding_script = [{"status": 401}] * 10
        extra = tmp_path / "extra.md"
        extra.write_text((ROOT / "corpus/regulations/regulation-2019.md").read_text(encoding="utf-8"), encoding="utf-8")
        with pytest.raises(KnowledgeError, match="嵌入接口.*401"):
            kb.ingest([extra], prune=False)


def test_cli_search_uses_the_configured_model_and_says_when_it_falls_back(tmp_path):
    import subprocess
    import sys

    with StubOpenAI() as stub:
        env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "OPENAI_BASE_URL": stub.base_url,
               "OPENAI_API_KEY": "k", "ASSISTANT_MODEL": "stub-model", "ASSISTANT_MAX_RETRIES": "0"}
        run = lambda *a: subprocess.run([sys.executable, "-m", "assistant", *a], capture_output=True, text=True,  # noqa: E731
                                        cwd=ROOT, env=env, timeout=300)
        assert run("ingest", "corpus/regulations").returncode == 0 and not stub.requests
        query = "申请人材料写得不清楚我们该怎么办"
        stub.script = [{"reply": '{"query": "申请内容不明确 补正"}'}, {"reply": '{"order": [1]}'}]
        ok = run("search", query, "--json")
        assert ok.returncode == 0, ok.stderr
        out = json.loads(ok.stdout)
        assert out["notes"] == [] and out["hits"][0]["article"] == "第三十条" and len(stub.requests) == 2
        assert stub.requests[0]["model"] == "stub-model"
        stub.script = [{"status": 401}, {"status": 401}]
        failed = run("search", query)
        assert failed.returncode == 0 and "1. 〔法规〕《" in failed.stdout  # the results still come, from the fused ranking
        assert "提醒：查询改写未采用（模型出错：密钥无效或无权限（401）" in failed.stderr and "模型重排未采用" in failed.stderr
        before = len(stub.requests)
        assert run("search", query, "--no-model").returncode == 0 and len(stub.requests) == before


def test_cli_search_names_a_broken_thesaurus(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "词表.yaml"
    bad.write_text("synonyms:\n  - [孤词]\n", encoding="utf-8")
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "ASSISTANT_THESAURUS_PATH": str(bad)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "assistant", *a], capture_output=True, text=True,  # noqa: E731
                                    cwd=ROOT, env=env, timeout=300)
    assert run("ingest", "corpus/regulations").returncode == 0
    out = run("search", "信息处理费")
    assert out.returncode == 2 and "检索词表 词表.yaml：synonyms 第 1 组应为至少两个词的列表" in out.stderr
    assert "Traceback" not in out.stderr
