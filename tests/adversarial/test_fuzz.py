"""A hypothesis fuzz of paste, report and facts parsing: no traceback (only AssistantError subclasses), bounded time
(hypothesis' deadline per example), and no value moved to another cell — tables with known cells, the noise around
them mutated (notes, footers, blank lines, spacing, stray number-like tokens put in a cell)."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from assistant.checks import check_tables
from assistant.checks.report import check_report
from assistant.drafting.facts import load_facts, parse_facts
from assistant.errors import AssistantError
from assistant.layouts import get_layout
from assistant.report import parse_report
from assistant.tables import parse_tables
from tests.factory import consistent_values, paste_text

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt").read_text(encoding="utf-8")
FUZZ = settings(max_examples=60, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow],
                derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate])

NOISE_LINES = ["", " ", "注：本表数据统计截至当年12月31日。", "单位：件", "（续表）", "- 3 -", "— 12 —", "第 2 页 共 5 页",
               "第4页", "|", "数据来源：本机关政府信息公开工作台账", "\u3000\u3000", "说明：空白处为无此项。"]
BAD_TOKENS = ["3.5万", "1亿", "(35)", "（35）", "35人", "三十五", "1O", "?", "x"]


def _draw(data):
    return lambda lo, hi: data.draw(st.integers(lo, hi))


def _mutated_paste(data, layout_id: str) -> tuple[str, dict]:
    values = consistent_values(get_layout(layout_id), _draw(data))
    values = {t: {r: {c: str(v) for c, v in cols.items()} for r, cols in rows.items()} for t, rows in values.items()}
    for _ in range(data.draw(st.integers(0, 3))):  # stray tokens in known cells: each must stay in its cell
        table = data.draw(st.sampled_from(get_layout(layout_id).tables))
        row = data.draw(st.sampled_from(table.rows))
        col = data.draw(st.sampled_from(table.columns))
        values[table.id][row.id][col.id] = data.draw(st.sampled_from(BAD_TOKENS))
    sep = data.draw(st.sampled_from(["\t", "  ", "   "]))
    lines = paste_text(layout_id, values, sep=sep).splitlines()
    out = []
    for line in lines:
        if data.draw(st.integers(0, 5)) == 0:
            out.append(data.draw(st.sampled_from(NOISE_LINES)))
        pad = data.draw(st.sampled_from(["", " ", "  ", "\u3000"]))
        out.append(pad + line + data.draw(st.sampled_from(["", " ", "\r"])))
    return "\n".join(out) + "\n", values


def _no_value_moved(ts, values: dict, layout_id: str) -> None:
    for table in get_layout(layout_id).tables:
        data = ts.tables.get(table.id)
        for row in table.rows:
            for col in table.columns:
                cell = data.rows.get(row.id, {}).get(col.id) if data is not None else None
                got = cell.raw.strip() if cell is not None else None
                assert got == values[table.id][row.id][col.id], (table.id, row.id, col.id)


@FUZZ
@given(data=st.data(), layout_id=st.sampled_from(["2019", "2021"]))
def test_pasted_tables_with_noise_keep_every_value_in_its_cell(data, layout_id):
    text, values = _mutated_paste(data, layout_id)
    ts = parse_tables(text, layout=layout_id)
    _no_value_moved(ts, values, layout_id)
    check_tables(ts)


def _garble(data, text: str) -> str:
    """Random edits: spans cut, duplicated or replaced with random text (any characters)."""
    for _ in range(data.draw(st.integers(1, 6))):
        if not text:
            break
        at = data.draw(st.integers(0, len(text) - 1))
        span = data.draw(st.integers(0, 200))
        how = data.draw(st.sampled_from(["cut", "dup", "insert"]))
        if how == "cut":
            text = text[:at] + text[at + span:]
        elif how == "dup":
            text = text[:at] + text[at:at + span] * data.draw(st.integers(2, 5)) + text[at:]
        else:
            text = text[:at] + data.draw(st.text(max_size=80)) + text[at:]
    return text


@FUZZ
@given(data=st.data())
def test_any_paste_ends_in_tables_or_a_chinese_error(data):
    text = _garble(data, paste_text("2021", {t: {r: {c: str(v) for c, v in cols.items()} for r, cols in rows.items()}
                                             for t, rows in consistent_values(get_layout("2021"), _draw(data)).items()}))
    with suppress(AssistantError):  # a Chinese error is an answer; anything else fails the test
        check_tables(parse_tables(text))


@settings(max_examples=40, deadline=timedelta(seconds=30), suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_any_report_ends_in_findings_or_a_chinese_error(data):
    text = _garble(data, SEED)
    with suppress(AssistantError):  # a Chinese error is an answer; anything else fails the test
        check_report(parse_report(text, source="fuzz.txt"))


@settings(max_examples=30, deadline=timedelta(seconds=30), suppress_health_check=[HealthCheck.too_slow],
          derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_noise_in_the_prose_moves_no_table_value(data):
    """Sentences added to the prose parts (一、五、六) of a real report change none of its table cells."""
    base = parse_report(SEED, source="seed.txt").tables
    cut = SEED.index("五、存在的主要问题及改进情况")
    inserted = data.draw(st.lists(st.sampled_from(NOISE_LINES[2:] + ["本年度未发生因政府信息公开被申请行政复议的情况。"]),
                                  max_size=5))
    text = SEED[:cut] + "五、存在的主要问题及改进情况\n" + "\n".join(inserted) + "\n" + SEED[cut + len("五、存在的主要问题及改进情况"):]
    ts = parse_report(text, source="noisy.txt").tables
    for table_id, data_ in base.tables.items():
        assert {r: {c: v.raw for c, v in cols.items()} for r, cols in ts.tables[table_id].rows.items()} == \
            {r: {c: v.raw for c, v in cols.items()} for r, cols in data_.rows.items()}


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                     st.text(max_size=30))
_YAMLISH = st.recursive(_SCALARS, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                        st.dictionaries(st.text(max_size=10), kids, max_size=4)),
                        max_leaves=20)
_FACT_KEYS = ["agency", "year", "layout", "facts", "numbers", "tables", "website", "contact", "published"]


@FUZZ
@given(data=st.data())
def test_any_facts_end_in_facts_or_a_chinese_error(data):
    value = data.draw(st.one_of(_YAMLISH, st.dictionaries(st.sampled_from(_FACT_KEYS), _YAMLISH, max_size=9)))
    with suppress(AssistantError):  # a Chinese error is an answer; anything else fails the test
        parse_facts(value, "事实")


@FUZZ
@given(data=st.data())
def test_any_facts_file_ends_in_facts_or_a_chinese_error(data, tmp_path_factory):
    good = {"agency": "某某市某某局", "year": 2023, "facts": {"overview": ["全年主动公开政府信息 1520 条"]}}
    text = _garble(data, yaml.safe_dump(good, allow_unicode=True))
    path = tmp_path_factory.mktemp("facts") / "facts.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with suppress(AssistantError):  # a Chinese error is an answer; anything else fails the test
        load_facts(path)
