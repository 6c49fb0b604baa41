"""check_paths: the batch check behind `assistant check` and the 报告检查 tab."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from assistant.checks.batch import SUMMARY_HEADER, check_paths
from assistant.layouts import get_layout
from tests.factory import consistent_values
from tests.report_factory import WRITERS, Plan


def _folder(tmp_path: Path) -> Path:
    random.seed(3)
    plan = Plan(layout="2021", year=2023, values=consistent_values(get_layout("2021")))
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    WRITERS["docx"](plan, folder / "a_good.docx")
    (folder / "b_broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "c_note.txt").write_text("本单位今年工作顺利，特此说明。\n", encoding="utf-8")
    WRITERS["txt"](plan, folder / "sub" / "d_good.txt")
    (folder / "picture.png").write_bytes(b"\x89PNG")  # not a report type: not picked from a folder
    (folder / "README.md").write_text("说明", encoding="utf-8")
    return folder


def test_check_paths_folder(tmp_path):
    folder = _folder(tmp_path)
    seen = []
    result = check_paths([folder], on_result=lambda e: seen.append(e.path.name))
    names = [f.path.name for f in result.files]
    assert names == seen == ["a_good.docx", "b_broken.docx", "c_note.txt", "d_good.txt"]
    good, broken, note, good2 = result.files
    assert good.report is not None and good.report.agency == "某某市某某局" and good.tables.layout == "2021"
    assert good.findings == [] and good2.findings == []
    assert broken.tables is None and "不是有效的 .docx 文件" in broken.error and broken.findings == []
    assert note.report is None and "parse.no_tables" in [f.rule for f in note.findings]
    assert result.unreadable and result.has_errors and result.exit_code == 2

    rows = result.summary_rows()
    assert rows[0] == [str(folder / "a_good.docx"), "某某市某某局", 2023, "2021", 0, 0, ""]
    assert rows[1][:6] == [str(folder / "b_broken.docx"), "", "", "", "", ""] and rows[1][6].startswith("无法读取：")
    assert rows[2][4] == note.counts["错误"] >= 1
    table = list(csv.reader(io.StringIO(result.summary_csv(lambda p: p.name))))
    assert table[0] == SUMMARY_HEADER and [r[0] for r in table[1:]] == names
    assert table[1] == ["a_good.docx", "某某市某某局", "2023", "2021", "0", "0", ""]
    out = result.write_csv(tmp_path / "sum.csv")
    assert out.read_bytes() == result.summary_csv().encode("utf-8-sig")  # CRLF rows, BOM for Excel

    public = result.public()["files"]
    assert public[0]["agency"] == "某某市某某局" and public[0]["findings"] == []
    assert public[1] == {"file": str(folder / "b_broken.docx"), "error": broken.error, "findings": []}
    assert "agency" not in public[2] and public[2]["layout"] == "2021"


def test_check_paths_exit_codes_and_limits(tmp_path):
    folder = _folder(tmp_path)
    assert check_paths([folder / "a_good.docx", folder / "sub"]).exit_code == 0
    assert check_paths([folder / "c_note.txt"]).exit_code == 1
    missing = check_paths([folder / "missing.txt"])
    assert missing.exit_code == 2 and "找不到文件" in missing.files[0].error
    assert check_paths([tmp_path / "empty_dir_that_is_missing"]).files[0].error is not None
    limited = check_paths([folder / "picture.png", folder / "a_good.docx", folder / "c_note.txt"],
                          known_types_only=True, max_bytes=1000)
    assert [f.skipped for f in limited.files] == ["不支持的文件类型", "文件超过 0 MB", None]
    assert limited.summary_rows(lambda p: p.name)[0] == ["picture.png", "", "", "", "", "", "不支持的文件类型"]
    assert limited.files[2].tables is not None and limited.exit_code == 2
