"""Time and peak memory for the largest input of each kind that the limits (assistant/limits.py) still accept, each
measured in a fresh process, read and checked as `assistant check` does; and the cost of the UI's worker process.

    python bench/bench_limits.py            # all kinds
    python bench/bench_limits.py paste      # one kind
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import limits  # noqa: E402
from tests.adversarial import bombs  # noqa: E402

SEED = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"
KINDS = ["txt", "line", "paste", "labels", "docx", "pdf", "html", "flat", "facts", "worker"]


def _long_report() -> str:
    """The seed report with its part 五 repeated up to the line and character limits."""
    seed = SEED.read_text(encoding="utf-8")
    cut = seed.index("六、")
    filler = "本机关将进一步加强政府信息公开工作，完善制度，规范流程。\n"
    room_lines = limits.MAX_TEXT_LINES - seed.count("\n") - 10
    room_chars = limits.MAX_TEXT_CHARS - len(seed) - 1000
    n = min(room_lines, room_chars // len(filler))
    return seed[:cut] + filler * n + seed[cut:]


def _make(kind: str, folder: Path) -> Path:
    if kind == "txt":
        path = folder / "long.txt"
        path.write_text(_long_report(), encoding="utf-8")
    elif kind == "line":  # a whole report on one line, as some web archives store it
        path = folder / "line.txt"
        text = _long_report().replace("\n", " ")[: limits.MAX_TEXT_CHARS - 10]
        path.write_text(text, encoding="utf-8")
    elif kind == "labels":  # label lines without values, each read against all earlier label text once
        path = folder / "labels.txt"
        path.write_text(bombs.long_labels(limits.MAX_TEXT_LINES - 10), encoding="utf-8")
    elif kind == "paste":
        path = folder / "paste.txt"
        lines = limits.MAX_TEXT_LINES - 1
        text = bombs.long_paste(lines)
        while len(text) > limits.MAX_TEXT_CHARS or text.count("\t") + lines > limits.MAX_TEXT_FIELDS:
            lines = lines * 19 // 20
            text = bombs.long_paste(lines)
        path.write_text(text, encoding="utf-8")
    elif kind == "docx":
        path = bombs.paragraphs_docx(folder / "long.docx", limits.MAX_DOCX_PARAGRAPHS - 10)
    elif kind == "pdf":  # pages of one short line each: the page count is the limit here, not the text
        path = bombs.pdf_pages(folder / "pages.pdf", limits.MAX_PDF_PAGES)
    elif kind == "html":
        path = folder / "deep.html"
        body = "<table><tr><td>" * limits.MAX_HTML_TABLE_NESTING + "x" + "</td></tr></table>" * limits.MAX_HTML_TABLE_NESTING
        divs = limits.MAX_HTML_DEPTH - 3 * limits.MAX_HTML_TABLE_NESTING - 5
        filler = "<p>本机关将进一步加强政府信息公开工作。</p>\n" * 9_000
        path.write_text("<html><body>" + "<div>" * divs + body + filler + "</div>" * divs + "</body></html>",
                        encoding="utf-8")
    elif kind == "flat":  # many sibling elements (removing or inserting beside one used to search them all)
        path = folder / "flat.html"
        count = min(limits.MAX_HTML_ELEMENTS - 100, limits.MAX_TEXT_LINES // 2 - 100)
        scripts = "<script>var x = 1;</script>" * 5000
        path.write_text("<html><body>" + scripts + "<p>本机关将进一步加强政府信息公开工作。</p>" * (count - 5000)
                        + "<b>1</b>" * (limits.MAX_HTML_ELEMENTS - count - 100) + "</body></html>", encoding="utf-8")
    elif kind == "facts":
        path = folder / "facts.yaml"
        items = ", ".join(f'"事实 {i}"' for i in range(limits.MAX_YAML_NODES // 2 - 20))
        path.write_text(f"agency: 某某市某某局\nyear: 2023\nfacts:\n  overview: &o [{items}]\n  problems: *o\n",
                        encoding="utf-8")
    else:
        path = SEED
    return path


def measure(kind: str) -> None:
    """Run in a fresh process: prints “kind size seconds peak-MB”."""
    from assistant.checks.batch import check_paths

    with tempfile.TemporaryDirectory() as tmp:
        path = _make(kind, Path(tmp))
        size = path.stat().st_size
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        if kind == "facts":
            from assistant.drafting.facts import load_facts

            load_facts(path)
            note = ""
        elif kind == "worker":
            from assistant.checks.isolated import check_paths_isolated

            check_paths_isolated([path])  # the first batch starts the fork server
            first = time.perf_counter() - start
            start = time.perf_counter()
            check_paths_isolated([path])
            note = f"（首次 {first:.2f} s，含启动 fork server）"
        else:
            entry = check_paths([path]).files[0]
            assert entry.error is None, entry.error
            note = f"（{len(entry.findings)} 条问题）"
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{kind:7s} {size / 1024:9.0f} KB {seconds:7.2f} s  峰值内存 {peak:6.0f} MB（读入前 {base:.0f} MB）{note}",
              flush=True)


def main(kinds: list[str]) -> None:
    print(f"限额：行 {limits.MAX_TEXT_LINES}、字符 {limits.MAX_TEXT_CHARS}、单元格 {limits.MAX_TEXT_FIELDS}、段落 {limits.MAX_DOCX_PARAGRAPHS}、"
          f"HTML 嵌套 {limits.MAX_HTML_DEPTH}（表格 {limits.MAX_HTML_TABLE_NESTING}）、YAML 取值 {limits.MAX_YAML_NODES}")
    for kind in kinds:
        subprocess.run([sys.executable, __file__, "--one", kind], check=True, cwd=ROOT)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        measure(sys.argv[2])
    else:
        main(sys.argv[1:] or KINDS)
