"""The tables as real published reports print them (issue 12, classes 1, 2, 3 and 9): small synthetic texts of our
own, each tied where possible to a real document of tests/real that shows the class."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assistant.checks import check_tables
from assistant.checks.report import check_file
from assistant.tables.paste import parse_paste

REAL = Path(__file__).parent / "real"

T3_HEAD = ("三、收到和处理政府信息公开申请情况\n"
           "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
           "\t自然人\t法人或其他组织\t总计\n"
           "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n")


def _t3(rows: dict[str, str]) -> str:
    return T3_HEAD + "".join(f"{label}\t{values}\n" for label, values in rows.items())


# Class 1: blank cells ----------------------------------------------------------------------------------------------

def test_blanks_are_one_finding_per_table_listing_the_cells():
    text = ("第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t\t0\t\n行政规范性文件\t1\t\t3\n"
            "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t\n行政强制\t2\n")
    findings = [f for f in check_tables(parse_paste(text, layout="2021")) if f.rule == "cell.blank"]
    assert [f.table for f in findings] == ["表二「第二十条第（一）项」", "表二「第二十条第（六）项」"]
    many, one = findings
    assert "3 个单元格空白" in many.message and "「规章」行「本年制发件数」「现行有效件数」列" in many.message
    assert "「行政规范性文件」行「本年废止件数」列" in many.message and many.severity == "错误"
    assert (one.row, one.column) == ("行政处罚", "本年处理决定数量")  # a single blank keeps its cell


def test_blank_total_is_derived_and_checked_on():
    rows = {"一、本年新收政府信息公开申请数量": "5\t1\t0\t0\t0\t0\t",
            "二、上年结转政府信息公开申请数量": "1\t0\t0\t0\t0\t0\t1"}
    ts = parse_paste(_t3(rows), layout="2021")
    findings = check_tables(ts)
    assert ts.value("三", "new", "total") == Decimal(6) and ts.is_derived("三", "new", "total")
    assert ts.tables["三"].rows["new"]["total"].kind == "blank"  # the cell itself stays blank
    blank = [f for f in findings if f.rule == "cell.blank"]
    assert len(blank) == 1 and "按各列之和推算" in blank[0].message
    assert not [f for f in findings if f.rule == "t3.applicant_total"]


def test_rule_using_a_derived_value_says_so():
    # 总计 blank in every row: derived from the columns; (七)总计 then disagrees with 新收 + 结转 in 总计.
    rows = {"一、本年新收政府信息公开申请数量": "3\t0\t0\t0\t0\t0\t",
            "二、上年结转政府信息公开申请数量": "0\t0\t0\t0\t0\t0\t",
            "（一）予以公开": "2\t0\t0\t0\t0\t0\t",
            "（七）总计": "2\t0\t0\t0\t0\t0\t",
            "四、结转下年度继续办理": "0\t0\t0\t0\t0\t0\t"}
    findings = check_tables(parse_paste(_t3(rows), layout="2021"))
    balance = [f for f in findings if f.rule == "t3.balance" and f.column == "总计"]
    assert balance and "按各列之和推算" in balance[0].message


def test_prose_is_checked_against_a_derived_total(tmp_path):
    report = ("某某街道2023年政府信息公开工作年度报告\n一、总体情况\n本年新收政府信息公开申请 9 件。\n"
              "二、主动公开政府信息情况\n无。\n" + _t3({"一、本年新收政府信息公开申请数量": "5\t1\t0\t0\t0\t0\t",
                                            "二、上年结转政府信息公开申请数量": "0\t0\t0\t0\t0\t0\t"})
              + "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n")
    path = tmp_path / "r.txt"
    path.write_text(report, encoding="utf-8")
    _, _, findings = check_file(path)
    mismatch = [f for f in findings if f.rule == "prose.table_mismatch"]
    assert mismatch and "按各列之和推算" in mismatch[0].message and mismatch[0].expected == "6"


def test_entirely_blank_section_is_one_finding():
    # As 2022_佳县螅镇人民政府.txt prints it: labels only, each on its own line, no numbers at all.
    text = "\n\n".join(["第二十条第(一)项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "规章", "规范性文件",
                        "第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量", "行政许可",
                        "其他对外管理服务事项", "三、收到和处理政府信息公开申请情况"])
    ts = parse_paste(text, layout="2019")
    blank = [f for f in check_tables(ts) if f.rule == "cell.blank"]
    assert len(blank) == 1 and "全部 12 个单元格均未填写" in blank[0].message


def test_real_blank_heavy_report_gets_one_finding_per_table():
    _, _, findings = check_file(REAL / "2019_上海市人民政府办公厅.html")
    blank = [f for f in findings if f.rule == "cell.blank"]
    assert sorted(f.table for f in blank) == ["表三", "表四"]
    assert "126 个单元格空白" in next(f.message for f in blank if f.table == "表三")


def test_excerpt_cut_inside_a_table_is_one_finding():
    rows = {"一、本年新收政府信息公开申请数量": "1\t0\t0\t0\t0\t0\t1",
            "二、上年结转政府信息公开申请数量": "0\t0\t0"}
    findings = check_tables(parse_paste(_t3(rows), layout="2021"))
    assert [f.rule for f in findings if f.severity == "错误"] == ["table.truncated"]
    # tests/real/2023_广州市海珠区官洲街道办事处.txt is cut inside 表三: no per-row findings there either
    _, _, real = check_file(REAL / "2023_广州市海珠区官洲街道办事处.txt")
    assert not [f for f in real if f.rule in ("row.missing", "cell.blank")]


# Class 2: one cell per line -------------------------------------------------------------------------------------

def test_one_cell_per_line_with_pipes_keeps_blank_in_its_column():
    # As 2021_西安市阎良区信访局.txt prints it: “行政强制 |” then a pipes-only line for its blank cell.
    text = ("第二十条第(六)项 | |||\n信息内容 | 本年处理决定数量 | ||\n行政处罚 | 0 | ||\n行政强制 |\n| ||\n"
            "第二十条第(八)项 | |||\n信息内容 | 本年收费金额(单位:万元) | ||\n行政事业性收费 | 0 | ||\n")
    ts = parse_paste(text, layout="2021")
    assert ts.tables["二(六)"].rows["coercion"]["decisions"].kind == "blank"
    assert ts.tables["二(八)"].rows["fees"]["fee_amount"].value == 0
    blank = [f for f in check_tables(ts) if f.rule == "cell.blank"]
    assert [(f.row, f.column) for f in blank] == [("行政强制", "本年处理决定数量")]


def test_lone_pipe_lines_separate_cells_and_two_in_a_row_are_a_blank():
    text = "\n".join(["第二十条第（一）项", "|", "信息内容", "|", "本年制发件数", "|", "本年废止件数", "|", "现行有效件数", "|",
                      "规章", "|", "1", "|", "|", "3", "|", "行政规范性文件", "|", "4", "|", "5", "|", "6", "|"])
    ts = parse_paste(text, layout="2021")
    rules = ts.tables["二(一)"].rows["rules"]
    assert [rules[c].raw for c in ("issued", "repealed", "in_force")] == ["1", "", "3"]
    assert [c.raw for c in ts.tables["二(一)"].rows["normative"].values()] == ["4", "5", "6"]


def test_label_inside_a_longer_label_is_not_a_duplicate_row():
    # tests/real/2020_天门市拖市镇人民政府.txt: “其他主动公开文件(含…除规范性文件以外的…)” is an extra local row.
    text = ("第二十条第(一)项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章(设区的市应提供)\t0\t0\t0\n"
            "规范性文件(行政机关制定发布的决定)\t3\t3\t5\n其他主动公开文件(含除规范性文件以外的文件)\t7\t7\t9\n")
    ts = parse_paste(text, layout="2019")
    assert ts.tables["二(一)"].rows["normative"]["made"].value == 3
    findings = check_tables(ts)
    assert not [f for f in findings if f.severity == "错误"]
    extra = [f for f in findings if f.rule == "parse.extra_row"]
    assert extra and extra[0].severity == "提醒" and "其他主动公开文件" in extra[0].message
    _, _, real = check_file(REAL / "2020_天门市拖市镇人民政府.txt")
    assert not [f for f in real if f.rule in ("parse.duplicate_row", "parse.unplaced")]


# Class 3: PDF and pasted-PDF text -------------------------------------------------------------------------------

def test_page_footers_inside_a_table_are_dropped_in_text():
    rows = {"一、本年新收政府信息公开申请数量": "1\t0\t0\t0\t0\t0\t1"}
    text = _t3(rows) + "- 4 -\n第 5 页\n— 6 —\n二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
    ts = parse_paste(text, layout="2021")
    assert ts.unplaced == [] and ts.tables["三"].rows["carried_in"]["total"].value == 0


def test_numbers_above_their_label_pair_with_it():
    # As the 淮安市洪泽区 PDFs print 表三: a row's numbers on the line above its label when the label cell is taller.
    text = _t3({"8.属于行政查询事项": "0 0 0 0 0 0 0"}).replace("\t", " ") + (
        "10 0 0 0 0 0 10\n1.本机关不掌握相关政府信息\n（四）无法提供\n3 0 0 0 0 0 3\n2.没有现成信息需要另行制作\n"
        "3.补正后申请内容仍不明确 0 0 0 0 0 0 0\n")
    ts = parse_paste(text, layout="2021")
    rows = ts.tables["三"].rows
    assert rows["unable_not_held"]["natural"].value == 10
    assert rows["unable_not_existing"]["natural"].value == 3
    assert rows["unable_unclear"]["natural"].value == 0
    assert not [f for f in ts.findings if f.rule in ("parse.duplicate_row", "parse.order_fill")]


def test_real_pdfs_read_without_false_duplicate_or_missing_rows():
    for name, review_total in (("2023_淮安市洪泽区人民政府.pdf", True), ("2024_淮安市洪泽区人民政府.pdf", False)):
        ts, _, findings = check_file(REAL / name)
        rules = {f.rule for f in findings}
        assert "parse.duplicate_row" not in rules
        assert ("t4.review_total" in rules) is review_total
        missing = [f for f in findings if f.rule == "row.missing"]
        assert len(missing) <= 1 and all("（六）其他处理" in f.message for f in missing)  # the 2019-style (六) row
    ts, _, _ = check_file(REAL / "2023_淮安市洪泽区人民政府.pdf")
    col = [ts.value("三", r, "natural") for r in ("granted", "partial", "withheld_secret", "withheld_law",
                                                 "unable_not_held", "unable_not_existing")]
    assert col == [0, 4, 1, 0, 10, 3]


def test_dash_placeholders_are_placeholders():
    text = ("第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t-\t—\t0\n行政规范性文件\t1\t0\t3\n")
    ts = parse_paste(text, layout="2021")
    assert [c.kind for c in ts.tables["二(一)"].rows["rules"].values()] == ["dash", "dash", "number"]
    assert {f.rule for f in check_tables(ts) if f.table_id == "二(一)"} == {"cell.placeholder"}


def test_eight_column_table3_with_a_subtotal_is_read_and_checked():
    head = T3_HEAD.rstrip("\n") + "\t小计\n"
    text = (head + "一、本年新收政府信息公开申请数量\t10\t2\t0\t0\t1\t0\t3\t13\n"
            "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\t1\n")
    ts = parse_paste(text, layout="2021")
    assert ts.tables["三"].rows["new"]["total"].value == 13 and ts.tables["三"].rows["new"]["legal_subtotal"].value == 3
    findings = check_tables(ts)
    assert not [f for f in findings if f.rule == "parse.extra_values"]
    bad = [f for f in findings if f.rule == "t3.legal_subtotal"]
    assert [f.row for f in bad] == ["二、上年结转政府信息公开申请数量"] and bad[0].expected == "0"


# Class 9: values -------------------------------------------------------------------------------------------------

def test_amounts_keep_the_agencys_decimals():
    # tests/real/2019_安康市某局.txt prints 采购总金额 160.5964万元
    text = "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t3\t160.5964万元\n"
    assert [f.rule for f in check_tables(parse_paste(text, layout="2019")) if f.table_id == "二(九)"] == []
    _, _, real = check_file(REAL / "2019_安康市某局.txt")
    assert not [f for f in real if f.rule == "cell.decimals"]


def test_vague_word_in_a_count_cell_is_a_non_number_at_its_cell():
    text = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t若干\t0\t0\n行政规范性文件\t1\t0\t3\n"
    findings = [f for f in check_tables(parse_paste(text, layout="2021")) if f.rule != "table.missing"]
    assert [(f.rule, f.row, f.column) for f in findings] == [("cell.not_number", "规章", "本年制发件数")]
    assert "若干" in findings[0].message and "具体数字" in findings[0].message


def test_table4_in_three_blocks_across_pages_is_one_row():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持 结果纠正 其他结果 尚未审结 总计\n1 0 0 1 2\n- 5 -\n"
            "行政诉讼\n未经复议直接起诉\n结果维持 结果纠正 其他结果 尚未审结 总计\n0 0 0 0 0\n第 6 页\n"
            "复议后起诉\n结果维持 结果纠正 其他结果 尚未审结 总计\n1 0 0 0 1\n")
    ts = parse_paste(text, layout="2021")
    cells = ts.tables["四"].rows["cases"]
    assert [cells[c].raw for c in ("review_total", "direct_total", "after_upheld", "after_total")] == ["2", "0", "1", "1"]
    assert not [f for f in check_tables(ts) if f.severity == "错误"]


def test_no_real_report_gets_more_than_one_blank_finding_per_table():
    from collections import Counter

    from assistant.evals.checks import corpus_files

    checked = 0
    for doc, _ in corpus_files(REAL):
        _, _, findings = check_file(doc)
        per_table = Counter(f.table_id or f.table for f in findings if f.rule == "cell.blank")
        assert all(n == 1 for n in per_table.values()), (doc.name, per_table)
        checked += bool(per_table)
    assert checked >= 3  # the corpus does hold reports with blank cells (上海 2019: 126 in 表三, one finding)
