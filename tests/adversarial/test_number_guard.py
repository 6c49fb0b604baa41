"""Issue 16, class 10: the number guard's holes, each closed, through the real drafter (facts, pasted tables, guard)."""

from __future__ import annotations

import pytest

from assistant.drafting.draft import draft_section
from assistant.drafting.facts import parse_facts
from assistant.llm.testing import FunctionModel

ZERO_TABLE = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
FACTS = {"agency": "某局", "year": 2023, "tables": ZERO_TABLE,
         "facts": {"overview": ["全年主动公开政府信息 1520 条", "政府网站访问量 15200 人次", "依据《条例》第33条公开",
                                "开展培训三十七次"]}}


def _draft(text: str):
    model = FunctionModel(lambda _m: text)  # the same reply to the draft and to its repair round
    return draft_section(parse_facts(FACTS), "overview", model)


@pytest.mark.parametrize("text, flagged", [
    ("全年新增信息 1520万条。", "1520万条"),  # 万 alone is not 0, whatever 0 the table holds
    ("新收政府信息公开申请 12件。", "12件"),  # 1, 12, 31 back only the statistical period's dates
    ("组织检查十余次。", "十余次"),
    ("开展培训四十次。", "四十次"),
    ("满意度达五成。", "五成"),
    ("访问量增长百分之十。", "百分之十"),
    ("9999、条信息已公开。", "9999"),  # a number at the start of a sentence is not list numbering
    ("1520.5万元用于平台建设。", "1520.5万元"),
    ("2022年，某局主动公开政府信息 1520 条。", "2022年"),  # a wrong report year
])
def test_unbacked_numbers_are_flagged(text, flagged):
    assert flagged in _draft(text).unverified_numbers


@pytest.mark.parametrize("text", [
    "政府网站访问量 1.52万人次。",  # 1.52万人次 = 15200 人次
    "依据《条例》第三十三条公开。",  # 第三十三条 = 第33条
    "开展培训 37 次。",  # 三十七次 = 37 次
    "统计期限自2023年1月1日起至2023年12月31日止。",
    "2024年，将继续做好政务公开工作。",  # next year in a plan
    "与2022年相比，主动公开政府信息 1520 条，稳步增加。",  # last year in a comparison
])
def test_correct_numbers_are_not_flagged(text):
    result = _draft(text)
    assert result.unverified_numbers == [], result.number_problems
