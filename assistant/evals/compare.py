"""`assistant eval compare RUN_A RUN_B`: a self-contained HTML page, the two drafts of every case side by side
with unbacked numbers highlighted, metric deltas and the prompt versions used."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..drafting.numbers import numbers_in
from ..errors import InputError
from .metrics import METRICS


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputError(f"{path} 无法读取，不是有效的评测结果（{str(exc)[:100]}）") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} 不是有效的评测结果（应为 JSON 对象）")
    return data


def _load(folder: Path) -> tuple[dict, dict[str, dict]]:
    folder = Path(folder)
    summary_path = folder / "summary.json"
    if not summary_path.exists():
        raise FileNotFoundError(f"{folder} 不是评测结果文件夹（缺少 summary.json）")
    summary = _read(summary_path)
    if not isinstance(summary.get("metrics", {}), dict):
        raise InputError(f"{summary_path} 的“metrics”应为键值结构")
    cases = {}
    for p in sorted(folder.glob("*.json")):
        if p.name != "summary.json":
            data = _read(p)
            if not isinstance(data.get("id"), str):
                raise InputError(f"{p} 不是有效的用例结果（缺少“id”）")
            cases[data["id"]] = data
    return summary, cases


def compare_runs(a: Path, b: Path) -> str:
    """The comparison page; an InputError (Chinese, naming the folder) when a result is incomplete."""
    try:
        return _page(a, b)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
        raise InputError(f"评测结果不完整或格式不对（{a} 或 {b}：缺少或错误的“{exc}”）") from None


def _marked(text: str, unbacked: list[str]) -> str:
    out = html.escape(text)
    for n in sorted(set(unbacked), key=len, reverse=True):
        out = out.replace(html.escape(n), f'<mark title="找不到依据">{html.escape(n)}</mark>')
    return out.replace("\n", "<br>")


def _delta(a: float, b: float) -> str:
    d = b - a
    cls = "up" if d > 0 else "down" if d < 0 else "same"
    return f'<td class="{cls}">{a:.3f} → {b:.3f}{"" if d == 0 else f"（{d:+.3f}）"}</td>'


def _page(a: Path, b: Path) -> str:
    sa, ca = _load(a)
    sb, cb = _load(b)
    rows = "".join(f"<tr><th>{m}</th>{_delta(sa['metrics'].get(m, 0), sb['metrics'].get(m, 0))}</tr>" for m in METRICS)
    parts = [f"<h1>评测对比</h1><p>A：{html.escape(str(a))}（{html.escape(sa.get('model', ''))}，"
             f"{html.escape('、'.join(sa.get('prompt_versions', [])))}）<br>B：{html.escape(str(b))}（"
             f"{html.escape(sb.get('model', ''))}，{html.escape('、'.join(sb.get('prompt_versions', [])))}）</p>",
             f"<h2>总体</h2><table>{rows}</table>"]
    for case_id in sorted(set(ca) | set(cb)):
        x, y = ca.get(case_id), cb.get(case_id)
        parts.append(f'<h2 id="{html.escape(case_id)}">{html.escape(case_id)}</h2>')
        if x is None or y is None:
            parts.append(f"<p>只在 {'B' if x is None else 'A'} 中有此用例</p>")
            continue
        metrics = "".join(f"<tr><th>{m}</th>{_delta(x['metrics'][m], y['metrics'][m])}</tr>" for m in METRICS)
        rx, ry = x["runs"][0], y["runs"][0]
        cols = []
        for label, r in (("A", rx), ("B", ry)):
            cols.append(f'<div class="draft"><h3>{label}：{html.escape(r["prompt_version"])}｜{html.escape(r["model"])}</h3>'
                        f'<p>{_marked(r["text"], r["details"]["unbacked_numbers"])}</p>'
                        + (f'<p class="fault">{html.escape(r["fault"])}</p>' if r.get("fault") else "") + "</div>")
        parts.append(f'<table>{metrics}</table><div class="pair">{"".join(cols)}</div>')
    style = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:3px 8px}"
             ".pair{display:flex;gap:1em}.draft{flex:1;border:1px solid #ccc;padding:.5em}mark{background:#fbb}"
             ".up{color:#060}.down{color:#a00;font-weight:bold}.fault{color:#a00}")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>评测对比</title><style>{style}</style>'
            f"</head><body>{''.join(parts)}</body></html>\n")


__all__ = ["compare_runs", "numbers_in"]
