"""Report structure, year, layout and metadata as real reports publish them (issue 12, classes 4, 5 and 10):
each class on a small text written here, and tied to the real documents in tests/real that show it."""

from __future__ import annotations

from pathlib import Path

from assistant.checks.report import check_file, check_report
from assistant.report import load, parse_report
from assistant.sections import find_headings

REAL = Path(__file__).resolve().parent / "real"



def _rules(findings, severity=None):
    return [f.rule for f in findings if severity is None or f.severity == severity]


# ---- class 4: headings as published ------------------------------------------------------------------------

def test_headings_after_tabs_spaces_and_markdown():
    lines = ["\t一、总体情况", "  ## 二、主动公开政府信息情况", "二、上年结转政府信息公开申请数量\t0\t0",
             "\u3000\u3000三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    heads, shift = find_headings(lines)
    assert [(h.line, h.number) for h in heads] == [(0, "一"), (1, "二"), (3, "三"), (4, "四")] and shift == 0


def test_sections_numbered_one_lower_are_reported_once_and_still_read():
    text = ("某局2023年政府信息公开工作年度报告\n一、主动公开政府信息情况\n全年主动公开信息 12 条。\n"
            "二、收到和处理政府信息公开申请情况\n本年新收申请 0 件。\n三、政府信息公开行政复议、行政诉讼情况\n无。\n"
            "四、存在的主要问题及改进情况\n问题是公开不够及时。\n五、其他需要报告的事项\n本机关未收取信息处理费。\n")
    report = parse_report(text)
    assert [s.number for s in report.sections] == list("二三四五六")
    findings = check_report(report)
    numbering = [f for f in findings if f.rule == "report.section_numbering"]
    assert len(numbering) == 1 and "第二至第六部分编号整体少一位" in numbering[0].message
    assert "report.section_order" not in _rules(findings)


def test_title_variant_found_and_reminded_trivial_variant_accepted():
    text = ("某镇2020年政府信息公开工作年度报告\n一、工作基本情况\n本报告由某镇编制。\n二、主动公开政府信息的情况\n"
            "全年主动公开信息 3 条。\n")
    report = parse_report(text)
    assert [s.number for s in report.sections] == ["一", "二"]
    titles = [f for f in check_report(report) if f.rule == "report.section_title"]
    assert [f.quote for f in titles] == ["一、工作基本情况"]  # “主动公开政府信息的情况” is an accepted variant


def test_traditional_mirror_with_pinyin_reads_as_simplified():
    text = ("拖市鎮(zhèn)2020年政府信息公開(kāi)工作年度報告\n????一、總體情況\n"
            "報告所列數據的統計期限自2020年1月1日起至2020年12月31日止。\n二、主動公開政府信息情況\n"
            "第二十條第(一)項 | |||\n信息內容 | 本年新 制作數量 | 本年新 公開數量 | 對外公開總數量 |\n"
            "規(guī)章 | 0 | 0 | 0 |\n")
    report = parse_report(text)
    assert report.year == 2020 and report.agency == "拖市镇"
    assert [s.number for s in report.sections] == ["一", "二"]
    assert report.layout == "2019" and report.tables.tables["二(一)"].rows["rules"]["made"].value == 0


def test_no_headings_still_a_report(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text("根据《中华人民共和国政府信息公开条例》规定，现公布某省人民政府办公厅2023年政府信息公开工作年度报告。"
                 "2023年，某省人民政府办公厅坚持依法公开，全年主动公开政府信息1520条，其中", encoding="utf-8")
    ts, report = load(p)
    assert report is not None and report.year == 2023 and report.agency == "某省人民政府办公厅"
    findings = check_report(report)
    assert _rules(findings, "错误") == []  # one 提醒 that the copy stops mid-sentence, nothing per missing part
    assert _rules(findings).count("report.truncated") == 1


def test_excerpt_cut_inside_a_table_gets_one_finding():
    text = ("某局2021年政府信息公开工作年度报告\n一、总体情况\n统计期限为2021年1月1日至2021年12月31日。\n"
            "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t0\t0\t0\n行政规范性文件\t1\t0\t3\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t")
    findings = check_report(parse_report(text))
    assert _rules(findings, "错误") == []
    truncated = [f for f in findings if f.rule == "report.truncated"]
    assert len(truncated) == 1 and truncated[0].severity == "提醒" and "中断" in truncated[0].message
    assert "table.missing" not in _rules(findings) and "report.no_tables" not in _rules(findings)


def test_report_ending_properly_without_its_last_parts_is_an_error():
    text = ("某局2021年政府信息公开工作年度报告\n一、总体情况\n统计期限为2021年1月1日至2021年12月31日。全年工作平稳。\n"
            "二、主动公开政府信息情况\n本年没有制发规范性文件。\n")
    truncated = [f for f in check_report(parse_report(text)) if f.rule == "report.truncated"]
    assert len(truncated) == 1 and truncated[0].severity == "错误"


# ---- class 5: year and layout --------------------------------------------------------------------------------

def test_year_from_title_forms_and_the_period():
    assert parse_report("关于2022年度政府信息公开情况的报告\n一、总体情况\n全年公开信息 1 条。\n").year == 2022
    assert parse_report("现将我局2020年度政府信息公开工作情况报告如下。\n一、总体情况\n全年公开信息 1 条。\n").year == 2020
    assert parse_report("一、总体情况\n本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n").year == 2023


def test_mistyped_title_year_is_found_and_the_period_year_used():
    text = ("2022度某街道信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
            "一、总体情况\n2023年，我街道认真落实条例。\n")
    report = parse_report(text)
    assert report.year == 2023
    title = [f for f in check_report(report) if f.rule == "report.title_year"]
    assert len(title) == 1 and "2022度" in title[0].message


def test_mistyped_period_dates():
    for period in ("自2020年1月1日起至202020年12月31日止", "为202111日至20211231日止"):
        text = f"某镇2020年政府信息公开工作年度报告\n一、总体情况\n本报告中所列数据的统计期限{period}。\n"
        assert "report.period_year" in _rules(check_report(parse_report(text)), "错误"), period


def test_another_year_named_as_the_reports_own_is_a_reminder():
    text = ("某区2024年政府信息公开工作年度报告\n一、总体情况\n统计期限为2024年1月1日至2024年12月31日。"
            "现将本机关2023年度政府信息公开工作报告如下。\n")
    own = [f for f in check_report(parse_report(text)) if f.rule == "report.own_year"]
    assert len(own) == 1 and own[0].severity == "提醒" and own[0].actual == "2023"


def test_old_layout_after_the_changeover_is_an_error_in_it_a_reminder():
    table = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
    for year, severity in ((2021, "提醒"), (2022, "错误")):
        text = f"某局{year}年政府信息公开工作年度报告\n一、总体情况\n全年工作平稳。\n{table}"
        found = [f for f in check_report(parse_report(text)) if f.rule == "layout.year_mismatch"]
        assert [f.severity for f in found] == [severity] and found[0].table == "表二「第二十条第（一）项」"


def test_cited_notice_against_year_and_tables():
    old = "根据《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）编制。"
    text = f"某局2023年政府信息公开工作年度报告\n{old}\n一、总体情况\n全年工作平稳。\n"
    cited = [f for f in check_report(parse_report(text)) if f.rule == "report.cited_notice"]
    assert len(cited) == 1 and "〔2021〕30号" in cited[0].message
    fine = text.replace(old, "根据国办公开办函〔2021〕30号的要求编制。")
    assert "report.cited_notice" not in _rules(check_report(parse_report(fine)))
    mixed = text.replace("（国办公开办函〔2019〕60号）", "（国办公开办函〔2021〕30号）")
    assert any("文件名与文号不符" in f.message for f in check_report(parse_report(mixed)))
    misspelt = text.replace(old, "根据（国办公开办涵〔2021〕30号）编制。")
    assert any("国办公开办涵" in f.message for f in check_report(parse_report(misspelt)))


# ---- class 10: metadata --------------------------------------------------------------------------------------

def test_agency_is_a_name_and_site_chrome_is_stripped():
    text = ("首页 > 政务公开 > 年度报告\n【字体:  大 中 小】 打印\n来源:原创     发布时间:2023-01-31 13:24    浏览次数:次\n"
            "2022年度某镇政府信息公开工作年度报告\n根据《中华人民共和国政府信息公开条例》要求，现向社会公布某县某镇人民政府"
            "2022年政府信息公开工作年度报告。\n一、总体情况\n2022年，我镇认真落实条例。\n")
    report = parse_report(text)
    assert report.agency == "某县某镇人民政府" and report.published == "2023-01-31" and report.year == 2022
    assert "字体" not in report.intro and "首页" not in report.intro
    fragment = "根据《条例》要求,现向社会公布巴彦淖尔市信访局2021年政府信息公开工作年度报告。\n一、总体情况\n无。\n"
    assert parse_report(fragment).agency == "巴彦淖尔市信访局"
    made_by = "本报告由某市某区人民政府办公室根据《中华人民共和国政府信息公开条例》编制。\n一、总体情况\n无。\n"
    assert parse_report(made_by).agency == "某市某区人民政府办公室"


# ---- tied to the real corpus -------------------------------------------------------------------------------

def _real(name):
    return check_file(REAL / name)


def test_real_documents_of_these_classes():
    _, report, findings = _real("2020_天门市拖市镇人民政府_繁体镜像.txt")  # 繁体 + pinyin: parsed as a report
    assert report is not None and report.year == 2020 and report.layout == "2019"
    _, report, findings = _real("2023_衡阳市珠晖区粤汉街道办事处.txt")  # title “2022度”, period 2023
    assert report is not None and report.year == 2023 and "report.title_year" in _rules(findings)
    _, _, findings = _real("2020_淄博高新区中埠镇人民政府.txt")  # “202020年”
    assert "report.period_year" in _rules(findings)
    _, _, findings = _real("2021_资中县信访局.txt")  # “202111日”
    assert "report.period_year" in _rules(findings)
    for name in ("2021_山西省人民政府外事办公室.txt", "2023_瑞安市安阳街道办事处.txt", "2024_兴仁市大山镇人民政府.txt",
                 "2024_济南市历下区建筑新村街道办事处.txt", "2024_银川市兴庆区前进街街道办事处.txt",
                 "2023_西咸新区底张街道办事处.txt"):
        assert "report.cited_notice" in _rules(_real(name)[2]), name
    _, report, findings = _real("2021_巴彦淖尔市信访局.txt")  # agency from “现向社会公布X2021年…”, not the sentence
    assert report is not None and report.agency == "巴彦淖尔市信访局"
    _, report, _ = _real("2022_佳县螅镇人民政府.txt")  # site chrome “【字体:】 打印” is not the agency
    assert report is not None and "字体" not in report.agency
    for name in ("2023_广东省人民政府办公厅.txt", "2020_上海市人民政府办公厅_繁体镜像.txt", "2023_广州市海珠区官洲街道办事处.txt"):
        _, _, findings = _real(name)  # excerpts cut off: one 提醒, no 错误 for what the cut removed
        assert _rules(findings, "错误") == [] and _rules(findings).count("report.truncated") == 1, name
