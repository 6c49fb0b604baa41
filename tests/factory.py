"""Test data: consistent filled tables for any layout, and paste text as real tables print them."""

from __future__ import annotations

import random
from decimal import Decimal

from assistant.layouts import Layout, get_layout
from assistant.tables.cells import parse_cell
from assistant.tables.model import TableData, TableSet

APPLICANTS = ["natural", "business", "research", "welfare", "legal", "other"]


def consistent_values(layout: Layout, draw=None) -> dict[str, dict[str, dict[str, str]]]:
    """Raw cell text for every cell of every table, satisfying every within-year rule of the layout.

    `draw(lo, hi)` returns an int (random.randint by default; hypothesis passes its own).
    """
    draw = draw or random.randint
    out: dict[str, dict[str, dict[str, str]]] = {}
    for table in layout.tables:
        rows: dict[str, dict[str, str]] = {}
        if table.id == "三":
            results = [r.id for r in table.rows if r.path[0].startswith("三、") and r.id != "result_total"]
            for r in table.rows:
                rows[r.id] = {}
            for col in APPLICANTS:
                for rid in results:
                    rows[rid][col] = draw(0, 30)
                rows["result_total"][col] = sum(rows[rid][col] for rid in results)
                rows["carried_out"][col] = draw(0, 10)
                whole = rows["result_total"][col] + rows["carried_out"][col]
                rows["carried_in"][col] = draw(0, whole)
                rows["new"][col] = whole - rows["carried_in"][col]
            for rid in rows:
                rows[rid]["total"] = sum(rows[rid][c] for c in APPLICANTS)
        elif table.id == "四":
            vals = {}
            for group in ("review", "direct", "after"):
                parts = [draw(0, 5) for _ in range(4)]
                for name, v in zip(("upheld", "corrected", "other", "pending"), parts):
                    vals[f"{group}_{name}"] = v
                vals[f"{group}_total"] = sum(parts)
            rows["cases"] = vals
        else:
            for r in table.rows:
                vals = {}
                for c in table.columns:
                    vt = layout.value_type(c)
                    if vt.kind == "decimal":
                        vals[c.id] = f"{draw(0, 10**6)}.{draw(0, 99):02d}"
                    else:
                        vals[c.id] = draw(0, 500)
                if "change" in vals:
                    vals["change"] = draw(-vals["prev_count"], 200)
                    vals["change"] = f"{vals['change']:+d}" if vals["change"] else "0"
                if "public_total" in vals:
                    vals["public_total"] = vals["published"] + draw(0, 100)
                rows[r.id] = vals
        out[table.id] = {rid: {cid: str(v) for cid, v in cols.items()} for rid, cols in rows.items()}
    return out


def with_optional_columns(layout: Layout, values: dict) -> dict:
    """Values that also print every optional column (表三「小计」), each the sum its rule names."""
    for table in layout.tables:
        for opt in table.optional_columns:
            rule = next(r for r in layout.rules if r.table == table.id and r.lhs == [opt.id])
            for cols in values.get(table.id, {}).values():
                cols[opt.id] = str(sum(int(cols[c]) for c in rule.rhs))
    return values


def last_year_for(layout_id: str, this: dict) -> dict:
    """Last year's values that agree with `this` year's on every cross-year rule."""
    last = consistent_values(get_layout(layout_id))
    if "三" in last:
        # last year's 四、结转 = this year's 二、上年结转 (per column); keep last year consistent
        for col, v in this["三"]["carried_in"].items():
            last["三"]["carried_out"][col] = v
        for col in last["三"]["new"]:
            whole = int(last["三"]["result_total"][col]) + int(last["三"]["carried_out"][col])
            last["三"]["carried_in"][col] = "0"
            last["三"]["new"][col] = str(whole)
    for tid in ("二(五)", "二(六)", "二(八)"):
        if tid in this and "prev_count" in next(iter(this[tid].values())):
            for rid, cells in this[tid].items():
                prev = int(cells["prev_count"])
                last[tid][rid]["prev_count"] = str(prev)
                last[tid][rid]["change"] = "0"
    if "二(一)" in this and "in_force" in this["二(一)"]["rules"]:
        for rid, cells in this["二(一)"].items():
            last["二(一)"][rid]["in_force"] = str(int(cells["in_force"]) - int(cells["issued"]) + int(cells["repealed"]))
    return last


def table_set(layout_id: str, values: dict, year: int | None = None) -> TableSet:
    layout = get_layout(layout_id)
    ts = TableSet(layout=layout_id, year=year)
    for table in layout.tables:
        if table.id not in values:
            continue
        data = TableData(id=table.id)
        for row in table.rows:
            given = values[table.id][row.id]
            columns = table.columns + [c for c in table.optional_columns if c.id in given]
            data.rows[row.id] = {c.id: parse_cell(given[c.id]) for c in columns}
        ts.tables[table.id] = data
    return ts


def paste_text(layout_id: str, values: dict, *, sep: str = "\t", wrap: int | None = None) -> str:
    """Tables as a web page or Word copy prints them: section titles, headers, labelled rows.

    `wrap` breaks row labels longer than that many characters onto a second line, as PDFs do.
    """
    layout = get_layout(layout_id)
    lines: list[str] = []
    section = None
    for table in layout.tables:
        if table.id not in values:
            continue
        if table.section != section:
            section = table.section
            lines.append(next(s.heading for s in layout.sections if s.number == section))
        if table.title:
            lines.append(table.title)
        if table.corner:
            lines.append(sep.join([table.corner] + [c.label for c in table.columns]))
        else:
            lines.append(sep.join(dict.fromkeys(c.path[0] for c in table.columns)))
            lines.append(sep.join(c.label for c in table.columns))
        for row in table.rows:
            cells = [values[table.id][row.id][c.id] for c in table.columns]
            label = row.path[-1] if row.path else ""
            if wrap and len(label) > wrap:
                lines.append(label[:wrap])
                label = label[wrap:]
            lines.append(sep.join(([label] if row.path else []) + cells))
    return "\n".join(lines) + "\n"


def seed_tables_text(seed: str) -> str:
    """The seed report's table text exactly as it stands in the file (sections 二 to 四)."""
    return seed[seed.index("二、主动公开政府信息情况"):seed.index("五、存在的主要问题及改进情况")]


def d(text: str) -> Decimal:
    return Decimal(text)
