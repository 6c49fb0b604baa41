"""Retrieval that generalises to questions nobody has seen: the character-bigram fields beside the jieba words, the
query normalisation (filler words and question patterns), the themes' coverage of every article and notice part, and
the held-out query sets. A real Chroma in a temp dir, the whole shipped corpus."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml

from assistant.evals.retrieval import QUERY_SETS, load_queries, query_sets, score
from assistant.knowledge.retrieval import WEIGHTS, HybridRetriever
from assistant.knowledge.store import KnowledgeBase, KnowledgeError
from assistant.knowledge.thesaurus import DEFAULT_PATH, load_thesaurus, parse_thesaurus
from assistant.knowledge.tokens import char_grams
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
REGULATIONS = ROOT / "corpus" / "regulations"


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kb")
    kb = KnowledgeBase(Settings(data_dir=tmp / "data", chroma_host=None, embedding_base_url=None))
    kb.ingest([ROOT / "corpus"])
    r = HybridRetriever(kb)
    r._ensure_bm25()
    return r


def _where(r, rows):
    return [r.metas[i].get("article") or r.metas[i]["type"] for i in rows]


def test_character_bigrams():
    assert char_grams("讨论稿，能给吗？A4纸") == ["讨论", "论稿", "能给", "给吗", "纸"]
    assert char_grams("2021 ABC") == [] and char_grams("") == []


def test_bigrams_reach_a_wording_jieba_cuts_apart(retriever):
    # jieba keeps “讨论稿” whole, the article says “讨论记录、过程稿”: no word in common, bigrams in common
    assert retriever.bm25("讨论稿", 5, {}) == []
    assert _where(retriever, retriever.gram_bm25("讨论稿", 5, {}))[0] == "第十六条"
    assert _where(retriever, retriever.theme_bm25("讨论稿", 5, {}, grams=True))[0] == "第十六条"
    question = "会上的讨论稿要公开吗"
    assert retriever.search(question, k=5)[0].metadata["article"] == "第十六条"
    saved = dict(WEIGHTS)
    try:  # without the bigram fields the article is not even in the top three
        WEIGHTS.update(grams=0.0, theme_grams=0.0)
        assert "第十六条" not in [h.metadata.get("article") for h in retriever.search(question, k=3)]
    finally:
        WEIGHTS.update(saved)


def test_query_normalisation_drops_filler_and_question_words():
    th = load_thesaurus(DEFAULT_PATH)
    assert th.own_grams("请问啥是讨论稿") == ["讨论", "论稿"]  # no “请问”, “啥”, and no bigram straddling “是”
    assert th.own_grams("商业机密能给吗") == ["商业", "业机", "机密"]
    assert th.own_words("请问说到底啥是讨论稿呀") == ["讨论稿"]
    grams = dict(th.expand_grams("年报都写什么"))
    assert grams["年报"] == 1.0 and grams["年度"] == th.expansion_weight and "什么" not in grams  # synonyms, by bigrams


def test_exemplar_intent_needs_a_word_about_writing_or_reports():
    th = load_thesaurus(DEFAULT_PATH)
    assert th.intent("别的单位写的存在问题").name == "exemplars"
    assert th.intent("有没有街道办的年报可以参考").name == "exemplars"
    assert th.intent("公开的信息和别的单位说法不一致，要先对一下口径吗").name == "rules"  # not a request for exemplars
    assert th.intent("收到的申请其实是在举报别人，按申请办吗").name == "rules"
    custom = parse_thesaurus({"intents": {"x": {"prefer": ["report"], "words": ["别人"], "also": ["写"]}}}, "x")
    assert custom.intent("别人") is None and custom.intent("别人写的").name == "x"
    with pytest.raises(KnowledgeError, match="also"):
        parse_thesaurus({"intents": {"x": {"prefer": ["report"], "words": ["别人"], "also": "写"}}}, "检索词表 x.yaml")


def test_an_unknown_word_keeps_common_words_from_drawing_themes(retriever):
    # “讨论稿” is in no theme by words: “公开”, in almost every theme, must not rank the themes on its own
    assert retriever.theme_bm25("讨论稿要不要公开", 5, {}) == []


def test_every_article_and_notice_part_has_a_theme_in_several_phrasings():
    text = (REGULATIONS / "regulation-2019.md").read_text(encoding="utf-8")
    articles = re.findall(r"^(第[一二三四五六七八九十]+条) ", text, re.M)
    themes = yaml.safe_load((REGULATIONS / "regulation-2019.themes.yaml").read_text(encoding="utf-8"))
    assert list(themes) == articles and len(articles) == 56
    thin = [a for a, t in themes.items() if len(t.split("；")) < 2]
    assert len(thin) <= 5, thin  # nearly every theme says what the article governs in more than one way
    for name in ("report-format-2019", "report-format-2021"):
        headings = set(re.findall(r"^#{2,3} (.+)$", (REGULATIONS / f"{name}.md").read_text(encoding="utf-8"), re.M))
        parts = yaml.safe_load((REGULATIONS / f"{name}.themes.yaml").read_text(encoding="utf-8"))
        assert set(parts) <= headings, set(parts) - headings  # each theme belongs to a heading of the notice
        assert len(parts) >= 6


def test_held_out_sets_are_scored_apart_and_not_copied_from_the_articles(retriever):
    text = (REGULATIONS / "regulation-2019.md").read_text(encoding="utf-8")
    settings = retriever.kb.settings
    assert list(query_sets(settings)) == list(QUERY_SETS) == ["wording", "paraphrase", "holdout", "holdout2"]
    second = load_queries(query_sets(settings)["holdout2"])
    assert len(second) >= 40 and len({q["query"] for q in second}) == len(second)
    kinds = {q["expect"].get("type") or "report" for q in second}
    assert kinds == {"regulation", "notice", "report"}
    for q in load_queries(query_sets(settings)["holdout"]) + second:
        m = SequenceMatcher(None, q["query"], text, autojunk=False).find_longest_match()
        assert m.size <= 8, (q["query"], q["query"][m.a:m.a + m.size])
    result = score(retriever, second)
    assert result.n == len(second) and 0 < result.mrr <= result.recall <= 1
