"""Which layout a text is in: an explicit choice wins, then the table headers, then the report year."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import ERROR, WARNING, Finding
from ..text import label_key
from . import Layout, all_layouts, get_layout, layout_for_year


@dataclass
class Detection:
    layout: Layout
    source: str  # "用户指定" | "表头" | "年度" | "默认"
    markers: dict[str, list[str]] = field(default_factory=dict)  # layout id -> marker words found
    findings: list[Finding] = field(default_factory=list)


def _words(words: list[str]) -> str:
    return "、".join(words[:3]) + ("等" if len(words) > 3 else "")


def markers_found(text_key: str) -> dict[str, list[str]]:
    """Marker words of each layout present in an already label_key()-normalised text."""
    return {l.id: [m for m in l.markers if label_key(m) in text_key] for l in all_layouts()}


def detect_layout(text: str, *, year: int | None = None, layout: str | None = None) -> Detection:
    found = markers_found(label_key(text))
    best = max(all_layouts(), key=lambda l: len(found[l.id]))
    by_headers: Layout | None = best if found[best.id] else None
    findings: list[Finding] = []

    if layout is not None:
        chosen = get_layout(layout)
        if by_headers is not None and by_headers.id != chosen.id:
            findings.append(Finding(
                rule="layout.choice_mismatch", severity=WARNING,
                message=f"已按指定的{chosen.label}处理，但表头（{_words(found[by_headers.id])}）属于{by_headers.label}",
                expected=chosen.id, actual=by_headers.id))
        return Detection(chosen, "用户指定", found, findings)

    if by_headers is not None:
        if year is not None:
            by_year = layout_for_year(year)
            if by_year.id != by_headers.id:
                # In the changeover year an old table is a 提醒; once the new layout has been in force for
                # strict_after_years, the old one is plainly the wrong form (layout data).
                strict = by_year.replaces_strictly(year)
                findings.append(Finding(
                    rule="layout.year_mismatch", severity=ERROR if strict else WARNING,
                    message=(f"{year} 年度的报告应使用{by_year.label}，但表头"
                             f"（{_words(found[by_headers.id])}）属于{by_headers.label}；已按表头处理"),
                    expected=by_year.id, actual=by_headers.id))
        return Detection(by_headers, "表头", found, findings)

    if year is not None:
        return Detection(layout_for_year(year), "年度", found, findings)

    latest = all_layouts()[-1]
    findings.append(Finding(
        rule="layout.undetermined", severity=WARNING,
        message=f"未能从表头判断版式，也未给出年度，已按{latest.label}处理；可用 --layout 或 --year 指定"))
    return Detection(latest, "默认", found, findings)
