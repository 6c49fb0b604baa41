"""The overview's charts, drawn offline with matplotlib (Agg) as SVG with the text as outlines: findings by rule,
agencies ranked by 错误, indicator distributions, year-over-year changes of the key figures."""

from __future__ import annotations

import io
from collections import Counter
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

from ..findings import ERROR, WARNING
from .run import ReviewResult

RED, AMBER, BLUE, GREY = "#c0392b", "#e6a23c", "#2f6fb0", "#9aa5b1"


@lru_cache(maxsize=4)
def cjk_font(preferred: tuple[str, ...]) -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in preferred if name in installed), None)


def _setup(result: ReviewResult) -> None:
    font = cjk_font(tuple(result.config.chart_fonts))
    plt.rcParams.update({"svg.fonttype": "path", "axes.unicode_minus": False, "font.size": 9,
                         "font.family": [font] if font else ["DejaVu Sans"], "svg.hashsalt": "review"})


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def by_rule(result: ReviewResult) -> str | None:
    counts: Counter = Counter()
    for a in result.agencies:
        for i in a.open_items:
            counts[result.config.rule_name(i.finding.rule)] += 1
    if not counts:
        return None
    top = counts.most_common(15)[::-1]
    fig, ax = plt.subplots(figsize=(6.4, 0.3 * len(top) + 0.9))
    ax.barh([k for k, _ in top], [v for _, v in top], color=BLUE)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("各规则的问题数")
    ax.set_xlabel("问题数")
    return _svg(fig)


def ranked(result: ReviewResult, n: int = 20) -> str | None:
    rows = sorted(result.agencies, key=lambda a: (-a.count(ERROR), -a.count(WARNING), a.label))[:n]
    rows = [a for a in rows if a.count(ERROR) or a.count(WARNING)][::-1]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 0.3 * len(rows) + 0.9))
    labels = [a.label[:16] for a in rows]
    errors = [a.count(ERROR) for a in rows]
    ax.barh(labels, errors, color=RED, label=ERROR)
    ax.barh(labels, [a.count(WARNING) for a in rows], left=errors, color=AMBER, label=WARNING)
    ax.set_title(f"问题最多的 {len(rows)} 个机关（按错误数排序）")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower right")
    return _svg(fig)


def indicators(result: ReviewResult) -> str | None:
    inds = result.config.indicators
    values = {i.id: [v for a in result.agencies if (v := a.indicators.get(i.id)) is not None] for i in inds}
    if not any(values.values()):
        return None
    fig, axes = plt.subplots(1, len(inds), figsize=(3.0 * len(inds), 2.6), squeeze=False)
    for ax, ind in zip(axes[0], inds):
        ax.hist([v * 100 for v in values[ind.id]], bins=10, range=(0, 100), color=BLUE)
        for bound in (ind.low, ind.high):
            if bound is not None:
                ax.axvline(bound * 100, color=RED, linestyle="--", linewidth=1)
        ax.set_title(f"{ind.name}（{len(values[ind.id])} 个机关）")
        ax.set_xlabel("%")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[0][0].set_ylabel("机关数")
    fig.tight_layout()
    return _svg(fig)


def year_over_year(result: ReviewResult) -> str | None:
    pairs = [a for a in result.agencies if a.last is not None]
    if not pairs:
        return None
    names, before, after = [], [], []
    for k, fig_spec in enumerate(result.config.key_figures):
        both = [a.figures[k] for a in pairs if a.figures[k].last is not None and a.figures[k].this is not None]
        if not both:
            continue
        names.append(fig_spec.name)
        before.append(float(sum(f.last for f in both if f.last is not None)))
        after.append(float(sum(f.this for f in both if f.this is not None)))
    if not names:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    xs = range(len(names))
    ax.bar([x - 0.2 for x in xs], before, width=0.4, color=GREY, label="上年")
    ax.bar([x + 0.2 for x in xs], after, width=0.4, color=BLUE, label="本年")
    for x, b, a in zip(xs, before, after):
        if b:
            ax.annotate(f"{(a - b) / b:+.0%}", (x + 0.2, a), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(list(xs), names, fontsize=8)
    ax.set_title(f"主要数字的年度变化（{len(pairs)} 个机关合计）")
    ax.legend()
    return _svg(fig)


def all_charts(result: ReviewResult) -> dict[str, str]:
    """Chart title → SVG text (charts with nothing to show are left out)."""
    _setup(result)
    out = {}
    for title, draw in (("按规则统计", by_rule), ("机关排名", ranked), ("风险指标分布", indicators),
                        ("年度变化", year_over_year)):
        svg = draw(result)
        if svg:
            out[title] = svg
    return out
