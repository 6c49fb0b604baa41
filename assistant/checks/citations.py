"""Which official notice a report cites for its format (国办公开办函〔2019〕60号, 〔2021〕30号 …), against the
report's year and the layout of its tables. Each layout names its notice and the notice's title (layout data)."""

from __future__ import annotations

import re

from ..findings import WARNING, Finding
from ..layouts import Layout, all_layouts, layout_for_year
from ..report.model import Report
from ..report.vocab import report_text
from ..text import nfkc

_NUMBER = re.compile(r"〔(\d{4})〕\s*(\d+)\s*号")
_SENTENCE = re.compile(r"[^。\n]*")
_MISSPELT = re.compile(r"国办公开办(?!函)([\u4e00-\u9fff])\s*〔")


def _short(layout: Layout) -> str:
    m = _NUMBER.search(nfkc(layout.notice))
    return f"〔{m.group(1)}〕{m.group(2)}号" if m else layout.notice


def _cited(sentence: str) -> list[tuple[Layout, str]]:
    """(layout, how) for each layout whose notice the sentence cites: by number (“number”) or by title (“title”)."""
    out: list[tuple[Layout, str]] = []
    key = nfkc(sentence).replace("<", "〈").replace(">", "〉")
    for layout in all_layouts():
        if _short(layout) in key.replace(" ", ""):
            out.append((layout, "number"))
        elif any(nfkc(t) in key for t in layout.notice_titles):
            out.append((layout, "title"))
    return out


def check_citations(report: Report) -> list[Finding]:
    text = "\n".join([report.intro] + [s.text for s in report.sections[:1]])
    by_tables = report.tables.spec if report.tables.layout_source == "表头" else None
    by_year = layout_for_year(report.year) if report.year is not None else None
    out: list[Finding] = []
    seen: set[str] = set()
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0).strip()
        cited = _cited(sentence) if sentence else []
        if not cited:
            continue
        numbers = {l.id for l, how in cited if how == "number"}
        titles = {l.id for l, how in cited if how == "title"}
        quote = sentence[:120]
        if numbers and titles and not numbers & titles:
            named = next(l for l, how in cited if how == "title")
            numbered = next(l for l, how in cited if how == "number")
            out.append(Finding(rule="report.cited_notice", severity=WARNING, quote=quote,
                               expected=f"{named.notice}", actual=_short(numbered),
                               message=f"引用的文件名与文号不符：“{quote}”——所写文件名是{named.notice}，"
                                       f"文号却写{_short(numbered)}（{numbered.name}）"))
            continue
        wanted = [l for l in (by_year, by_tables) if l is not None]
        cited_ids = {l.id for l, _ in cited}
        for layout, _ in cited:
            conflicts = [w for w in wanted if w.id != layout.id and w.id not in cited_ids]
            if by_tables is not None and by_tables.id == layout.id and by_year is not None and report.year is not None \
                    and not by_year.replaces_strictly(report.year):
                conflicts = []  # the changeover year: the notice matches the tables; the layout 提醒 says the rest
            if not conflicts or layout.id in seen:
                continue
            seen.add(layout.id)
            target = conflicts[0]
            why = f"{report.year} 年度的报告" if target is by_year else "本报告统计表所用的格式"
            out.append(Finding(rule="report.cited_notice", severity=WARNING, quote=quote,
                               expected=target.notice, actual=layout.notice,
                               message=f"“{quote}”引用的是{layout.notice}（{layout.name}），"
                                       f"{why}应依{target.notice}（{target.name}）"))
    for m in _MISSPELT.finditer(nfkc(text)):
        out.append(Finding(rule="report.cited_notice", severity=WARNING, quote=m.group(0), expected="国办公开办函",
                           actual=f"国办公开办{m.group(1)}",
                           message=f"引用的文号写作“{m.group(0)}”，应为“国办公开办函〔…〕”"))
    return out + check_regulation_name(report)


def check_regulation_name(report: Report) -> list[Finding]:
    """The 条例 named otherwise than its title reads (“《中华人民共和国信息公开条例》”): once per report."""
    vocab = report_text()
    text = "\n".join([report.intro] + [s.text for s in report.sections])  # 《》 and the name's characters: no NFKC needed
    for m in re.finditer(vocab.regulation_titles, text):
        name = re.sub(r"\s", "", m.group(1))
        if name != vocab.regulation_name:
            return [Finding(rule="report.regulation_name", severity=WARNING, quote=m.group(0), actual=name,
                            expected=vocab.regulation_name,
                            message=f"法规名称写作“{m.group(0)}”，应为《{vocab.regulation_name}》")]
    return []
