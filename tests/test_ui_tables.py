"""The table tab's HTML (no browser): every finding that names a table links to an element that exists (its cell,
else its table), every marked cell carries its findings as a tooltip, and only the cells changed since the last run
are marked as edited."""

from __future__ import annotations

import re

import pytest

from assistant.checks import check_tables
from assistant.layouts import get_layout
from assistant.tables import parse_tables
from assistant.ui.tables_tab import fill_tables
from tests.factory import consistent_values, paste_text


def broken_paste(layout_id: str) -> str:
    lines = paste_text(layout_id, consistent_values(get_layout(layout_id))).splitlines()
    for i in range(0, len(lines), 7):  # every seventh line: a digit changed, sums and 勾稽 broken
        lines[i] = lines[i].replace("1", "9", 1)
    return "\n".join(lines)


@pytest.mark.parametrize("layout_id", ["2019", "2021"])
def test_every_finding_links_to_an_element_and_every_marked_cell_says_why(layout_id):
    text = broken_paste(layout_id)
    findings = check_tables(parse_tables(text, layout=layout_id))
    page, _ = fill_tables(text, None, layout_id)
    ids = set(re.findall(r' id="([^"]+)"', page))
    links = re.findall(r'<a href="#([^"]+)"', page)
    assert len(links) == sum(1 for f in findings if f.table_id) > 0
    assert set(links) <= ids
    marked = re.findall(r'<td class="num (?:error|warning)[^"]*" id="[^"]+"( title="[^"]*")?', page)
    assert marked and all(title.startswith(' title="[') for title in marked)


def test_only_the_changed_cells_are_marked_edited(seed_tables):
    first, before = fill_tables(seed_tables, 2021, "auto")
    assert "edited" not in first
    changed = seed_tables.replace("4.保护第三方合法权益\t0\t0\t0\t0\t0", "4.保护第三方合法权益\t0\t0\t0\t0\t2")
    again, after = fill_tables(changed, 2021, "auto", before)
    edited = re.findall(r'<td class="[^"]*\bedited\b[^"]*" id="([^"]+)"', again)
    assert edited == ["cell-三-withheld_third_party-legal"]
    assert "刚修改 1 格" in again
    unchanged, _ = fill_tables(changed, 2021, "auto", after)
    assert "edited" not in unchanged.replace("（刚修改的单元格）", "")
