"""The checker measured on real published reports: each report in the corpus folder has a hand-written sidecar
(`STEM.expect.yaml`) listing the slips a careful reviewer found. Recall is the share of labelled slips the checker
reports; every 错误 that no labelled slip explains is listed as a false alarm.

Matching a slip: a finding of the same rule (or of a rule the scope file names as the same slip), in the same table,
naming at least one of the slip's numbers where the slip lists numbers. On an excerpt (a copy that was cut off), the
one finding that says the report is incomplete is correct, not a false alarm; findings per missing row are not."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, describe_validation
from ..findings import ERROR, Finding
from ..text import label_key

SCOPE_FILE = Path(__file__).with_name("checks_scope.yaml")


class Slip(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    numbers: list[str | int | float] = Field(default_factory=list)
    quote: str | None = None
    note: str | None = None


class NotSlip(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str


class Expectation(BaseModel):
    """A corpus sidecar: where the report came from, what it is, and what a reviewer found in it."""

    model_config = ConfigDict(extra="forbid")

    source: str
    agency: str | None = None
    year: int | None = None
    layout: str | None = None
    form: Literal["whole", "excerpt"]
    format: str
    features: list[str] = Field(default_factory=list)
    clean: bool
    slips: list[Slip] = Field(default_factory=list)
    not_slips: list[NotSlip] = Field(default_factory=list)
    notes: str | None = None


class Scope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    out_of_scope: dict[str, str]  # slip rule → why the checker does not look for it
    same_slip: dict[str, list[str]]  # slip rule → finding rules that report it
    incomplete: list[str]  # finding rules that say a report is incomplete


@cache
def scope() -> Scope:
    return Scope.model_validate(yaml.safe_load(SCOPE_FILE.read_text(encoding="utf-8")))


class DocResult(BaseModel):
    name: str
    form: str
    clean: bool
    found: list[str] = Field(default_factory=list)  # labelled slips reported (rule: note)
    missed: list[str] = Field(default_factory=list)
    out_of_scope: list[str] = Field(default_factory=list)
    false_errors: list[str] = Field(default_factory=list)  # 错误 no labelled slip explains
    errors: int = 0
    warnings: int = 0


class ChecksEval(BaseModel):
    docs: list[DocResult]

    @property
    def labelled(self) -> int:
        return sum(len(d.found) + len(d.missed) for d in self.docs)

    @property
    def found(self) -> int:
        return sum(len(d.found) for d in self.docs)

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def error_count(self) -> int:
        return sum(d.errors for d in self.docs)

    @property
    def false_error_count(self) -> int:
        return sum(len(d.false_errors) for d in self.docs)

    @property
    def error_precision(self) -> float:
        return 1 - self.false_error_count / self.error_count if self.error_count else 1.0

    @property
    def clean_with_errors(self) -> list[str]:
        return [d.name for d in self.docs if d.clean and d.false_errors]

    def summary(self) -> dict:
        return {"documents": len(self.docs), "labelled_slips": self.labelled, "found": self.found,
                "recall": round(self.recall, 3), "errors": self.error_count, "false_errors": self.false_error_count,
                "error_precision": round(self.error_precision, 3), "clean_with_errors": self.clean_with_errors,
                "out_of_scope": sum(len(d.out_of_scope) for d in self.docs)}


def _numbers(values: list) -> set[str]:
    """The numbers in the values (“--253” → 253, “1,837” → 1837), written one way."""
    out = set()
    for v in values:
        for digits in re.findall(r"\d+(?:\.\d+)?", str(v).replace(",", "")):
            try:
                out.add(format(Decimal(digits).normalize(), "f"))
            except InvalidOperation:
                continue
    return out


def _finding_numbers(f: Finding) -> set[str]:
    return _numbers([x for x in (f.expected, f.actual, f.message, f.quote) if x])


_TABLE_NO = re.compile(r"表?\s*([一二三四])")


def _same_table(slip_table: str, f: Finding) -> bool:
    """The same table (表二, 表三, 表四) — a slip and a finding may name a 表二 sub-table in different words."""
    m = _TABLE_NO.match(label_key(slip_table))
    if m is None:
        return label_key(slip_table) in label_key(f"{f.table or ''}{f.table_id or ''}")
    return (f.table_id or "").startswith(m.group(1)) or label_key(f.table or "").startswith("表" + m.group(1))


def _same_place(slip: Slip, f: Finding) -> bool:
    if slip.table and not _same_table(slip.table, f):
        return False
    return not slip.numbers or bool(_numbers(slip.numbers) & _finding_numbers(f))


def matches(slip: Slip, f: Finding) -> bool:
    rules = {slip.rule, *scope().same_slip.get(slip.rule, [])}
    return f.rule in rules and _same_place(slip, f)


def evaluate_doc(name: str, expect: Expectation, findings: list[Finding]) -> DocResult:
    s = scope()
    result = DocResult(name=name, form=expect.form, clean=expect.clean,
                       errors=sum(f.severity == ERROR for f in findings),
                       warnings=sum(f.severity != ERROR for f in findings))
    explained: set[int] = set()
    for slip in expect.slips:
        label = f"{slip.rule}：{slip.note or slip.quote or ''}"[:120]
        if slip.rule in s.out_of_scope:
            result.out_of_scope.append(label)
            continue
        hits = [i for i, f in enumerate(findings) if matches(slip, f)]
        explained.update(hits)
        (result.found if hits else result.missed).append(label)
    incomplete_seen = False
    for i, f in enumerate(findings):
        if f.severity != ERROR or i in explained:
            continue
        if expect.form == "excerpt" and f.rule in s.incomplete and not incomplete_seen:
            incomplete_seen = True  # the copy is cut off: one finding saying so is right
            continue
        result.false_errors.append(f"{f.rule}：{f.message}"[:160])
    return result


def corpus_files(folder: Path) -> list[tuple[Path, Path]]:
    """(report file, sidecar) pairs of a corpus folder."""
    pairs = []
    for sidecar in sorted(folder.glob("*.expect.yaml")):
        stem = sidecar.name.removesuffix(".expect.yaml")
        docs = [p for p in folder.glob(f"{glob_escape(stem)}.*") if p != sidecar and not p.name.endswith(".expect.yaml")]
        if len(docs) != 1:
            raise InputError(f"{sidecar}：应有且只有一个同名的报告文件，找到 {len(docs)} 个")
        pairs.append((docs[0], sidecar))
    return pairs


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def load_expectation(sidecar: Path) -> Expectation:
    try:
        return Expectation.model_validate(yaml.safe_load(sidecar.read_text(encoding="utf-8")))
    except yaml.YAMLError as exc:
        raise InputError(f"{sidecar} 不是有效的 YAML：{exc}", where=str(sidecar)) from exc
    except ValidationError as exc:
        raise InputError(f"{sidecar} 格式有误：{describe_validation(exc)}", where=str(sidecar)) from exc


def run_checks_eval(folder: Path, check: Callable[[Path], list[Finding]] | None = None) -> ChecksEval:
    """Check every report of the corpus folder and compare with its sidecar."""
    if not folder.is_dir():
        raise InputError(f"找不到评测语料文件夹 {folder}")
    if check is None:
        from ..checks.batch import check_paths

        def check(path: Path) -> list[Finding]:
            (result,) = check_paths([path]).files
            if result.error:
                return [Finding(rule="input.unreadable", severity=ERROR, message=result.error)]
            return result.findings

    docs = []
    for doc, sidecar in corpus_files(folder):
        docs.append(evaluate_doc(doc.name, load_expectation(sidecar), check(doc)))
    return ChecksEval(docs=docs)


def regressions(run: ChecksEval, baseline: dict) -> list[str]:
    """Slips the baseline found that this run misses, and false 错误 the baseline did not have."""
    before = {d["name"]: d for d in baseline.get("docs", [])}
    out = []
    for d in run.docs:
        old = before.get(d.name)
        if old is None:
            continue
        out += [f"{d.name}：不再发现 {s}" for s in old["found"] if s not in d.found]
        out += [f"{d.name}：新的误报 {e}" for e in d.false_errors if e not in old["false_errors"]]
    return out
