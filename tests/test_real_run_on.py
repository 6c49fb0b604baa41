"""Tables a page prints on one line with the cells run together (the 平潭综合实验区 pages of tests/real): split only
where the digits read one way, one 提醒 for what reads several ways, never a guessed digit and no false 错误."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assistant.checks.report import check_file, check_report
from assistant.findings import ERROR
from assistant.layouts import get_layout
from assistant.report import parse_report
from assistant.tables.cells import parse_cell
from assistant.tables.runon import split_run, unrun_tables

REAL = Path(__file__).parent / "real"
LAYOUT = get_layout("2021")


def _split(run: str, table: str = "三") -> list[str] | None:
    return split_run(run.replace(" ", ""), _spaced(run), LAYOUT, LAYOUT.table(table))


def _spaced(run: str) -> list[bool]:
    out, gap = [], False
    for ch in run:
        if ch == " ":
            gap = True
            continue
        out.append(gap)
        gap = False
    return out


def test_row_digits_split_only_where_the_row_total_allows_one_way():
    assert _split("640020470") == ["64", "0", "0", "2", "0", "4", "70"]
    assert _split("0000000") == ["0"] * 7
    assert _split("220000325") is None  # 22 0 0 0 0 3 25 and 2 20 0 0 0 3 25 both add up: not guessed
    assert _split("5 0 0 0 0 0 4") == ["5", "0", "0", "0", "0", "0", "4"]  # printed apart: read as printed
    assert _split("12 0 00 0 121") is None  # spaces that do not part the cells, and no split adds up
    assert _split("10203120001200000", "四") == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12"] + ["0"] * 5
    assert _split("2293", "二(五)") == ["2293"] and _split("24252.311082", "二(八)") == ["24252.311082"]
    assert _split("693665", "二(一)") is None and _split("000", "二(一)") == ["0", "0", "0"]


def _page(rows: dict[str, str], table4: str = "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", heading4: str = "四、政府信息公开行政复议、行政诉讼情况") -> str:
    t3 = LAYOUT.table("三")
    body = ""
    printed_groups: set[str] = set()
    for row in t3.rows:
        for part in row.path[:-1]:
            if part not in printed_groups:
                body += part
                printed_groups.add(part)
        body += row.path[-1] + rows.get(row.id, "0000000")
    return ("某镇人民政府2022年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求编制本报告。"
            "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。一、总体情况 2022年，我镇全年主动公开政府信息120条。"
            "全年收到政府信息公开申请15件。 二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
            "规章000行政规范性文件693665第二十条第（五）项信息内容本年处理决定数量行政许可12第二十条第（六）项信息内容本年处理决定数量"
            "行政处罚3行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0 三、收到和处理政府信息公开申请情况"
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构"
            f"社会公益组织法律服务机构其他{body}{heading4}行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
            f"结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计{table4}五、存在的主要问题及改进情况 "
            "一是公开不够及时。下一步将加强培训。 六、其他需要报告的事项 本年度未收取信息处理费。")


def test_one_line_page_is_read_row_by_row_and_a_result_slip_still_shows():
    # 新收 12 + 3 = 15 and （七）总计 the same, but the results add to 3 (自然人): a slip across rows, not chosen away.
    rows = {"new": "123000015", "granted": "1000001", "unable_not_held": "1000001", "result_total": "123000015",
            "partial": "1000001"}
    report = parse_report(_page(rows))
    findings = check_report(report)
    assert report.tables.value("三", "new", "natural") == Decimal(12)
    assert report.tables.value("三", "new", "business") == Decimal(3)
    assert report.tables.value("四", "cases", "review_total") == Decimal(0)
    assert {s.number for s in report.sections} == {"一", "二", "三", "四", "五", "六"}
    errors = {f.rule for f in findings if f.severity == ERROR}
    assert errors == {"t3.result_total"}, [f.message for f in findings if f.severity == ERROR]
    told = [f for f in findings if f.rule == "parse.run_together"]
    assert len(told) == 1 and "“123000015”拆为 12、3、0、0、0、0、15" in told[0].message


def test_digits_that_read_several_ways_are_one_reminder_per_table_and_no_error():
    report = parse_report(_page({"new": "220000325", "result_total": "220000325", "unable_not_held": "220000325"}))
    findings = check_report(report)
    assert not [f for f in findings if f.severity == ERROR], [f.message for f in findings if f.severity == ERROR]
    cell = report.tables.cell("三", "new", "natural")
    assert cell is not None and cell.kind == "unsplit" and report.tables.value("三", "new", "natural") is None
    unsplit = [f for f in findings if f.rule == "cell.run_together"]
    assert [f.table for f in unsplit] == ["表二「第二十条第（一）项」", "表三"]
    assert "“220000325”" in unsplit[1].message and "无法确定各列数值" in unsplit[1].message
    assert not [f for f in findings if f.rule in ("cell.blank", "row.missing")]


def test_misprinted_heading_run_into_its_table_header_is_still_a_heading():
    report = parse_report(_page({}, heading4="四、政府信息公开行政法复议、行政诉讼情况"))
    findings = check_report(report)
    assert "四" in {s.number for s in report.sections}
    assert [f.actual for f in findings if f.rule == "report.section_title"] == ["四、政府信息公开行政法复议、行政诉讼情况"]


def test_the_unsplit_mark_is_a_cell_of_its_own():
    assert parse_cell("〔220000325〕").kind == "unsplit" and parse_cell("〔〕").kind == "unsplit"


def test_ordinary_tables_are_left_as_they_are():
    text = "规章\t0\t0\t0\n行政规范性文件\t1\t0\t5\n"
    assert unrun_tables(text, LAYOUT).text == text
    printed_apart = "第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 12345.67 第二十条第（六）项 行政处罚 3 行政强制 0"
    assert unrun_tables(printed_apart, LAYOUT).text == printed_apart  # nothing run together: left to the table parser
    prose = "全年因政府信息公开被申请行政复议 2 件，其中尚未审结总计5件。" * 8
    assert unrun_tables(prose, LAYOUT).text == prose  # too few digits for 表四's 15 cells: prose, not a table


def test_real_one_line_pages_have_no_false_errors_and_the_slips_show():
    for year in (2019, 2021, 2023, 2024, 2025):  # no number slip in any of them (a reviewer read each by hand)
        _, _, findings = check_file(REAL / f"{year}_平潭综合实验区管委会.txt")
        assert not [f for f in findings if f.severity == ERROR], [f.message for f in findings if f.severity == ERROR]
    _, _, findings = check_file(REAL / "2020_平潭综合实验区管委会.txt")
    slips = [f for f in findings if f.rule == "t3.result_total"]
    assert sorted((f.column, f.expected, f.actual) for f in slips) == [("总计", "27", "21"), ("自然人", "26", "20")]
    ts, _, findings = check_file(REAL / "2021_平潭综合实验区管委会.txt")
    assert [ts.value("三", "new", c) for c in ("natural", "other", "total")] == [64, 4, 70]
    assert "“270020130”" in next(f.message for f in findings if f.rule == "cell.run_together" and f.table == "表三")
    ts, _, _ = check_file(REAL / "2024_平潭综合实验区管委会.txt")  # 表四 “21317000001324019”: one reading only
    assert [ts.value("四", "cases", c) for c in ("review_total", "direct_total", "after_upheld", "after_total")] == [7, 0, 13, 19]


def test_a_page_stored_as_one_line_is_not_blanked_as_site_chrome():
    from assistant.report.parse import normalize_report_text

    page = "当前位置： 首页>政务公开>年报 某镇2022年报告 " + "根据《中华人民共和国政府信息公开条例》编制本报告。" * 12
    assert "编制本报告" in normalize_report_text(page)[0]  # the breadcrumbs open the one line that holds everything
    assert normalize_report_text("当前位置： 首页>政务公开>年报\n正文。")[0].split("\n")[0] == ""  # a chrome line alone
