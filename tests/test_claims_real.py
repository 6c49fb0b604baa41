"""The claim-level table check on real reports (tests/real): a count whose subject the tables hold and which
differs from the tables is raised only where a person marked that sentence a table mismatch (no false alarm)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant.claims import claims_in
from assistant.claims.subjects import subjects_of_fact
from assistant.errors import InputError
from assistant.drafting.numbers import Backing, TableFigure, table_conflict
from assistant.layouts.prose_facts import prose_facts
from assistant.report import parse_report, read_report
from assistant.text import nfkc

REAL = Path(__file__).resolve().parent / "real"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


def test_claim_level_table_conflicts_on_real_reports_are_all_annotated():
    checked, raised = 0, 0
    for expect_path in sorted(REAL.glob("*.expect.yaml")):
        expect = yaml.safe_load(expect_path.read_text(encoding="utf-8"))
        stem = expect_path.name.removesuffix(".expect.yaml")
        files = [p for p in REAL.glob(stem + ".*") if p.suffix in (".txt", ".html", ".htm", ".pdf", ".docx")]
        if not files:
            continue
        try:
            report = parse_report(read_report(files[0]), year=expect.get("year"),
                                  layout=str(expect.get("layout") or "") or None)
        except InputError:  # an excerpt without headings: nothing to read the prose by
            continue
        if not report.tables.tables:
            continue
        backing = Backing(report_year=report.year)
        for fact in prose_facts():
            total, where = report.tables.fact_total(fact)
            if total is not None:
                for subject in subjects_of_fact(fact.id):
                    backing.table_figures.setdefault(subject, TableFigure(total, where))
        marked = [_squash(s.get("quote") or "") for s in expect.get("slips") or [] if s.get("rule") == "prose.table_mismatch"]
        for section in [report.intro] + [s.text for s in report.sections if s.number in ("一", "五", "六")]:
            prose = " ".join(line.strip() for line in section.splitlines() if "\t" not in line)
            for c in claims_in(prose):
                checked += 1
                if table_conflict(c, backing):
                    raised += 1
                    said = _squash(c.sentence)
                    assert any(said in q or q in said for q in marked if q), (files[0].name, c.sentence, c.text)
    assert checked > 300 and raised >= 1
