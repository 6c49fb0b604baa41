"""Class 5: every reader has limits and ends with a Chinese error naming the limit — nested HTML, a .docx of 3 million
empty paragraphs, a zip bomb, billion laughs, a malformed document.xml, `table /dev/zero`, a 1-million-line paste, an
800-byte YAML of nested aliases. In the UI files are checked in a worker process with a deadline, and a bad file in a
batch costs only its own entry (CLI `check --json` and the UI alike)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_client import handle_file

from assistant.checks.batch import check_paths
from assistant.checks.isolated import check_paths_isolated
from assistant.drafting.facts import load_facts
from assistant.errors import InputError
from assistant.report.readers import read_report
from assistant.settings import Settings
from assistant.tables import parse_tables

from . import bombs

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"
CAP = 2 * 1024**3  # address space of a command run here: reading /dev/zero whole or expanding the aliases needs far more


def _write(text: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "paste.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=300,
                          preexec_fn=_capped, env={**os.environ})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each hostile file, with the words its error must contain."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "nested.html").write_text(bombs.nested_html(6 * 1024), encoding="utf-8")
    (d / "deep.html").write_text(bombs.deep_div_html(5000), encoding="utf-8")
    (d / "flat.html").write_text("<html><body>" + "<p>x</p>" * 60_000 + "</body></html>", encoding="utf-8")
    return {
        "nested.html": (d / "nested.html", "表格嵌套层数超过 16"),
        "deep.html": (d / "deep.html", "标签嵌套层数超过 256"),
        "flat.html": (d / "flat.html", "标签个数超过 50000"),
        "empty.docx": (bombs.empty_paragraphs_docx(d / "empty.docx"), "段落数超过 20000"),
        "bomb.docx": (bombs.zip_bomb_docx(d / "bomb.docx", 1024), "解压后的大小超过 200 MB"),
        "laughs.docx": (bombs.billion_laughs_docx(d / "laughs.docx"), "DTD 或实体声明"),
        "malformed.docx": (bombs.malformed_docx(d / "malformed.docx"), "已损坏"),
        "pages.pdf": (bombs.pdf_pages(d / "pages.pdf", 1000), "页数超过 200"),
        "bomb.pdf": (bombs.pdf_pages(d / "bomb.pdf", 2, padding_mb=300), "压缩内容解压后的大小超过 200 MB"),
        "utf16.docx": (bombs.utf16_laughs_docx(d / "utf16.docx"), "不是 UTF-8 编码"),
        "styles.docx": (bombs.big_styles_docx(d / "styles.docx"), "word/styles.xml 解压后的大小超过 20 MB"),
    }


@pytest.mark.parametrize("name", ["nested.html", "deep.html", "flat.html", "empty.docx", "bomb.docx", "laughs.docx",
                                  "malformed.docx", "pages.pdf", "bomb.pdf", "utf16.docx",
                                  "styles.docx"])
def test_each_bomb_ends_with_a_chinese_error_naming_its_limit(hostile, name):
    path, words = hostile[name]
    with pytest.raises(InputError, match=words) as caught:
        read_report(path)
    assert name in str(caught.value)  # says which file


def test_table_of_dev_zero_reads_no_more_than_the_limit():
    r = run("table", "/dev/zero")  # under a 2 GB address-space cap: it used to read 9.3 GB
    assert "Traceback" not in r.stderr
    assert r.returncode == 2 and "文件大小超过 30 MB" in r.stderr


def test_a_million_line_paste_is_refused_by_its_line_count():
    with pytest.raises(InputError, match="行数超过 20000"):
        parse_tables("1\n" * 1_000_000)
    with pytest.raises(InputError, match="字符数超过 2000000"):
        parse_tables(bombs.long_paste(1_000_000))
    assert parse_tables(bombs.long_paste(2000)).tables  # a long paste within the limit is read


def test_a_paste_of_a_million_cells_is_refused_by_its_cell_count():
    with pytest.raises(InputError, match="单元格（数值和文字）个数超过 100000"):
        parse_tables("三、收到和处理政府信息公开申请情况\n（一）予以公开\t" + "1\t" * 990_000)


def test_label_text_line_after_line_costs_no_more_than_its_length():
    """19,000 label lines used to be joined and searched again at each line (229 s, 3.8 GB)."""
    result = check_paths_isolated([_write(bombs.long_labels(19_000))], deadline=60)
    assert result.files[0].error is None


def test_nested_yaml_aliases_are_refused(tmp_path):
    text = bombs.yaml_aliases()
    assert len(text.encode()) < 800
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="展开别名后的取值个数超过 100000"):
        load_facts(facts)
    r = run("draft", "overview", "--facts", str(facts))  # under the 2 GB cap: it used to take 8 GB
    assert "Traceback" not in r.stderr and r.returncode != 0 and "展开别名" in r.stderr
    deep = tmp_path / "deep.yaml"
    deep.write_text("agency: 某局\nyear: 2023\nnumbers: " + "[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with pytest.raises(InputError, match="嵌套层数过深"):
        load_facts(deep)
    few = tmp_path / "few.yaml"  # aliases as people use them are fine
    few.write_text('agency: 某局\nyear: 2023\nfacts:\n  overview: &o ["全年主动公开 1520 条"]\n  problems: *o\n',
                   encoding="utf-8")
    assert load_facts(few).facts["problems"] == ["全年主动公开 1520 条"]


def test_the_largest_accepted_docx_is_read(tmp_path):
    path = bombs.paragraphs_docx(tmp_path / "long.docx", 19_000)
    assert read_report(path).count("1520") == 19_000


def test_check_json_with_one_bad_file_keeps_the_others(hostile, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    r = run("check", str(hostile["nested.html"][0]), str(good), str(hostile["bomb.docx"][0]), "--json")
    assert "Traceback" not in r.stderr
    assert r.returncode == 2  # some file could not be read
    files = json.loads(r.stdout)["files"]
    assert [Path(f["file"]).name for f in files] == ["nested.html", "good.txt", "bomb.docx"]
    assert "表格嵌套层数" in files[0]["error"] and "解压后的大小" in files[2]["error"]
    assert files[1].get("agency") and "error" not in files[1]


def test_the_worker_ends_each_bomb_within_its_limit_not_its_deadline(hostile):
    paths = [hostile[name][0] for name in hostile]
    result = check_paths_isolated(paths, deadline=120)
    for entry, (path, words) in zip(result.files, hostile.values()):
        assert entry.path == path and entry.error and words in entry.error, entry.error


def test_a_file_that_never_ends_is_cut_at_the_deadline_and_the_others_keep_their_results(tmp_path):
    endless = tmp_path / "endless.txt"
    os.mkfifo(endless)  # reading blocks for ever: no writer will come
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = check_paths_isolated([good, endless, good], deadline=20)
    first, cut, last = result.files
    assert cut.tables is None and "超过时限 20 秒" in (cut.error or "")
    plain = check_paths([good]).files[0]
    for entry in (first, last):  # the same results as in this process, before and after the worker was replaced
        assert entry.error is None and entry.public() == plain.public()
    assert result.exit_code == 2


def test_the_check_tab_keeps_the_other_files_of_a_batch(hostile, tmp_path, running_app):
    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    app = running_app(Settings(data_dir=tmp_path / "data"))
    files = [handle_file(str(hostile["empty.docx"][0])), handle_file(str(good)), handle_file(str(hostile["laughs.docx"][0]))]
    html, rows, csv = app.client().predict(files, api_name="/check_files")
    assert "段落数超过 20000" in html and "DTD 或实体声明" in html and "大庆" in html
    table = rows["data"] if isinstance(rows, dict) else rows
    assert [row[0] for row in table] == ["empty.docx", "good.txt", "laughs.docx"]
    assert table[1][1] and "无法读取" in table[0][6] and "无法读取" in table[2][6]


def test_an_unexpected_failure_in_one_file_costs_only_that_file(tmp_path, monkeypatch):
    """The batch's safety net: a failure that is no InputError (a bug, a RecursionError) becomes that file's error
    entry, named by its type, and the other files keep their results."""
    import assistant.checks.batch as batch

    good = tmp_path / "good.txt"
    good.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    odd, deep = tmp_path / "odd.txt", tmp_path / "deep.txt"
    odd.write_text("x", encoding="utf-8")
    deep.write_text("x", encoding="utf-8")
    real = batch.check_file

    def check_file(path, **kw):
        if path.name == "odd.txt":
            raise TypeError("a bug")
        if path.name == "deep.txt":
            raise RecursionError
        return real(path, **kw)

    monkeypatch.setattr(batch, "check_file", check_file)
    result = check_paths([odd, good, deep])
    assert "程序出错（TypeError）" in result.files[0].error and "嵌套过深" in result.files[2].error
    assert result.files[1].error is None and result.files[1].report is not None
    assert result.exit_code == 2 and json.dumps(result.public(), ensure_ascii=False)
