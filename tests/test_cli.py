"""The `assistant table` and `assistant check` commands, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from assistant.layouts import get_layout
from tests.factory import consistent_values, last_year_for, paste_text


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def seed_file(tmp_path, seed_tables):
    p = tmp_path / "seed.txt"
    p.write_text(seed_tables, encoding="utf-8")
    return p


def test_check_seed_exit_0(seed_file):
    r = run("check", str(seed_file))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "错误 0 个" in r.stdout


def test_check_json_shape_and_exit_1(tmp_path, seed_tables):
    p = tmp_path / "bad.txt"
    p.write_text(seed_tables.replace("4.保护第三方合法权益\t0\t0\t0\t0\t0", "4.保护第三方合法权益\t0\t0\t0\t0\t1O"), encoding="utf-8")
    r = run("check", str(p), "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    (entry,) = out["files"]
    assert entry["file"] == str(p)
    (f,) = entry["findings"]
    assert set(f) >= {"rule", "severity", "table", "row", "column", "expected", "actual", "message"}
    assert f["rule"] == "cell.not_number" and f["column"] == "法律服务机构" and f["actual"] == "1O"


def test_check_unreadable_exit_2(tmp_path, seed_file):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02PK")
    r = run("check", str(seed_file), str(empty), str(binary), str(tmp_path / "missing.txt"), "--json")
    assert r.returncode == 2
    files = json.loads(r.stdout)["files"]
    assert files[0]["findings"] == [] and "error" not in files[0]
    assert "空文件" in files[1]["error"] and "二进制" in files[2]["error"] and "找不到文件" in files[3]["error"]


def test_gb18030_file(tmp_path, seed_tables):
    p = tmp_path / "gbk.txt"
    p.write_bytes(seed_tables.encode("gb18030"))
    assert run("check", str(p)).returncode == 0


@pytest.mark.parametrize("agree", [True, False])
def test_last_year_carry_over(tmp_path, agree):
    this = consistent_values(get_layout("2021"))
    last = last_year_for("2021", this)
    if not agree:
        last["三"]["carried_out"]["legal"] = str(int(last["三"]["carried_out"]["legal"]) + 1)
        last["三"]["new"]["legal"] = str(int(last["三"]["new"]["legal"]) + 1)
        for row in ("carried_out", "new"):
            last["三"][row]["total"] = str(int(last["三"][row]["total"]) + 1)
    a, b = tmp_path / "2023.txt", tmp_path / "2022.txt"
    a.write_text(paste_text("2021", this), encoding="utf-8")
    b.write_text(paste_text("2021", last), encoding="utf-8")
    r = run("check", str(a), "--year", "2023", "--last-year", str(b), "--json")
    findings = json.loads(r.stdout)["files"][0]["findings"]
    carry = [(f["column"], f["severity"]) for f in findings if f["rule"] == "xyear.carry_over"]
    assert carry == ([] if agree else [("法律服务机构", "错误"), ("总计", "错误")])
    assert r.returncode == (0 if agree else 1)


@pytest.mark.parametrize("fmt,probe", [("md", "| 规章 | 0 | 0 | 0 |"), ("html", 'rowspan="20">三、本年度办理结果</th>'),
                                       ("csv", None), ("json", None)])
def test_table_formats(seed_file, fmt, probe):
    r = run("table", str(seed_file), "--to", fmt)
    assert r.returncode == 0, r.stderr
    if probe:
        assert probe in r.stdout
    if fmt == "json":
        data = json.loads(r.stdout)
        assert data["layout"] == "2019"
        proc = [t for t in data["tables"] if t["id"] == "二(九)"][0]["rows"][0]["cells"]
        assert proc["purchase_amount"]["raw"] == "11,561,862,563.21" and proc["purchase_amount"]["value"] == "11561862563.21"
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(r.stdout)))
        assert ["政府集中采购", "8,850", "11,561,862,563.21"] in rows


def test_table_layout_option_validated(seed_file):
    r = run("table", str(seed_file), "--layout", "2018")
    assert r.returncode == 2 and "版式只能是" in r.stderr
