"""Derived figures (issue 14): totals, shares and year-on-year changes computed here, with their rounding stated;
the guard accepts a derived figure in a draft only if it equals ours."""

from __future__ import annotations

import random
from decimal import Decimal

from assistant.drafting.context import build_context
from assistant.drafting.derived import Change, derived_figures, rounded_share
from assistant.drafting.draft import draft_section
from assistant.drafting.facts import parse_facts
from assistant.drafting.numbers import guard
from assistant.layouts import get_layout
from tests.factory import consistent_values, paste_text, table_set


def test_shares_round_half_up_at_the_x_x5_edge():
    assert rounded_share(Decimal(1), Decimal(16)) == Decimal("6.3")  # 6.25: float round() would give 6.2
    assert round(1 / 16 * 100, 1) == 6.2  # …which is why the calculator uses Decimal
    assert rounded_share(Decimal(49), Decimal(400)) == Decimal("12.3")  # 12.25
    assert rounded_share(Decimal(1), Decimal(2000)) == Decimal("0.1")  # 0.05
    assert rounded_share(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert rounded_share(Decimal(2), Decimal(3)) == Decimal("66.7")
    assert rounded_share(Decimal(5), Decimal(0)) is None


def test_year_on_year_changes_and_wording():
    up = Change(Decimal(37), Decimal(32), "件")
    assert (up.diff, up.percent, up.wording()) == (5, Decimal("15.6"), "较上年增加 5 件，增长 15.6%")
    down = Change(Decimal(30), Decimal(32), "件")  # 2 ÷ 32 = 6.25%
    assert down.wording() == "较上年减少 2 件，下降 6.3%"
    assert Change(Decimal(5), Decimal(5), "件").wording() == "与上年持平"


def test_zero_last_year_gives_no_percentage():
    c = Change(Decimal(3), Decimal(0), "件")
    assert c.percent is None and c.wording() == "较上年增加 3 件（上年为 0）"


def _values(seed: int) -> dict:
    rnd = random.Random(seed)
    return consistent_values(get_layout("2021"), draw=lambda lo, hi: rnd.randint(lo, hi))


def test_figures_from_this_and_last_years_tables():
    this, last = _values(1), _values(2)
    figures = derived_figures(table_set("2021", this), table_set("2021", last))
    three, three_last = this["三"], last["三"]
    granted, answered = Decimal(three["granted"]["total"]), Decimal(three["result_total"]["total"])
    share = next(d for d in figures if d.fact == "granted" and d.claim.qualifier == "share")
    assert share.claim.value == rounded_share(granted, answered) and "四舍五入保留 1 位小数" in share.derivation
    new, new_last = Decimal(three["new"]["total"]), Decimal(three_last["new"]["total"])
    change = [d for d in figures if d.fact == "new" and d.claim.qualifier == "change"]
    assert change[0].claim.value == abs(new - new_last)
    assert change[0].text == "本年新收政府信息公开申请" + Change(new, new_last, "件").wording()


def _facts(this: dict, last: dict | None = None, bullets: list[str] | None = None) -> dict:
    data = {"agency": "某局", "year": 2022, "layout": "2021", "facts": {"overview": bullets or []},
            "tables": paste_text("2021", {"三": this["三"]})}
    if last is not None:
        data["last_year_tables"] = paste_text("2021", {"三": last["三"]})
    return data


def test_guard_accepts_a_derived_figure_only_if_it_equals_ours():
    this, last = _values(3), _values(4)
    this["三"]["new"]["total"], last["三"]["new"]["total"] = "37", "32"
    facts = parse_facts(_facts(this, last))
    ctx = build_context(facts, "overview")
    assert guard("本年新收政府信息公开申请 37 件，较上年增加 5 件，增长 15.6%。", ctx.backing).ok
    assert not guard("本年新收政府信息公开申请 37 件，较上年增加 5 件，增长 15.5%。", ctx.backing).ok
    assert not guard("本年新收政府信息公开申请 37 件，较上年增加 6 件。", ctx.backing).ok
    assert not guard("本年新收政府信息公开申请 37 件，较上年增长 12.5%。", ctx.backing).ok
    assert "15.6%" in ctx.tables_text() and "四舍五入" in ctx.tables_text()  # offered to the model


def test_zero_last_year_percentage_is_refused():
    this, last = _values(5), _values(6)
    this["三"]["new"]["total"], last["三"]["new"]["total"] = "3", "0"
    ctx = build_context(parse_facts(_facts(this, last)), "overview")
    assert guard("本年新收政府信息公开申请 3 件，较上年增加 3 件（上年为 0）。", ctx.backing).ok
    assert not guard("本年新收政府信息公开申请 3 件，较上年增长 100%。", ctx.backing).ok


def test_offline_drafter_uses_the_derived_figures():
    this, last = _values(7), _values(8)
    facts = parse_facts(_facts(this, last, ["全年主动公开政府信息 1520 条"]))
    result = draft_section(facts, "overview", None)
    new, new_last = Decimal(this["三"]["new"]["total"]), Decimal(last["三"]["new"]["total"])
    assert Change(new, new_last, "件").wording() in result.text
    assert result.unverified_numbers == [] and result.table_findings == []


def test_last_years_report_text_gives_the_changes(seed_text, seed_tables):
    """A workspace keeps last year's imported report as text; its tables give the changes against this year."""
    from assistant.ui.drafting_tab import facts_of
    from assistant.workspace import Workspace

    ws = Workspace(agency="大庆市公共资源交易中心", year=2022, layout="2019", tables_text=seed_tables, last_year_text=seed_text)
    ctx = build_context(facts_of(ws), "overview")
    changes = [d for d in ctx.derived if d.claim.qualifier == "change"]
    assert changes and all("与上年持平" in d.text for d in changes)  # the same tables both years


def test_requests_handled_is_new_plus_carried_over():
    this = _values(9)
    this["三"]["new"]["total"], this["三"]["carried_in"]["total"] = "37", "4"
    ctx = build_context(parse_facts(_facts(this)), "overview")
    assert guard("新收政府信息公开申请 37 件，上年结转 4 件，共办理申请 41 件。", ctx.backing).ok
    (flag,) = guard("共办理申请 42 件。", ctx.backing).unverified
    assert flag.text == "42 件"
    assert "本年共办理政府信息公开申请 41 件（新收 37 件，上年结转 4 件）" in ctx.tables_text()
