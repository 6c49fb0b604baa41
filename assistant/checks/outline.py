"""What the prose says about the report itself and the slips of drafting: “本报告由……等六部分组成” against the
layout's sections, “涉及……7大类” against the kinds listed, a figure left out (“主动公开信息  条”), a section with
nothing in it, and 规章 figures from an agency that cannot make 规章."""

from __future__ import annotations

import re
from functools import lru_cache

from ..findings import WARNING, Finding
from ..layouts.prose_facts import prose_words
from ..report.model import Report
from ..report.parse import sentences
from ..text import nfkc
from .rules import fmt

_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_PUNCT = re.compile(r"[\s\u3000。，,、；;：:.!！?？()（）]+")


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in _NUMERALS:
        return _NUMERALS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _NUMERALS:
        return 10 + _NUMERALS[text[1]]
    return None


def check_outline(report: Report) -> list[Finding]:
    return [*check_intro_parts(report), *check_kinds_count(report), *check_figure_missing(report),
            *check_empty_sections(report), *check_township_rules(report)]


def _full_sentences(text: str) -> list[str]:
    """Sentences ended by “。” only (an outline lists its parts with “；”)."""
    return [s.strip() for s in nfkc(text.replace("\n", "")).split("。") if s.strip()]


def check_intro_parts(report: Report) -> list[Finding]:
    """“本报告由总体情况、……等五个部分组成”: the parts named and their number against the layout's sections."""
    words = prose_words().outline
    layout = report.tables.spec
    first = report.sections[0].text[:1500] if report.sections else ""
    total = len(layout.sections)
    def may_list(text: str) -> bool:
        return bool(re.search(words.count, text)) or sum(
            any(w in text for w in [*s.words, *words.extra_words.get(s.number, [])]) for s in layout.sections) >= 3

    for sentence in [x for text in (report.intro, first) if may_list(text) for x in _full_sentences(text)]:
        starts = [0] + [m.end() for m in re.finditer(r"[,，]", sentence)]
        opener = next((m for p in starts if (m := re.match(words.opens, sentence[p:]))), None)
        if opener is None:
            continue
        listing = sentence[sentence.index(opener.group(0)) + len(opener.group(0)):]
        stated_m = re.search(words.count, listing)
        stated = _count(stated_m.group(1)) if stated_m else None
        named = [s for s in layout.sections
                 if any(w in listing for w in [*s.words, *words.extra_words.get(s.number, [])])]
        if stated is None and len(named) < 3:
            continue
        if stated is None and re.search(words.open_ended, listing.rstrip("。；;，, ")):
            return []  # “……等” without a count: the parts it does not name may be meant
        missing = [s for s in layout.sections if s not in named]
        if stated == total or (stated is None and not missing):
            return []  # the right count (“由总体情况、……等六个部分组成” may name only some)
        said = f"称报告由{stated_m.group(1)}个部分组成" if stated_m and stated is not None else "列举报告的组成部分"
        gaps = f"，未提及{'、'.join(f'“{s.heading}”' for s in missing)}" if missing else ""
        count_note = f"；所称 {stated} 个部分与{layout.label}规定的 {total} 个部分不符" if stated not in (None, total) else ""
        return [Finding(rule="prose.intro_parts", severity=WARNING, quote=sentence, expected=str(total),
                        actual=str(stated) if stated is not None else str(len(named)),
                        message=(f"开头说明“{sentence}”{said}{gaps}{count_note}（应为："
                                 f"{'、'.join(s.heading for s in layout.sections)}）"))]
    return []


def check_kinds_count(report: Report) -> list[Finding]:
    """“涉及公告公示、组织机构、政策文件、政府公开年报及重点领域信息公开7大类”: five kinds listed, seven said."""
    rx = re.compile(prose_words().kinds_count)
    out: list[Finding] = []
    for text in [report.intro, *(s.text for s in report.sections)]:
        if not rx.search(nfkc(text)):
            continue
        for sentence in sentences(text):
            if "\t" in sentence or "|" in sentence:
                continue
            m = rx.search(nfkc(sentence))
            if not m:
                continue
            said = _count(m.group(2))
            items = [x for x in re.split(r"[、,，;；]|(?:及|和|与)(?=[^、,，]*$)", m.group(1)) if x.strip()]
            if said is None or len(items) < 2 or len(items) == said:
                continue
            out.append(Finding(rule="prose.category_count", severity=WARNING, quote=sentence, expected=str(len(items)),
                               actual=str(said),
                               message=(f"“{sentence}”称{m.group(2)}{m.group(0)[m.end(2) - m.start(0):].strip()}，"
                                        f"但只列出 {len(items)} 项（{'、'.join(i.strip() for i in items)}）")))
    return out


def check_figure_missing(report: Report) -> list[Finding]:
    """“主动公开信息  条”, “主动公开政府信息260余”: a count without its number, a number without its unit."""
    words = prose_words().figure_missing
    out: list[Finding] = []
    loose = re.compile(f"{words.blank}|{words.no_unit.removesuffix('$')}\\s*(?:[。；;\\n]|$)", re.M)
    for text in [report.intro, *(s.text for s in report.sections)]:
        out.extend(_list_items_without_figures(text, words.list_item))
        if not loose.search(nfkc(text)):
            continue
        for sentence in sentences(text):
            if "\t" in sentence or "|" in sentence:
                continue
            s = nfkc(sentence).rstrip("。；;，, ")
            blank = re.search(words.blank, s)
            if blank and not re.search(r"未|没有|无", s[max(blank.start() - 40, 0):blank.start()]):
                what = "缺少数字"  # (“未接到…申请件” says there were none)
            elif re.search(words.no_unit, s):
                what = "数字后缺少单位，句子不完整"
            else:
                continue
            out.append(Finding(rule="prose.figure_missing", severity=WARNING, quote=sentence,
                               message=f"“{sentence}”{what}（可能漏填了数字或句子被截断）"))
    return out


@lru_cache(maxsize=4)
def _list_item_anywhere(pattern: str) -> re.Pattern[str]:
    """The item pattern over a whole text: an item that a “、” follows or precedes (a fast first look)."""
    core = pattern.removesuffix("$")
    return re.compile(f"{core}(?=、)|、[^、，,。；;\\d]*?{core}(?=[，,。；;、)）]|$)", re.M)


def _list_items_without_figures(text: str, pattern: str) -> list[Finding]:
    """“核准企业资质条、施工许可证76条”: an item of a list ending in its unit with no number, next to items with theirs."""
    out: list[Finding] = []
    item = re.compile(pattern)
    if "、" not in text or not _list_item_anywhere(pattern).search(text):
        return out
    for sentence in sentences(text):
        if "\t" in sentence or "|" in sentence or "、" not in sentence:
            continue
        pieces = [re.split(r"[,，;；:：(（]", p)[-1 if k else 0] for k, p in enumerate(nfkc(sentence).split("、"))]
        pieces = [re.split(r"[,，;；(（]", p)[0] for p in pieces]
        for k, piece in enumerate(pieces):
            m = item.search(piece)
            if m is None or re.search(r"\d", piece):
                continue
            near = pieces[max(k - 1, 0):k] + pieces[k + 1:k + 2]
            if any(re.search(r"\d+\s*" + m.group(1) + "$", p) for p in near):
                out.append(Finding(rule="prose.figure_missing", severity=WARNING, quote=piece,
                                   message=f"“{sentence}”中“{piece}”没有数字（同列各项都写了数量，可能漏填）"))
    return out


def check_empty_sections(report: Report) -> list[Finding]:
    """A section with only its heading (a table section without its tables too), or a problems section saying “无”.
    The last section found is left alone: an excerpt may end there."""
    words = prose_words()
    layout = report.tables.spec
    empty, bare = [], []
    for s in report.sections[:-1]:
        if len(s.text) > 40 and len(s.text.strip()) > 40:
            continue  # says something
        body = _PUNCT.sub("", s.text)
        has_tables = any(t.section == s.number for t in layout.tables if t.id in report.tables.tables)
        if not body and not has_tables:
            empty.append(s)
        elif s.number in words.must_say and body in words.empty_section_words:
            bare.append(s)
    out = []
    if empty:
        names = "、".join(f"“{s.number}、{s.title}”" for s in empty)
        out.append(Finding(rule="report.empty_section", severity=WARNING, line=empty[0].line,
                           message=f"{names}只有标题，没有内容" + ("（也没有统计表）" if any(
                               t.section in {s.number for s in empty} for t in layout.tables) else "")))
    for s in bare:
        out.append(Finding(rule="report.empty_section", severity=WARNING, line=s.line, quote=s.text.strip(),
                           message=f"“{s.number}、{s.title}”只写了“{s.text.strip()}”，应说明存在的问题和改进情况"))
    return out


def check_township_rules(report: Report) -> list[Finding]:
    """乡镇人民政府、街道办事处 make no 规章: non-zero 规章 figures in 表二 from one are worth a second look."""
    words = prose_words()
    agency = nfkc(report.agency or report.title)
    where = words.rule_making_rows
    ts = report.tables
    if not agency or not re.search(words.no_rule_making, agency) or where.table not in ts.tables:
        return []
    table = ts.spec.table(where.table)
    out = []
    for row_id in where.rows:
        if row_id not in table.row_index:
            continue
        filled = [(c, v) for c in table.columns if (v := ts.value(table.id, row_id, c.id)) is not None and v != 0]
        if not filled:
            continue
        row = table.row_index[row_id]
        listing = "，".join(f"「{c.display}」为 {fmt(v)}" for c, v in filled)
        out.append(Finding(rule="table.township_rules", severity=WARNING, table=table.name, table_id=table.id,
                           row=row.display, row_id=row_id, actual=listing,
                           message=(f"{table.name}「{row.display}」行{listing}；{report.agency or '本机关'}是乡镇或街道，"
                                    f"没有制定规章的权限，请核对是否误填（应为 0）")))
    return out
