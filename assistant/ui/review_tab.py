"""审阅: many reports at once (this year's and, optionally, last year's), the region's charts and per-agency list,
each agency's findings, 不是问题 / 确认 on a finding, and a rerun (unchanged files come from the cache)."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import gradio as gr

from ..errors import InputError
from ..review.decisions import CONFIRMED, DISMISSED, set_decision
from .uploads import received

REPORT_TYPES = [".txt", ".md", ".pdf", ".docx", ".html", ".htm"]
AGENCY_HEAD = ["机关", "文件", "角色", "上年报告", "错误", "提醒", "已排除"]


def _paths(files) -> tuple[list[Path], list[str]]:
    got = received(files)
    return got.files, got.refused


def _charts_html(result) -> str:
    from ..review.charts import all_charts

    charts = all_charts(result)
    if not charts:
        return "<p>没有可画的图表。</p>"
    return f"<style>{CSS}</style><div class='review-charts'>" + "".join(
        f"<div class='review-chart'><h4>{html.escape(t)}</h4>{svg}</div>" for t, svg in charts.items()) + "</div>"


def _agency_rows(result) -> list[list]:
    from ..review.overview_html import overview_rows

    head, rows = overview_rows(result)
    ix = [head.index(h) for h in AGENCY_HEAD]
    return [[row[i] for i in ix] for row in rows]


def _findings_html(result, label: str | None) -> str:
    a = result.agency(label) if label else None
    if a is None:
        return "<p>请选择机关。</p>"
    if not a.items:
        return f"<p>{html.escape(a.label)}：未发现问题。</p>"
    rows = []
    for i in a.items:
        f = i.finding
        state = f"{i.decision}{'：' + i.reason if i.reason else ''}"
        cls = " class='dismissed'" if i.dismissed else ""
        rows.append(f"<tr{cls} data-fp='{i.fingerprint}'><td class='{f.severity}'>{f.severity}</td>"
                    f"<td>{html.escape(result.config.rule_name(f.rule))}</td><td>{html.escape(f.where())}</td>"
                    f"<td>{html.escape(f.message)}</td><td>{html.escape(state)}</td><td><code>{i.fingerprint}</code></td></tr>")
    return (f"<style>{CSS}</style><h4>{html.escape(a.label)}：错误 {a.count('错误')} 个，提醒 {a.count('提醒')} 个</h4>"
            "<table class='review-findings'><tr><th>严重程度</th><th>规则</th><th>位置</th><th>问题</th><th>审阅</th><th>指纹</th></tr>"
            + "".join(rows) + "</table>")


def _finding_choices(result, label: str | None) -> list[tuple[str, str]]:
    a = result.agency(label) if label else None
    return [(f"{i.fingerprint}｜{i.finding.message[:50]}", i.fingerprint) for i in (a.items if a else [])]


def _summary(result, refused: list[str]) -> str:
    t = result.totals()
    p = result.pairing
    parts = [f"审阅 {len(result.agencies) + len(result.unreadable)} 份报告（新读取 {result.processed} 份，沿用缓存 "
             f"{result.cached} 份）：错误 {t['错误']} 个，提醒 {t['提醒']} 个。"]
    if result.has_last_year:
        parts.append(f"与上年报告配对 {len(p.pairs)} 份；本年未找到上年报告的：{'、'.join(e.label for e in p.unmatched) or '无'}。")
    parts += [f"无法读取：{e.name}：{e.error}" for e in result.unreadable]
    parts += [f"未接收：{r}" for r in refused]
    return "<div id='review-summary-text'>" + "".join(f"<p>{html.escape(x)}</p>" for x in parts) + "</div>"


_RESULTS: dict[str, object] = {}  # output folder → its last result (the agency picker reads it)


def _run(state: dict, label: str | None = None):
    from ..review import review

    result = review(state["this"], out=Path(state["out"]), last_year=state["last"] or None,
                    parent=state.get("parent") or None, jobs=2, isolated=True)
    _RESULTS[state["out"]] = result
    while len(_RESULTS) > 8:  # a few sessions' results, not every one since the app started
        _RESULTS.pop(next(iter(_RESULTS)))
    labels = sorted(a.label for a in result.agencies)
    label = label if label in labels else (labels[0] if labels else None)
    files = [str(p) for p in (result.out / "审阅总览.html", result.out / "审阅总览.xlsx", result.decisions_path) if p.exists()]
    return (_summary(result, state.get("refused", [])), _charts_html(result), _agency_rows(result),
            gr.update(choices=labels, value=label), _findings_html(result, label),
            gr.update(choices=_finding_choices(result, label), value=None), files, state)


def start(this_files, last_files, parent_file, parent_name, state):
    this, refused = _paths(this_files)
    last, refused_last = _paths(last_files)
    if not this:
        raise gr.Error("请先上传本年度的年报文件（txt、pdf、docx、html）")
    parent = None
    if parent_file:
        yaml_files, refused_yaml = _paths([parent_file])
        refused_last += refused_yaml
        parent = str(yaml_files[0]) if yaml_files else None
    elif parent_name and parent_name.strip():
        parent = parent_name.strip()
    state = {"this": this, "last": last, "parent": parent, "refused": refused + refused_last,
             "out": (state or {}).get("out") or tempfile.mkdtemp(prefix="审阅-")}
    try:
        return _run(state)
    except InputError as exc:
        raise gr.Error(str(exc)) from None


def rerun(state, label):
    if not state:
        raise gr.Error("请先上传年报并开始审阅")
    try:
        return _run(state, label)
    except InputError as exc:
        raise gr.Error(str(exc)) from None


def decide(state, label, fp, reason, decision):
    if not state or not fp:
        raise gr.Error("请先选择一个问题")
    try:
        set_decision(Path(state["out"]) / "审阅决定.csv", fp, decision, (reason or "").strip())
        return _run(state, label)
    except InputError as exc:
        raise gr.Error(str(exc)) from None


def show_agency(state, label):
    result = _RESULTS.get((state or {}).get("out", ""))
    if result is None:
        return "<p>请先开始审阅。</p>", gr.update(choices=[], value=None)
    return _findings_html(result, label), gr.update(choices=_finding_choices(result, label), value=None)


CSS = """
.review-charts{display:flex;flex-wrap:wrap;gap:12px}.review-chart{border:1px solid #e1e4e8;padding:6px;max-width:640px}
.review-chart svg{max-width:100%;height:auto}table.review-findings tr.dismissed td{color:#8a949e;text-decoration:line-through}
"""


def build() -> None:
    state = gr.State({})
    with gr.Row():
        this_files = gr.File(label="本年度年报（可多选，或整个文件夹的文件）", file_count="multiple", file_types=REPORT_TYPES,
                             elem_id="review-this")
        last_files = gr.File(label="上一年度年报（可选，用于跨年比对）", file_count="multiple", file_types=REPORT_TYPES,
                             elem_id="review-last")
    with gr.Row():
        parent_file = gr.File(label="汇总关系（可选，YAML：汇总报告: [成员单位…]）", file_types=[".yaml", ".yml"],
                              elem_id="review-parent-file")
        parent_name = gr.Textbox(label="或：汇总报告的机关名称（其余报告均为其成员单位）", elem_id="review-parent")
    with gr.Row():
        go = gr.Button("开始审阅", variant="primary", elem_id="review-run")
        again = gr.Button("重新审阅", elem_id="review-rerun")
    summary = gr.HTML(elem_id="review-summary")
    charts = gr.HTML(elem_id="review-charts")
    agencies = gr.Dataframe(headers=AGENCY_HEAD, label="各机关", interactive=False, elem_id="review-agencies")
    agency = gr.Dropdown(label="查看机关", choices=[], elem_id="review-agency")
    findings = gr.HTML(elem_id="review-findings")
    with gr.Row():
        finding = gr.Dropdown(label="问题", choices=[], elem_id="review-finding")
        reason = gr.Textbox(label="理由", elem_id="review-reason")
    with gr.Row():
        dismiss = gr.Button("不是问题", elem_id="review-dismiss")
        confirm = gr.Button("确认", elem_id="review-confirm")
    downloads = gr.File(label="下载：总览（HTML、Excel）和审阅决定（CSV）", file_count="multiple", elem_id="review-downloads")
    outputs = [summary, charts, agencies, agency, findings, finding, downloads, state]
    go.click(start, [this_files, last_files, parent_file, parent_name, state], outputs)
    again.click(rerun, [state, agency], outputs)
    dismiss.click(lambda s, a, f, r: decide(s, a, f, r, DISMISSED), [state, agency, finding, reason], outputs)
    confirm.click(lambda s, a, f, r: decide(s, a, f, r, CONFIRMED), [state, agency, finding, reason], outputs)
    agency.input(show_agency, [state, agency], [findings, finding])
