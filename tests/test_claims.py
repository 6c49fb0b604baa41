"""Claims: what each number in Chinese prose counts, and the guard that binds draft numbers to source claims
(issue 14; the number-guard holes of issue 16, class 10)."""

from __future__ import annotations

from decimal import Decimal

from assistant.claims import claims_in
from assistant.drafting.context import backing_for
from assistant.drafting.facts import parse_facts
from assistant.drafting.numbers import Backing, guard
from assistant.tables import parse_tables


def _one(text: str):
    (c,) = claims_in(text)
    return c


def test_chinese_numerals_are_numbers():
    assert (_one("开展培训三十七件").value, _one("开展培训三十七件").unit) == (Decimal(37), "件")
    c = _one("组织检查十余次")
    assert c.value == 10 and c.unit == "次" and c.approximate
    assert _one("培训四十人次").value == 40
    assert (_one("满意度达五成").value, _one("满意度达五成").kind) == (50, "percent")
    assert (_one("增长百分之十").value, _one("增长百分之十").kind) == (10, "percent")


def test_wan_and_yi_convert():
    assert _one("访问量 1.52万人次").value == 15200
    assert _one("公开信息 1520万条").value == 15200000  # never 0
    assert _one("投入 1.5亿元").value == 150000000 and _one("投入 1.5亿元").kind == "money"
    assert _one("金额 1520.5万元").value == 15205000


def test_numbers_at_sentence_start_are_not_list_numbering():
    assert _one("9999、是一个数字").key == "9999"
    assert _one("1520.5万元用于平台建设").value == 15205000
    assert claims_in("1、主动公开政府信息") == []
    assert claims_in("（一）主动公开") == [] and claims_in("一、总体情况") == []


def test_kinds_years_dates_articles_phones():
    kinds = [(c.kind, c.key) for c in claims_in("统计期限自2023年1月1日起至12月31日止，依据第33条和第三十三条，电话 0459-6981688。")]
    assert kinds == [("year", "2023"), ("date", "1-1"), ("date", "12-31"), ("article", "33"), ("article", "33"),
                     ("phone", "0459-6981688")]


def test_subjects_qualifiers_and_synonyms():
    cs = claims_in("受理政府信息公开申请 41 件，较上年增加 5 件，增长12.5%，办结 40 件，其中予以公开 30 件，占 75%；行政复议 2 件。")
    got = [(c.key, c.subject, c.qualifier) for c in cs]
    assert got == [("41", "applications", None), ("5", "applications", "change"), ("12.5", "applications", "change"),
                   ("40", "answered", None), ("30", "granted", "part"), ("75", "granted", "share"),
                   ("2", "review", None)]
    assert _one("收到申请 3 件").subject == _one("新收申请 3 件").subject == "applications"
    assert _one("答复申请 3 件").subject == _one("办结 3 件").subject == "answered"
    assert _one("复议 3 件").subject == _one("行政复议 3 件").subject == "review"


def _backing(text: str, year: int = 2023) -> Backing:
    b = Backing(report_year=year)
    b.add_text(text, "事实")
    b.add(year, "报告年度", kind="year", unit="年")
    return b


def test_value_under_another_subject_is_flagged_in_chinese():
    b = _backing("新收政府信息公开申请 41 件；组织培训 4 次")
    g = guard("新收申请 4 件。", b)
    (flag,) = g.unverified
    assert flag.text == "4 件" and "事实中 4 是培训次数" in flag.reason
    assert guard("新收申请 41 件，组织培训 4 次。", b).ok


def test_unit_must_be_compatible():
    b = _backing("培训 420 人次；发布信息 1520 条")
    assert not guard("培训 420 次。", b).ok
    assert not guard("发布信息 1520 件。", b).ok
    assert guard("培训 420 人次，发布信息 1520 条。", b).ok


def test_conversions_back_each_other():
    b = _backing("网站访问量 15200 人次；第33条")
    assert guard("网站访问量 1.52万人次，依据第三十三条。", b).ok


def test_period_dates_do_not_back_counts():
    b = _backing("主动公开政府信息 100 条")
    assert guard("统计期限自2023年1月1日起至2023年12月31日止，即2023年1月至12月。", b).ok
    assert not guard("2023年3月，召开专题会议。", b).ok  # a month the facts do not give
    assert [f.text for f in guard("收到申请 12件。", b).unverified] == ["12件"]
    assert [f.text for f in guard("新增信息 1520万条。", _backing("主动公开 0 条")).unverified] == ["1520万条"]


def test_next_and_last_year_in_plans_and_comparisons():
    b = _backing("主动公开政府信息 100 条")
    assert guard("2024年，将继续做好政务公开工作。与2022年相比，公开数量有所增加。", b).ok
    assert not guard("2022年，某局主动公开政府信息 100 条。", b).ok  # a wrong report year


def test_a_count_must_agree_with_the_tables():
    facts = parse_facts({"agency": "某局", "year": 2021, "facts": {"overview": ["新收政府信息公开申请 37 件"]},
                         "tables": "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"})
    tables = parse_tables(facts.tables, year=facts.year, layout=facts.layout)
    g = guard("新收政府信息公开申请 37 件。", backing_for(facts, tables, []))
    (flag,) = g.unverified
    assert "与统计表不符" in flag.reason and "本年新收" in flag.reason and "为 0" in flag.reason


def test_the_report_checker_reads_prose_numbers_with_the_same_extractor():
    from assistant.report.parse import stated_numbers

    got = [(n.value, n.unit, n.raw) for n in stated_numbers(
        "网站访问量 1.52万人次，投入 1520.5万元，受理申请 37 件，占 4.5%，十余次，40多人。", "二", lambda _p: 1)]
    assert got == [(Decimal(15200), "人次", "1.52万人次"), (Decimal("1520.5"), "万元", "1520.5万元"),
                   (Decimal(37), "件", "37 件"), (Decimal("4.5"), "%", "4.5%")]  # approximate figures are left out


def test_units_of_one_group_back_each_other():
    b = _backing("召开新闻发布会 14 场；新增栏目 5 个")
    assert guard("召开新闻发布会 14 次，新增栏目 5 项。", b).ok
    assert not guard("召开新闻发布会 14 人次。", b).ok


def test_a_number_right_after_a_comma_is_read():
    assert [c.text for c in claims_in("收到申请，37件，共1,234条")] == ["37件", "1,234条"]
    assert len(claims_in("1 " * 2000)) == 2000  # bench/bench_claims.py times the long inputs


def test_any_text_gives_claims_without_error():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = "0123456789.,，、。；（）()第条件次人万亿元%十百千一二三四五六七八九〇余多年月日申请培训较上年增长占 \n"

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=120))
    def check(text):
        for c in claims_in(text):
            assert c.text and c.text in c.sentence and c.kind in ("count", "money", "percent", "year", "date",
                                                                  "article", "phone", "number")
        guard(text, _backing("新收申请 3 件"))

    check()
