"""Stable fingerprints of findings and the reviewer's decisions on them (确认 / 不是问题, with a reason), kept in a
CSV in the output folder that the reviewer may edit in Excel and the next run reads back. A decision holds while the
report it was made on is unchanged (its checksum is kept with it); when the report changes the finding returns."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from ..text import nfkc
from ..textfile import InputError

DECISIONS_NAME = "审阅决定.csv"
HEADER = ["指纹", "机关", "文件", "规则", "严重程度", "位置", "说明", "决定", "理由", "报告校验码"]
CONFIRMED, DISMISSED = "确认", "不是问题"
CHOICES = ("", CONFIRMED, DISMISSED)


def fingerprint(agency_key: str, f: Finding) -> str:
    """Rule + location + values: not the line number or the wording, so a rerun on the same report gives the same."""
    parts = [agency_key, f.rule, f.table_id or f.table or "", f.row_id or f.row or "", f.column_id or f.column or "",
             f.expected or "", f.actual or "", "".join(nfkc(f.quote or "").split())[:120]]
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def short_digest(digest: str) -> str:
    return digest[:12]


@dataclass
class Decision:
    fingerprint: str
    decision: str  # 确认 | 不是问题 | "" (none yet)
    reason: str
    digest: str  # short checksum of the report the decision was made on
    row: list[str]  # the whole CSV row, kept as the reviewer left it


def read_decisions(path: Path) -> dict[str, Decision]:
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"审阅决定文件 {path} 无法读取：{exc}") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return {}
    head = [h.strip() for h in rows[0]]
    need = ["指纹", "决定", "理由", "报告校验码"]
    lost = [h for h in need if h not in head]
    if lost:
        raise InputError(f"审阅决定文件 {path} 缺少列：{'、'.join(lost)}（第 1 行应为表头）")
    ix = {h: head.index(h) for h in need}
    out: dict[str, Decision] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in row):
            continue
        row = row + [""] * (len(head) - len(row))
        value = row[ix["决定"]].strip()
        if value not in CHOICES:
            raise InputError(f"审阅决定文件 {path} 第 {n} 行“决定”一栏为“{value[:20]}”，只能填“{CONFIRMED}”、“{DISMISSED}”或留空")
        fp = row[ix["指纹"]].strip()
        if fp:
            out[fp] = Decision(fp, value, row[ix["理由"]].strip(), row[ix["报告校验码"]].strip(),
                               [row[head.index(h)] if h in head else "" for h in HEADER])
    return out


def applies(decision: Decision | None, digest: str) -> bool:
    return decision is not None and bool(decision.decision) and decision.digest == short_digest(digest)


def write_decisions(path: Path, rows: list[list[str]], previous: dict[str, Decision]) -> None:
    """Every current finding (with its decision, if any), then earlier decisions not met this time (kept, so a
    reviewer's work is never lost)."""
    seen = {r[0] for r in rows}
    kept = [d.row for fp, d in previous.items() if fp not in seen and d.decision]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows + kept)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8-sig")
    tmp.replace(path)


def set_decision(path: Path, fp: str, decision: str, reason: str = "") -> None:
    """Record one decision (the UI's 不是问题 / 确认 buttons): the row of that fingerprint is updated in place."""
    if decision not in CHOICES:
        raise InputError(f"决定只能是“{CONFIRMED}”或“{DISMISSED}”")
    current = read_decisions(path)
    if fp not in current:
        raise InputError(f"找不到指纹为 {fp} 的问题，请先重新审阅")
    rows = []
    for d in current.values():
        row = list(d.row)
        if d.fingerprint == fp:
            row[HEADER.index("决定")], row[HEADER.index("理由")] = decision, reason
        rows.append(row)
    write_decisions(path, rows, {})
