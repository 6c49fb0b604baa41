"""The `assistant` command."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .checks import check_tables
from .cli_io import err as _err
from .cli_io import output_file as _output_file
from .cli_io import write_failed as _write_failed
from .findings import count
from .layouts import all_layouts, part_titles
from .tables import TableSet, parse_tables_file
from .tables.render import render_csv, render_html, render_json, render_markdown
from .textfile import InputError

app = typer.Typer(help="政府信息公开年报助手", no_args_is_help=True, add_completion=False)

LAYOUT_IDS = [l.id for l in all_layouts()]


class Format(str, Enum):
    md = "md"
    html = "html"
    json = "json"
    csv = "csv"


def _layout_option(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in LAYOUT_IDS:
        raise typer.BadParameter(f"版式只能是 {'、'.join(LAYOUT_IDS)}")
    return value


def _year_option(value: Optional[int]) -> Optional[int]:
    from .workspace import YEAR_RANGE

    if value is not None and not (YEAR_RANGE[0] <= value <= YEAR_RANGE[1]):
        raise typer.BadParameter(f"年度“{str(value)[:24]}”不对，应为 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的四位年份")
    return value


@app.command("table")
def table_cmd(
    paste_file: Path = typer.Argument(..., help="粘贴的表格文本（也可为 JSON 或“行/列 = 值”文本）"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度", callback=_year_option),
    layout: Optional[str] = typer.Option(None, "--layout", help="版式：2019 或 2021（指定时优先）", callback=_layout_option),
    to: Format = typer.Option(Format.md, "--to", help="输出格式：md、html、json、csv"),
) -> None:
    """把粘贴的数字填入官方格式的统计表，并给出校验结果；有错误时退出码为 1，无法读取时为 2。"""
    try:
        ts = parse_tables_file(paste_file, year=year, layout=layout)
    except InputError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    findings = check_tables(ts)
    if to is Format.csv:
        sys.stdout.write(render_csv(ts))
        for f in findings:
            _err(f.line_text())
    else:
        sys.stdout.write({Format.md: render_markdown, Format.html: render_html, Format.json: render_json}[to](ts, findings))
    raise typer.Exit(1 if count(findings)["错误"] else 0)  # the exit codes of `check`


def _load_last(path: Path, year: Optional[int]) -> TableSet:
    from .report import load

    return load(path, year=year - 1 if year else None)[0]


@app.command("check")
def check_cmd(
    files: list[Path] = typer.Argument(..., help="要检查的文件或文件夹：整份年报（txt/pdf/docx/html）或统计表"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度", callback=_year_option),
    layout: Optional[str] = typer.Option(None, "--layout", help="版式：2019 或 2021", callback=_layout_option),
    last_year: Optional[Path] = typer.Option(None, "--last-year", help="上一年度的年报或统计表，用于跨年核对"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    summary: bool = typer.Option(False, "--summary", help="每份报告输出一行汇总（机关、年度、版式、错误数、提醒数）"),
    csv_path: Optional[Path] = typer.Option(None, "--csv", help="把汇总另存为 CSV 文件（Excel 可直接打开）"),
) -> None:
    """检查年报或统计表：勾稽关系、合计、正文数字与表格是否一致等；有错误时退出码为 1，有文件无法读取时为 2。"""
    from .checks.batch import SUMMARY_HEADER, check_paths

    if csv_path is not None:
        _output_file(csv_path, "汇总 CSV")
    last = None
    if last_year is not None:
        try:
            last = _load_last(last_year, year)
        except InputError as exc:
            _err(f"错误：上一年度文件无法读取：{exc}")
            raise typer.Exit(2) from None
    def show(entry) -> None:
        if as_json:
            return
        if entry.tables is None:
            _err(f"{entry.path}：无法读取：{entry.error}")
        elif not summary:
            c = entry.counts
            typer.echo(f"{entry.path}：按{entry.tables.spec.label}，错误 {c['错误']} 个，提醒 {c['提醒']} 个")
            for f in entry.findings:
                typer.echo(f"  {f.line_text()}")

    result = check_paths(files, year=year, layout=layout, last=last, on_result=show)
    if not result.files:
        _err("错误：没有找到可检查的文件（支持 .txt .md .pdf .docx .html .json）")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.public(), ensure_ascii=False, indent=2))
    elif summary:
        typer.echo("\t".join(SUMMARY_HEADER))
        for row in result.summary_rows():
            typer.echo("\t".join(str(x) for x in row))
    if csv_path is not None:
        try:
            result.write_csv(csv_path)
        except OSError as exc:
            _write_failed(csv_path, exc)
        if not as_json:
            _err(f"汇总已保存到 {csv_path}")
    raise typer.Exit(result.exit_code)




def _kb():
    from .knowledge.store import KnowledgeError, open_checked
    from .settings import get_settings

    try:
        kb = open_checked(get_settings(), log=_err)
    except KnowledgeError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    return kb


@app.command("ingest")
def ingest_cmd(
    paths: list[Path] = typer.Argument(None, help="要加入知识库的文件或文件夹（默认知识库目录 corpus/，可用 ASSISTANT_CORPUS_DIR 指定）"),
    rebuild: bool = typer.Option(False, "--rebuild", help="清空后重建索引（更换嵌入模型后需要）"),
) -> None:
    """把条例、格式通知和历年年报加入知识库（只处理新增或改动的文件，删除已不存在的文件）。"""
    from .knowledge.store import KnowledgeError, open_checked
    from .settings import get_settings

    settings = get_settings()
    try:
        if rebuild:
            from .knowledge.store import drop_index

            drop_index(settings)
        kb = open_checked(settings, log=_err)
        result = kb.ingest(paths or [Path(settings.corpus_dir)], progress=sys.stderr.isatty())
    except (KnowledgeError, InputError) as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    typer.echo(result.summary())
    raise typer.Exit(1 if result.failed else 0)


class DocType(str, Enum):
    regulation = "regulation"
    report = "report"
    notice = "notice"


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="检索内容，如“依申请公开的答复期限”"),
    k: int = typer.Option(5, "-k", help="返回条数"),
    doc_type: Optional[DocType] = typer.Option(None, "--type", help="只检索某类文档：regulation/report/notice"),
    year: Optional[int] = typer.Option(None, "--year", help="只检索某年度", callback=_year_option),
    agency: Optional[str] = typer.Option(None, "--agency", help="只检索某机关"),
    section: Optional[str] = typer.Option(None, "--section", help="只检索年报的某部分：一…六"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    no_model: bool = typer.Option(False, "--no-model", help="即使配置了模型，也不用它改写查询和重排结果"),
) -> None:
    """在知识库中检索（jieba BM25 + 同义词扩展 + 向量，倒数排名融合；配置了模型时另做查询改写和重排），每条结果附出处。"""
    from .knowledge.retrieval import HybridRetriever
    from .knowledge.store import KnowledgeError
    from .llm import model_from_settings

    kb = _kb()
    if kb.count() == 0:
        _err("知识库是空的：请先运行 assistant ingest")
        raise typer.Exit(2) from None
    if kb.stale_ids:
        _err("提醒：知识库的文档编号是旧的（与运行目录有关），请运行 assistant ingest 重建索引")
    try:
        retriever = HybridRetriever(kb, model=None if no_model else model_from_settings(kb.settings))
        hits = retriever.search(query, k=k, type=doc_type.value if doc_type else None, year=year, agency=agency,
                                section_no=section)
    except KnowledgeError as exc:  # the thesaurus file, the embedding endpoint
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    for note in retriever.notes:
        _err(f"提醒：{note}")
    if as_json:
        typer.echo(json.dumps({"query": query, "hits": [h.public() for h in hits], "notes": retriever.notes},
                              ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("没有找到相关内容")
    for i, h in enumerate(hits, 1):
        typer.echo(f"{i}. {h.labelled}  [{h.id}]\n   {h.snippet()}")


class ExportFormat(str, Enum):
    docx = "docx"
    md = "md"
    pdf = "pdf"


@app.command("export")
def export_cmd(
    source: str = typer.Argument(..., help="工作区（编号或机关名称），或一份年报文件（txt/pdf/docx/html）"),
    to: ExportFormat = typer.Option(ExportFormat.docx, "--to", help="docx（公文格式）、md 或 pdf（需安装 LibreOffice）"),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件"),
) -> None:
    """把整份年报导出为公文格式的 .docx、PDF 或 Markdown：六个部分依次排列，统计表用官方表头。
    导出前在标准错误输出列出尚存的错误和尚未定稿的部分；有错误也照样导出。"""
    from .errors import AssistantError
    from .export import from_report, from_workspace
    from .export.docx import export_docx
    from .export.markdown import export_markdown
    from .export.pdf import export_pdf
    from .export.review import review
    from .report import load
    from .settings import get_settings
    from .workspace import WorkspaceStore

    _output_file(output)
    path = Path(source)
    try:
        if path.exists():
            _, report = load(path)
            if report is None:
                _err(f"错误：{path} 不是整份年报（没有找到“一、总体情况”等部分），无法导出")
                raise typer.Exit(2) from None
            doc = from_report(report)
        else:
            ws = WorkspaceStore(get_settings().data_dir).find(source)
            if ws is None:
                _err(f"错误：没有找到文件或工作区“{source}”")
                raise typer.Exit(2) from None
            doc = from_workspace(ws)
        checked = review(doc)
        for line in checked.lines():
            _err(line)
        if to is ExportFormat.docx:
            export_docx(doc, output)
        elif to is ExportFormat.pdf:
            export_pdf(doc, output)
        else:
            export_markdown(doc, output)
    except AssistantError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    except OSError as exc:
        _write_failed(output, exc)
    typer.echo(f"已导出到 {output}（{checked.verdict()}）")


DraftSection = Enum("DraftSection", {key: key for key in part_titles(prose_only=True)}, type=str)  # type: ignore[misc]


@app.command("draft")
def draft_cmd(
    section: DraftSection = typer.Argument(..., help="起草哪一部分：" + "、".join(
        f"{key}（{title}）" for key, title in part_titles(prose_only=True).items())),
    facts_file: Path = typer.Option(..., "--facts", help="事实文件（YAML 或 JSON）"),
    stream: bool = typer.Option(False, "--stream", help="边生成边输出"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    no_retrieval: bool = typer.Option(False, "--no-retrieval", help="不检索范例和条文"),
) -> None:
    """起草年报的文字部分：检索范例和条文，调用模型（未配置时用离线起草），并逐一核对草稿中的数字。"""
    from .drafting.draft import draft_section
    from .drafting.facts import load_facts
    from .errors import AssistantError
    from .knowledge.retrieval import HybridRetriever
    from .knowledge.store import KnowledgeError, open_index
    from .llm import model_from_settings
    from .settings import get_settings

    settings = get_settings()
    try:
        facts = load_facts(facts_file)
    except InputError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    retriever = None
    if not no_retrieval:
        try:
            retriever = HybridRetriever(open_index(settings, log=_err))
        except KnowledgeError as exc:
            _err(f"提醒：知识库不可用（{exc}），本次不引用范例和条文")
    def echo_token(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    on_token = echo_token if stream and not as_json else None
    if not as_json:
        from .drafting.table_check import check_facts

        for f in check_facts(facts):  # before drafting: facts the pasted tables contradict
            _err(f"事实核对：{f.line_text()}")
    try:
        result = draft_section(facts, section.value, model_from_settings(settings), retriever=retriever,
                               on_token=on_token)
    except AssistantError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result.public(), ensure_ascii=False, indent=2))
        return
    if on_token is None or result.offline:
        if on_token is not None:
            typer.echo("")
        typer.echo(result.text)
    else:
        typer.echo("")
    _err(f"【{'离线草稿' if result.offline else '模型：' + result.model}｜提示词 {result.prompt_version}】")
    if result.notice:
        _err(result.notice)
    _err("数字核对：" + ("全部有依据" if not result.unverified_numbers else "找不到依据：" + "；".join(result.number_problems)))
    for f in result.table_findings:
        _err(f"统计表核对：{f.line_text()}")
    for s in result.sources:
        _err(f"参考：{s.labelled}")


from .cli_eval import eval_app  # noqa: E402  (its own module: the eval commands)

app.add_typer(eval_app, name="eval")
from .review.cli import review_cmd  # noqa: E402  (its own module: this file is long enough)

app.command("review")(review_cmd)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
