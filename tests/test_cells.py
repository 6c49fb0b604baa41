from decimal import Decimal

import pytest

from assistant.tables.cells import is_cell_token, parse_cell


@pytest.mark.parametrize("raw,kind,value,unit", [
    ("0", "number", Decimal(0), None),
    ("8,850", "number", Decimal(8850), None),
    ("11,561,862,563.21", "number", Decimal("11561862563.21"), None),
    ("１２３", "number", Decimal(123), None),  # 全角 digits
    ("８，８５０", "number", Decimal(8850), None),  # 全角 comma
    ("+1036", "number", Decimal(1036), None),
    ("-3", "number", Decimal(-3), None),
    ("－3", "number", Decimal(-3), None),
    ("251000元", "number", Decimal(251000), "元"),
    ("0.038万元", "number", Decimal("0.038"), "万元"),
    ("  7 ", "number", Decimal(7), None),
    ("", "blank", None, None),
    ("   ", "blank", None, None),
    ("—", "dash", None, None),
    ("——", "dash", None, None),
    ("-", "dash", None, None),
    ("/", "slash", None, None),
    ("／", "slash", None, None),
    ("不适用", "not_applicable", None, None),
    ("无", "none", None, None),
    ("1O", "invalid", None, None),
    ("8,85", "invalid", None, None),
])
def test_parse_cell_kinds(raw, kind, value, unit):
    cell = parse_cell(raw)
    assert (cell.kind, cell.value, cell.unit) == (kind, value, unit)
    assert cell.raw == raw  # the text as given is kept


def test_zero_blank_dash_are_distinct():
    kinds = {parse_cell(x).kind for x in ("0", "", "—", "/", "不适用")}
    assert len(kinds) == 5


@pytest.mark.parametrize("token,expected", [
    ("0", True), ("8,850", True), ("1O", True), ("—", True), ("不适用", True),
    ("1.", False), ("1、", False), ("规章", False), ("1.属于国家秘密", False), ("------", False),
])
def test_cell_tokens_vs_labels(token, expected):
    assert is_cell_token(token) is expected
