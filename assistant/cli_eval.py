"""The `assistant eval` commands (registered in assistant/cli.py): drafting, checks and retrieval evals, and the
comparison page."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer

from .cli_io import err as _err
from .cli_io import output_file as _output_file
from .cli_io import write_failed as _write_failed
from .textfile import InputError

eval_app = typer.Typer(help="评测：起草（确定性指标、基线比较）与检索（召回率、MRR）", no_args_is_help=True)


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
