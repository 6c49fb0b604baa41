"""The `assistant` command."""

from __future__ import annotations

import json
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from .checks import check_tables
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


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _year_option(value: Optional[int]) -> Optional[int]:
    from .workspace import YEAR_RANGE

    if value is not None and not (YEAR_RANGE[0] <= value <= YEAR_RANGE[1]):
        raise typer.BadParameter(f"年度“{str(value)[:24]}”不对，应为 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的四位年份")
    return value


def _output_file(path: Path, what: str = "输出文件") -> Path:
    """A file the command is to write: its folder must exist and it must not itself be a folder (checked before any
    work is done, so nothing is lost to a typo)."""
    if path.is_dir():
        _err(f"错误：{path} 是文件夹，请给出{what}的文件名（如 {path / ('结果' + (path.suffix or '.docx'))}）")
        raise typer.Exit(2)
    folder = path.parent
    if not folder.is_dir():
        _err(f"错误：{what}所在的文件夹 {folder} 不存在，请先建立它或换一个位置")
        raise typer.Exit(2)
    return path


def _write_failed(path: Path, exc: OSError) -> None:
    _err(f"错误：无法写入 {path}：{exc.strerror or exc}")
    raise typer.Exit(2) from None


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


eval_app = typer.Typer(help="评测：起草（确定性指标、基线比较）与检索（召回率、MRR）", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _run_suite(kind: str, prompts: Optional[Path], model: Optional[str], repeat: int, concurrency: int,
               as_json: bool, baseline: Optional[Path], update_baseline: bool, tolerance: Optional[float],
               out: Optional[Path], k: int = 5, use_judge: bool = False) -> None:
    from .evals import drafting as ev
    from .evals.retrieval import eval_index, metrics, score_sets
    from .llm import model_from_settings
    from .settings import get_settings

    settings = get_settings()
    if model:
        settings = settings.model_copy(update={"model": model})
    chat_model = model_from_settings(settings)
    if chat_model is None and not as_json:
        _err("未配置模型：用离线起草评测")
    t0 = time.perf_counter()
    tmp, kb, retriever = eval_index(settings)
    try:
        run = ev.Run(summary={"metrics": {}})
        if kind in ("drafting", "all"):
            run = ev.run_drafting(chat_model, settings=settings, prompts_dir=prompts, repeat=repeat, concurrency=concurrency,
                                  retriever=retriever, kb=kb, progress=sys.stderr.isatty() and not as_json,
                                  use_judge=use_judge)
            from .evals.guard import run_guard_eval

            guard = run_guard_eval(Path(settings.evals_dir), Path(prompts or settings.prompts_dir))
            run.summary["metrics"].update(guard.pop("metrics"))
            guard["misses"] = guard["misses"][:50]
            run.summary["guard"] = guard
        if kind in ("retrieval", "all"):
            scores = score_sets(retriever, settings, k)
            run.summary["metrics"].update(metrics(scores))
            run.summary["retrieval_misses"] = {name: r.misses for name, r in scores.items()}
    finally:
        tmp.cleanup()
    run.summary["wall_seconds"] = round(time.perf_counter() - t0, 3)
    folder = ev.write_run(run, out or ev.default_run_folder(settings.data_dir))
    problems: list[str] = []
    if baseline is not None and not update_baseline:
        if not baseline.exists():
            _err(f"错误：找不到基线文件 {baseline}")
            raise typer.Exit(2) from None
        problems = ev.regressions(run, json.loads(baseline.read_text(encoding="utf-8")), tolerance)
    if update_baseline:
        target = baseline or ev.baseline_path(settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = ev.baseline_of(run, tolerance if tolerance is not None else ev.DEFAULT_TOLERANCE)
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if as_json:
        typer.echo(json.dumps({**run.summary, "run": str(folder), "regressions": problems}, ensure_ascii=False, indent=2))
    else:
        m = run.summary["metrics"]
        typer.echo(f"评测结果（{run.summary.get('model', '')}，{run.summary.get('cases', 0)} 个用例，"
                   f"用时 {run.summary['wall_seconds']:.1f} 秒）：")
        for name, value in m.items():
            typer.echo(f"  {name}: {value:.3f}")
        if run.summary.get("guard"):
            g: dict = run.summary["guard"]
            typer.echo(f"  数字防护评测：注入错误 {g['injected']} 处（{len(g['kinds'])} 类），查出 {g['flagged']} 处，"
                       f"召回率 {g['flagged'] / max(g['injected'], 1):.3f}；{g['references']} 篇正确参考稿误报率 "
                       f"{g['false_flag_rate']:.3f}")
            for kind, row in g["kinds"].items():
                typer.echo(f"    {kind}: 注入 {row['injected']}，查出 {row['flagged']}，召回率 {row['recall']:.3f}")
        if run.summary.get("judge"):
            typer.echo("  模型评分（单独报告，不计入上列指标）：" + "，".join(f"{k} {v:.2f}" for k, v in run.summary["judge"].items()))
        if run.summary.get("faults"):
            typer.echo(f"  模型出错的用例：{run.summary['faults']} 次（已记录在各用例结果中）")
        typer.echo(f"结果保存在 {folder}")
        if update_baseline:
            typer.echo(f"已更新基线 {baseline or ev.baseline_path(settings)}")
        for p in problems:
            typer.echo(f"退步：{p}")
        if baseline is not None and not update_baseline and not problems:
            typer.echo(f"与基线 {baseline} 相比没有退步")
    if problems:
        raise typer.Exit(1)


def _suite_command(kind: str, doc: str):
    def command(
        prompts: Optional[Path] = typer.Option(None, "--prompts", help="提示词目录（默认 prompts/）"),
        model: Optional[str] = typer.Option(None, "--model", help="模型名称（覆盖设置）"),
        repeat: int = typer.Option(1, "--repeat", help="每个用例重复次数"),
        concurrency: int = typer.Option(1, "--concurrency", help="并发数"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
        baseline: Optional[Path] = typer.Option(None, "--baseline", help="与此基线比较，任一指标下降超过容差时退出码为 1"),
        update_baseline: bool = typer.Option(False, "--update-baseline", help="把本次结果写为基线"),
        tolerance: Optional[float] = typer.Option(None, "--tolerance", help="容差（默认取基线文件中的值）"),
        out: Optional[Path] = typer.Option(None, "--out", help="结果文件夹（默认 data/eval-runs/时间）"),
        k: int = typer.Option(5, "-k", help="检索召回率的截断位置"),
        use_judge: bool = typer.Option(False, "--judge", help="另请模型按文风、语体、简洁评分（只在配置了模型时；单独报告）"),
    ) -> None:
        _run_suite(kind, prompts, model, repeat, concurrency, as_json, baseline, update_baseline, tolerance, out, k, use_judge)

    command.__doc__ = doc
    return command


eval_app.command("drafting")(_suite_command("drafting", "运行 evals/cases/ 的起草用例，按确定性指标打分。"))
eval_app.command("all")(_suite_command("all", "起草用例与检索查询一起评测。"))


@eval_app.command("checks")
def eval_checks_cmd(
    corpus: Path = typer.Option(Path("tests/real"), "--corpus", help="真实年报语料文件夹（每份报告旁有 .expect.yaml）"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    show_all: bool = typer.Option(False, "--all", help="逐份列出全部报告（默认只列有漏报或误报的）"),
    min_recall: Optional[float] = typer.Option(None, "--min-recall", help="召回率低于此值时退出码为 1"),
    strict_clean: bool = typer.Option(False, "--strict-clean", help="标为无问题的报告出现任何误报错误时退出码为 1"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="与基线比较：原先发现的问题漏掉或出现新误报时退出码为 1"),
    update_baseline: bool = typer.Option(False, "--update-baseline", help="把本次结果写为基线"),
) -> None:
    """在真实年报语料上评测检查器：打印召回率（标注的问题找到多少）和错误的准确率（误报逐条列出）。"""
    from .evals.checks import regressions, run_checks_eval

    try:
        run = run_checks_eval(corpus)
    except InputError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    s = run.summary()
    problems = regressions(run, json.loads(baseline.read_text(encoding="utf-8"))) if baseline and baseline.exists() \
        and not update_baseline else []
    if as_json:
        typer.echo(json.dumps({**s, "docs": [d.model_dump() for d in run.docs], "regressions": problems},
                              ensure_ascii=False, indent=2))
    else:
        for d in run.docs:
            if not (show_all or d.missed or d.false_errors):
                continue
            typer.echo(f"{d.name}（{'节选' if d.form == 'excerpt' else '全文'}）：标注 {len(d.found) + len(d.missed)} 处，"
                       f"找到 {len(d.found)} 处，错误 {d.errors} 个，误报 {len(d.false_errors)} 个")
            for m in d.missed:
                typer.echo(f"  漏报：{m}")
            for e in d.false_errors:
                typer.echo(f"  误报：{e}")
        typer.echo(f"检查器评测：{s['documents']} 份真实年报，标注问题 {s['labelled_slips']} 处，找到 {s['found']} 处，"
                   f"召回率 {s['recall']:.3f}；错误 {s['errors']} 个，其中误报 {s['false_errors']} 个，"
                   f"准确率 {s['error_precision']:.3f}；未纳入检查范围的标注 {s['out_of_scope']} 处")
        if s["clean_with_errors"]:
            typer.echo(f"标为无问题却报了错误的报告：{'、'.join(s['clean_with_errors'])}")
        for p in problems:
            typer.echo(f"回退：{p}")
    if update_baseline and baseline is not None:
        baseline.parent.mkdir(parents=True, exist_ok=True)
        baseline.write_text(json.dumps({**s, "docs": [d.model_dump() for d in run.docs]}, ensure_ascii=False, indent=2) + "\n",
                            encoding="utf-8")
        typer.echo(f"基线已更新：{baseline}")
    failed = bool(problems) or (min_recall is not None and run.recall < min_recall) \
        or (strict_clean and bool(s["clean_with_errors"]))
    if failed:
        raise typer.Exit(1)


@eval_app.command("retrieval")
def eval_retrieval_cmd(
    k: int = typer.Option(5, "-k", help="召回率的截断位置"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    min_recall: Optional[float] = typer.Option(None, "--min-recall",
                                               help="条文用语或日常问法一组的召回率低于此值时退出码为 1（留出组只报告）"),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="与此基线比较，任一查询集的召回率或 MRR 下降超过容差时退出码为 1"),
    tolerance: Optional[float] = typer.Option(None, "--tolerance", help="容差（默认取基线文件中的值）"),
    no_model: bool = typer.Option(False, "--no-model", help="即使配置了模型，也只评测离线检索"),
) -> None:
    """用 evals/retrieval/ 的标注查询评测检索：queries.yaml（条文用语）、paraphrased.yaml（日常问法）、holdout.yaml
    （日常问法·留出，现作开发集）和 holdout2.yaml（日常问法·留出二，从未用于调参），每组分别打印 recall@k 和 MRR。"""
    from .evals import drafting as ev
    from .evals.retrieval import SET_NAMES, TARGET_SETS, metrics, run
    from .llm import model_from_settings
    from .settings import get_settings

    settings = get_settings()
    scores = run(settings, k=k, model=None if no_model else model_from_settings(settings))
    problems: list[str] = []
    if baseline is not None:
        if not baseline.exists():
            _err(f"错误：找不到基线文件 {baseline}")
            raise typer.Exit(2) from None
        base = json.loads(baseline.read_text(encoding="utf-8"))
        ours = metrics(scores)
        base = {**base, "metrics": {m: v for m, v in base.get("metrics", {}).items() if m in ours}, "cases": {}}
        problems = ev.regressions(ev.Run(summary={"metrics": ours}), base, tolerance)
    wording = scores["wording"]
    if as_json:
        typer.echo(json.dumps({**wording.public(), "sets": {name: s.public() for name, s in scores.items()},
                               "metrics": metrics(scores), "regressions": problems}, ensure_ascii=False, indent=2))
    else:
        for name, result in scores.items():
            typer.echo(f"检索评测（{SET_NAMES[name]}，{name}）：{result.n} 条查询，recall@{k} = {result.recall:.3f}，"
                       f"MRR = {result.mrr:.3f}，用时 {result.seconds:.2f} 秒")
            for m in result.misses:
                typer.echo(f"  未命中：{m['query']}（应为 {m['expect']}）")
        for p in problems:
            typer.echo(f"退步：{p}")
        if baseline is not None and not problems:
            typer.echo(f"与基线 {baseline} 相比没有退步")
    if problems or (min_recall is not None and any(s.recall < min_recall for n, s in scores.items() if n in TARGET_SETS)):
        raise typer.Exit(1)


@eval_app.command("compare")
def eval_compare_cmd(
    run_a: Path = typer.Argument(..., help="评测结果文件夹 A"),
    run_b: Path = typer.Argument(..., help="评测结果文件夹 B"),
    output: Path = typer.Option(Path("eval-compare.html"), "-o", "--output", help="输出的 HTML 文件"),
) -> None:
    """生成两次评测的对比页面（HTML，单文件）：逐个用例并排显示草稿，标出找不到依据的数字和指标变化。"""
    from .evals.compare import compare_runs

    _output_file(output, "对比页面")
    try:
        page = compare_runs(run_a, run_b)
    except (FileNotFoundError, InputError) as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(2) from None
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        _write_failed(output, exc)
    typer.echo(f"对比页面已保存到 {output}")


from .review.cli import review_cmd  # noqa: E402  (its own module: this file is long enough)

app.command("review")(review_cmd)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
