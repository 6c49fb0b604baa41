"""Report text → Report: front matter, sections 一–六, tables (through the core parser), stated numbers."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

import zhconv

from ..findings import ERROR, WARNING, Finding
from ..tables.paste import parse_paste
from ..tables.runon import may_run_on, unrun_tables
from ..layouts import all_layouts, prose_numbers
from ..layouts.detect import detect_layout
from ..sections import find_headings
from ..text import find_report_year, nfkc
from ..textfile import InputError
from .model import Report, Section, StatedNumber
from .vocab import report_text
from .year import year_evidence

SUBHEADING = re.compile(r"^\s*[（(]([一二三四五六七八九十]{1,3})[）)]\s*([^。；;\n]{2,40})")
# A heading run into the paragraph before it (“…电话：025-84719009。 一、总体情况 2021年，…”).


_INLINE: list = [None, None]  # (the layouts it was built from, the pattern): rebuilt when the layouts are reloaded


def _inline_heading() -> re.Pattern[str]:
    """An official section heading run into the text (after a sentence end or space), as the layouts word it."""
    layouts = all_layouts()
    if _INLINE[0] is not layouts:
        titles = sorted({p.heading for layout in layouts for p in layout.sections}, key=len, reverse=True)
        _INLINE[:] = [layouts, re.compile(r"(?<=[。；\s])[ \t\u3000]*(" + "|".join(map(re.escape, titles))
                                          + r")[ \t\u3000]*(?=\S)")]
    return _INLINE[1]


_META = re.compile(r"^(来源URL|机关|层级/类型|报告年度|格式版本|完整性)\s*[:：]\s*(.*)$")
_PUBLISHED = re.compile(r"(20\d{2})\s*[年\-/.]\s*(\d{1,2})\s*(?:月|[\-/.])\s*(?:(\d{1,2})\s*日?)?")


def _strip_note(text: str) -> tuple[str, dict[str, str], int]:
    """Corpus files open with a 【说明】 block ending in a ==== line: keep its metadata, drop it from the text."""
    meta: dict[str, str] = {}
    if not text.lstrip().startswith("【说明】"):
        return text, meta, 0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = _META.match(line.strip())
        if m:
            meta[m.group(1)] = m.group(2).strip()
        if set(line.strip()) == {"="}:
            return "\n".join([""] * (i + 1) + lines[i + 1:]), meta, i + 1
    return text, meta, 0


def _whole_page(line: str) -> bool:
    """A page stored as one line (breadcrumbs, then the whole report): not chrome to blank."""
    return len(line) > 300 and line.count("。") > 3


def normalize_report_text(text: str) -> tuple[str, dict[str, str]]:
    """Simplified characters (mirror sites print traditional ones, some with pinyin after characters), no 【说明】
    block, no site chrome (font-size bars, breadcrumbs, 来源/发布时间 lines: blanked, line numbers kept; a publication
    date seen there is kept in the metadata), headings on their own lines."""
    vocab = report_text()
    text = vocab.compiled("mirror_noise").sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = zhconv.convert(text, "zh-cn")
    text, meta, _ = _strip_note(text)
    chrome = vocab.compiled("chrome_lines")
    lines = text.split("\n")
    for i, line in enumerate(lines[:60]):
        key = nfkc(line).strip().lstrip("•·").strip()
        if key and chrome.search(key) and not _whole_page(key):
            if "发布" in key and "published" not in meta and _PUBLISHED.search(key):
                meta["published"] = key
            lines[i] = ""
    text = "\n".join(lines)
    return _inline_heading().sub(lambda m: "\n" + m.group(1) + "\n", text), meta


_END_PUNCT = "。！？；!?;"
_LINE_HEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence. A line break ends a sentence only after end punctuation, before a heading,
    or after a short line (a title); PDFs wrap sentences over lines."""
    spans, start = [], 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        end = None
        if ch in _END_PUNCT:
            end = i + 1
        elif ch == "\n":
            line_start = text.rfind("\n", 0, i) + 1
            prev = text[line_start:i].rstrip()
            nxt_end = text.find("\n", i + 1)
            nxt = text[i + 1: nxt_end if nxt_end >= 0 else n]
            if not prev or prev[-1] in _END_PUNCT + "：:" or len(prev) < 20 or _LINE_HEAD.match(nxt) or "\t" in prev or "\t" in nxt:
                end = i
        if end is not None:
            if text[start:end].strip():
                spans.append((start, end))
            start = end if ch != "\n" else i + 1
        i += 1
    if text[start:].strip():
        spans.append((start, n))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b].replace("\n", "").strip() for a, b in sentence_spans(text)]


def stated_numbers(text: str, section: str | None, line_of) -> list[StatedNumber]:
    out: list[StatedNumber] = []
    for a, b in sentence_spans(text):
        raw = text[a:b]
        sentence = raw.replace("\n", "").strip()
        for value, unit, shown in _counts_stated(sentence):
            # the line the number stands on
            offset = a + len(raw) - len(raw.lstrip())
            k = nfkc(raw).find(shown)
            out.append(StatedNumber(value=value, unit=unit, raw=shown, sentence=sentence,
                                    section=section, line=line_of(offset + max(k, 0))))
    return out


def _counts_stated(sentence: str) -> list[tuple[Decimal, str, str]]:
    """(value, unit, as printed) of each count, amount and percentage the prose states, read by the one claim
    extractor (assistant/claims) that the drafting guard uses too; in the units the prose checks compare."""
    from ..claims.extract import claims_of_sentence

    units = _checked_units()
    out = []
    for c in claims_of_sentence(sentence):
        if c.kind not in ("count", "money", "percent") or c.approximate or c.written is None:
            continue
        if c.written_unit in units:  # as printed: 1520.5 万元
            out.append((c.written, c.written_unit, c.text))
        elif c.unit in units and c.kind == "count":  # 1.52万人次 → 15200 人次
            out.append((c.value if isinstance(c.value, Decimal) else Decimal(0), c.unit, c.text))
    return out


def _checked_units() -> frozenset[str]:
    from ..layouts.prose_facts import prose_words

    return frozenset([*prose_words().count_units, "%"])


def _is_prose(line: str) -> bool:
    return "\t" not in line and "。" in line


def parse_report(text: str, *, source: str = "", year: int | None = None, layout: str | None = None) -> Report:
    text, meta = normalize_report_text(text)
    text, run_on = _unrun(text, year, layout)
    lines = text.splitlines()
    heads, shift = find_headings(lines)
    spans = [(h.line, h.number, h.text, heads[k + 1].line if k + 1 < len(heads) else len(lines))
             for k, h in enumerate(heads)]
    first = spans[0][0] if spans else len(lines)
    title, agency, published = _front_matter(lines[: first if spans else 15], meta)
    head_end = spans[1][0] if len(spans) > 1 else min(len(lines), first + 40)
    evidence = year_evidence(title, "\n".join(lines[:head_end]), text)
    if year is None:
        year = evidence.year or (int(meta["报告年度"]) if meta.get("报告年度", "").isdigit() else None)
    if not spans and "年度报告" not in text[:3000] and "政府信息公开" not in text[:3000]:
        raise InputError("这不是政府信息公开工作年度报告：没有找到“一、总体情况”等部分标题，也没有报告标题")

    tables = parse_paste(text, year=year, layout=layout, spans=spans)

    agency = _agency(agency, "\n".join(lines[:head_end]))
    if meta.get("机关"):
        agency = re.sub(r"[（(].*$", "", meta["机关"]).strip()
    report = Report(source=source, title=title, agency=agency, year=year, published=published, tables=tables,
                    year_evidence=evidence, numbering_shift=shift, last_line=_last_line(lines))
    if run_on is not None:
        report.findings.append(run_on)

    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def line_of_factory(base_line: int):
        return lambda char_pos: bisect.bisect_right(offsets, offsets[base_line] + max(char_pos, 0))

    report.intro = "\n".join(l for l in lines[:first] if _is_prose(l) or len(l.strip()) > 40)
    report.numbers = stated_numbers("\n".join(lines[:first]), None, line_of_factory(0))
    for i, number, heading, end in spans:
        body = lines[i + 1:end]
        title_text = re.sub(r"^\s*(?:#{1,6}\s*)?[一二三四五六七八九十]{1,2}\s*[、.．,，]\s*", "", heading)
        subs = [l.strip().split("。")[0] for l in body if "\t" not in l and SUBHEADING.match(l)]
        prose = body if number in prose_numbers() else [l if _is_prose(l) else "" for l in body]
        report.sections.append(Section(number=number, title=title_text, line=i + 1,
                                       text="\n".join(body).strip("\n"), subheadings=subs))
        report.numbers.extend(stated_numbers("\n".join(prose), number, line_of_factory(i + 1)))
    if not spans:
        report.findings.append(Finding(rule="report.no_sections", severity=ERROR,
                                       message="没有找到“一、总体情况”至“六、其他需要报告的事项”中的任何部分标题"))
    return report


def _unrun(text: str, year: int | None, layout: str | None) -> tuple[str, Finding | None]:
    """A page that prints its tables on one line with the cells run together: each row on a line of its own, split
    only where the digits read one way (tables/runon.py); said once."""
    if not any(may_run_on(line) for line in text.split("\n")):
        return text, None
    chosen = detect_layout(text, year=year or find_report_year(text), layout=layout).layout
    done = unrun_tables(text, chosen)
    text = _inline_heading().sub(lambda m: "\n" + m.group(1) + "\n", done.text) if done.text != text else text
    if not done.split_rows:
        return text, None
    return text, Finding(
        rule="parse.run_together", severity=WARNING,
        message=(f"原文表格的单元格数字连写（没有分隔），已有 {done.split_rows} 行按本行的合计关系（总计＝各项之和）或正负号只有一种拆分，照此读取"
                 f"（如{'；'.join(done.examples)}），请对照原表核对"))


def _last_line(lines: list[str]) -> tuple[int, str]:
    """(1-based number, text) of the last non-empty line: where a copy that was cut off stops."""
    for n in range(len(lines) - 1, -1, -1):
        if lines[n].strip():
            return n + 1, lines[n].strip()
    return 0, ""


_NOT_NAME = re.compile(r"[，,。；;：:《》“”\"|>]|根据|依据|报告|条例|我[局委办镇乡区县市]|\d")


def _clean_agency(name: str) -> str:
    name = re.sub(r"^(?:标题|关于|[\s:：])+", "", nfkc(name)).strip()
    ends = report_text().agency_endings
    if not name or len(name) > 30 or _NOT_NAME.search(name) or not any(name.endswith(e) for e in ends):
        return ""
    return name


def _agency(from_title: str, head: str) -> str:
    """The agency named by the title or by “本报告由X根据…编制” / “现向社会公布X2021年…报告”: a name, never a
    sentence fragment; the fuller of two names for the same agency."""
    titled = _clean_agency(from_title)
    named = ""
    for m in report_text().compiled("agency_sentences").finditer(nfkc(head)):
        named = _clean_agency(next((g for g in m.groups() if g), ""))
        if named:
            break
    if named and (not titled or named.endswith(titled)):
        return named
    return titled or named


def _front_matter(head: list[str], meta: dict[str, str]) -> tuple[str, str, str | None]:
    title, agency, published = "", "", None
    cleaned = [re.sub(r"^#{1,6}\s*", "", l.strip()) for l in head if l.strip()]  # a Markdown title: “# 某局…报告”
    for k, line in enumerate(cleaned):
        if k + 1 < len(cleaned) and "报告" not in line and len(line) <= 40 and cleaned[k + 1].endswith("报告") \
                and len(cleaned[k + 1]) <= 12:  # a title printed over two lines
            line = line + cleaned[k + 1]
        if "报告" in line and len(line) <= 60 and find_report_year(line) and not re.search(r"[>|。]|当前位置", line):
            title = line
            m = re.match(r"^(.*?)(20\d{2})\s*年?\s*度", nfkc(line)) or re.match(r"^(.*?)(20\d{2})\s*年", nfkc(line))
            if m and m.group(1).strip():
                agency = m.group(1).strip()
            elif k + 1 < len(cleaned) and not re.search(r"\d", cleaned[k + 1]) and len(cleaned[k + 1]) <= 30:
                agency = cleaned[k + 1]
            elif k > 0 and not re.search(r"\d", cleaned[k - 1]) and len(cleaned[k - 1]) <= 30:
                agency = cleaned[k - 1]
            break
    for line in ([meta["published"]] if "published" in meta else []) + cleaned:
        if len(line) <= 40 or "发布时间" in line:
            m = _PUBLISHED.search(nfkc(line))
            if m and ("年度报告" not in line) and ("发布" in line or re.fullmatch(r"[\d\s年月日\-/.]+", nfkc(line.split("发布时间")[-1]).strip(" :："))):
                published = f"{m.group(1)}-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "")
                break
    return title, agency, published
