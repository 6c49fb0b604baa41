"""Every rule of every layout: a consistent table passes; a violation is reported at its row and column."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.checks import check_tables
from assistant.layouts import all_layouts, get_layout
from tests.factory import consistent_values, last_year_for, table_set, with_optional_columns

RULES = [(l.id, i, r) for l in all_layouts() for i, r in enumerate(l.rules)]


def _violate(layout_id: str, rule, values: dict, last: dict) -> tuple[str, str]:
    """Change one cell so that `rule` fails on its first row/column; return where the finding must be."""
    table = get_layout(layout_id).table(rule.table)
    anchor = rule.lhs[0].removeprefix("last.")
    if rule.each == "row":
        row_id, col_id = table.rows[0].id, anchor
    else:
        row_id, col_id = anchor, table.columns[0].id
    cells = values[rule.table][row_id]
    if rule.op == "==":
        cells[col_id] = str(int(Decimal(cells[col_id])) + 1)
    else:  # ">=": make the left side smaller than the right
        if rule.rhs:
            other = rule.rhs[0]
            if rule.each == "row":
                values[rule.table][row_id][other] = str(int(Decimal(cells[col_id])) + 5)
            else:
                values[rule.table][other][col_id] = str(int(Decimal(cells[col_id])) + 5)
        else:
            cells["prev_count"], cells["change"] = "2", "-5"
    return row_id, col_id


@pytest.mark.parametrize("layout_id,index,rule", RULES, ids=[f"{l}-{r.id}-{r.table}" for l, _, r in RULES])
def test_rule_passes_then_catches_violation(layout_id, index, rule):
    random.seed(index)
    values = with_optional_columns(get_layout(layout_id), consistent_values(get_layout(layout_id)))
    last_values = last_year_for(layout_id, values)
    last = table_set(layout_id, last_values) if rule.cross_year else None
    assert check_tables(table_set(layout_id, values), last) == []

    row_id, col_id = _violate(layout_id, rule, values, last_values)
    findings = check_tables(table_set(layout_id, values), last)
    mine = [f for f in findings if f.rule == rule.id and f.table_id == rule.table]
    assert mine, findings
    assert (mine[0].row_id, mine[0].column_id) == (row_id, col_id)
    assert mine[0].severity == rule.severity
    spec = get_layout(layout_id).table(rule.table)
    assert mine[0].table == spec.name
    assert mine[0].column == spec.column_index[col_id].display
    assert mine[0].expected is not None and mine[0].actual is not None
    assert mine[0].expected in mine[0].message or mine[0].expected.lstrip("≥ ") in mine[0].message


def test_balance_message_states_both_sides():
    values = consistent_values(get_layout("2021"))
    values["三"]["new"]["natural"] = str(int(values["三"]["new"]["natural"]) + 2)
    values["三"]["new"]["total"] = str(int(values["三"]["new"]["total"]) + 2)
    findings = check_tables(table_set("2021", values))
    assert [(f.rule, f.column) for f in findings] == [("t3.balance", "自然人"), ("t3.balance", "总计")]
    f = findings[0]
    assert f.row == "三、本年度办理结果（七）总计" and f.column == "自然人"
    assert "第一项加第二项之和，应等于第三项加第四项之和" in f.message and "相差 2" in f.message


@pytest.mark.parametrize("raw,rule", [("-1", "cell.negative"), ("2.5", "cell.not_integer"), ("abc1", "cell.not_number"),
                                      ("", "cell.blank"), ("—", "cell.placeholder")])
def test_count_cells_must_be_nonnegative_integers(raw, rule):
    values = consistent_values(get_layout("2019"))
    values["二(一)"]["rules"]["made"] = raw
    findings = check_tables(table_set("2019", values))
    assert [f.rule for f in findings] == [rule]
    assert (findings[0].row, findings[0].column) == ("规章", "本年新制作数量")


def test_signed_change_allows_sign_but_not_fraction():
    values = consistent_values(get_layout("2019"))
    values["二(六)"]["penalty"].update(prev_count="10", change="-3")
    assert check_tables(table_set("2019", values)) == []
    values["二(六)"]["penalty"]["change"] = "-3.5"
    assert [f.rule for f in check_tables(table_set("2019", values))] == ["cell.not_integer"]


@pytest.mark.parametrize("layout_id,table,row,col", [("2019", "二(九)", "procurement", "purchase_amount"),
                                                     ("2021", "二(八)", "fees", "fee_amount")])
def test_money_keeps_the_agencys_decimals(layout_id, table, row, col):
    """Amounts carry as many decimals as the agency keeps (real reports print 160.5964万元): no finding."""
    values = consistent_values(get_layout(layout_id))
    for raw in ("12.345", "160.5964", "12.34"):
        values[table][row][col] = raw
        assert check_tables(table_set(layout_id, values)) == []


def test_money_unit_mismatch_is_a_warning():
    values = consistent_values(get_layout("2021"))
    values["二(八)"]["fees"]["fee_amount"] = "380元"
    findings = check_tables(table_set("2021", values))
    assert [(f.rule, f.severity) for f in findings] == [("cell.unit", "提醒")]
    values19 = consistent_values(get_layout("2019"))
    values19["二(九)"]["procurement"]["purchase_amount"] = "251000元"  # as R0 prints it
    assert check_tables(table_set("2019", values19)) == []


def test_missing_rows_and_tables():
    values = consistent_values(get_layout("2021"))
    ts = table_set("2021", {"三": values["三"]})
    del ts.tables["三"].rows["partial"]
    rules = [(f.rule, f.table) for f in check_tables(ts)]
    assert ("row.missing", "表三") in rules
    assert sum(1 for r, _ in rules if r == "table.missing") == 5  # 4 表二 sub-tables + 表四


def test_cross_year_rules_across_layouts():
    """Last year in the 2019 layout, this year in 2021: 表三 carry-over still checked."""
    this = consistent_values(get_layout("2021"))
    last = consistent_values(get_layout("2019"))
    last["三"]["carried_out"]["natural"] = str(int(this["三"]["carried_in"]["natural"]) + 1)
    findings = check_tables(table_set("2021", this), table_set("2019", last))
    carry = [f for f in findings if f.rule == "xyear.carry_over"]
    assert carry and carry[0].column == "自然人" and carry[0].row == "二、上年结转政府信息公开申请数量"


# ---- property tests ----------------------------------------------------------------------------

def _draw(data):
    return lambda lo, hi: data.draw(st.integers(lo, hi))


SUM_RULES = {r.id for l in all_layouts() for r in l.rules if not r.cross_year}


def _summed_cells(layout_id: str) -> list[tuple[str, str, str]]:
    layout = get_layout(layout_id)
    cells = set()
    for rule in layout.rules:
        if rule.cross_year or rule.op != "==":
            continue
        table = layout.table(rule.table)
        for term in rule.lhs + rule.rhs:
            tid = term.lstrip("-")
            if rule.each == "row" and tid not in {c.id for c in table.columns}:
                continue  # an optional column (表三「小计」): not in every table
            for item in (table.rows if rule.each == "row" else table.columns):
                cells.add((table.id, item.id, tid) if rule.each == "row" else (table.id, tid, item.id))
    return sorted(cells)


@pytest.mark.parametrize("layout_id", ["2019", "2021"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_random_consistent_tables_pass(layout_id, data):
    values = consistent_values(get_layout(layout_id), _draw(data))
    assert check_tables(table_set(layout_id, values)) == []


@pytest.mark.parametrize("layout_id", ["2019", "2021"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_single_summed_cell_change_is_caught(layout_id, data):
    values = consistent_values(get_layout(layout_id), _draw(data))
    table_id, row_id, col_id = data.draw(st.sampled_from(_summed_cells(layout_id)))
    delta = data.draw(st.integers(1, 50))
    cell = values[table_id][row_id]
    cell[col_id] = str(int(cell[col_id]) + delta)
    findings = check_tables(table_set(layout_id, values))
    assert any(f.severity == "错误" and f.rule in SUM_RULES for f in findings), (table_id, row_id, col_id)


@pytest.mark.parametrize("layout_id", ["2019", "2021"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_random_pasted_tables_round_trip(layout_id, data):
    from tests.factory import paste_text
    from assistant.tables.paste import parse_paste

    values = consistent_values(get_layout(layout_id), _draw(data))
    sep = data.draw(st.sampled_from(["\t", "  ", " "]))
    wrap = data.draw(st.sampled_from([None, 6, 10]))
    ts = parse_paste(paste_text(layout_id, values, sep=sep, wrap=wrap))
    got = {t: {r: {c: cell.raw for c, cell in cells.items()} for r, cells in d.rows.items()} for t, d in ts.tables.items()}
    assert got == values
    assert check_tables(ts) == []
