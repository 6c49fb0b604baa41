"""Classes 2 and 3 through real gradio_client clients: nothing is written outside the data folder whatever the agency
name, and nothing is read that Gradio did not receive as an upload in its upload folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gradio_client import handle_file

from assistant.safepath import inside, safe_filename
from assistant.errors import InputError
from assistant.settings import Settings
from assistant.workspace import Workspace, WorkspaceStore

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt"


@pytest.mark.parametrize("text", ["../../etc", "/etc/passwd", "a/b\\c", "x\x00y", "..", "", "\u202e翻转", "某" * 400])
def test_file_names_from_user_text_have_no_separators_and_a_capped_length(text):
    name = safe_filename(text, ".docx")
    assert name.endswith(".docx") and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and len(name.encode("utf-8")) <= 180
    assert Path(name).name == name


def test_paths_outside_their_folder_are_refused(tmp_path):
    (tmp_path / "in").mkdir()
    assert inside(tmp_path / "in", tmp_path / "in" / "a.txt") == (tmp_path / "in" / "a.txt").resolve()
    for bad in (tmp_path / "in" / ".." / "x", Path("/etc/passwd")):
        with pytest.raises(InputError, match="不在允许的文件夹内"):
            inside(tmp_path / "in", bad)
    (tmp_path / "in" / "link").symlink_to("/etc")
    with pytest.raises(InputError):
        inside(tmp_path / "in", tmp_path / "in" / "link" / "passwd")


def test_exports_stay_in_the_data_folder_whatever_the_agency_name(tmp_path, running_app):
    settings = Settings(data_dir=tmp_path / "data")
    store = WorkspaceStore(settings.data_dir)
    target = tmp_path / "target"
    target.mkdir()
    # saved by an older version, or by hand: names the new validation would still take ("../..") or refuse
    agencies = ["../../etc", f"{target}/evil", "../" * 20 + "x"]
    ids = [store.save(Workspace(agency=a, year=2023)).id for a in agencies]
    app = running_app(settings)
    client = app.client()
    exports = (settings.data_dir / "exports").resolve()
    for ws_id in ids:
        for api in ("/export_md", "/export_docx"):
            file, status = client.predict(ws_id, api_name=api)
            assert "已导出" in status
    written = [p for p in exports.rglob("*") if p.is_file()]
    assert len(written) == 2 * len(ids)
    assert all(p.name.endswith(("年政府信息公开工作年度报告.md", "年政府信息公开工作年度报告.docx")) for p in written)
    assert list(target.iterdir()) == []  # the absolute agency name did not write into its folder
    assert not any(p.name.startswith("etc2023") for p in tmp_path.parent.parent.iterdir())


def test_agency_names_are_validated_and_shown_escaped(tmp_path, running_app):
    app = running_app(Settings(data_dir=tmp_path / "data"))
    client = app.client()
    _, status = client.predict("某局\x07", 2023, "", api_name="/do_create")
    assert "无法新建" in status and "控制字符" in status
    _, status = client.predict("局" * 101, 2023, "", api_name="/do_create")
    assert "最多 100 个字" in status
    _, status = client.predict("  <img src=x onerror=alert(1)>某局  ", 2023, "", api_name="/do_create")
    assert "<img" not in status and "&lt;img" in status
    _, status = client.predict("某局", -5, "", api_name="/do_create")
    assert "年度" in status and "无法新建" in status
    names = [w.agency for w in WorkspaceStore(tmp_path / "data").list()]
    assert names == ["<img src=x onerror=alert(1)>某局"]  # trimmed, stored as typed, never rendered


def _raw_call(url: str, api: str, data: list) -> str:
    """Call an endpoint as a hostile API client does: plain HTTP, a file input naming a path on the server (the
    gradio_client would upload a local file instead)."""
    import httpx

    event = httpx.post(f"{url}gradio_api/call{api}", json={"data": data}, timeout=30).json()["event_id"]
    with httpx.stream("GET", f"{url}gradio_api/call{api}/{event}", timeout=60) as reply:
        return "".join(reply.iter_text())


def _server_file(path: Path | str) -> list:
    return [[{"path": str(path), "meta": {"_type": "gradio.FileData"}, "orig_name": Path(path).name}]]


def test_server_paths_are_never_read_by_the_check_tab(tmp_path, running_app):
    secret = tmp_path / "secret.txt"
    secret.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    app = running_app(Settings(data_dir=tmp_path / "data"))
    existing = _raw_call(app.url, "/check_files", _server_file(secret))
    missing = _raw_call(app.url, "/check_files", _server_file(tmp_path / "nope.txt"))
    for answer in (existing, missing):
        assert "event: error" in answer and "not uploaded by a user" in answer and "大庆" not in answer
    # whether the file exists is not revealed: both answers are the same but for the name
    assert existing.replace("secret.txt", "X") == missing.replace("nope.txt", "X")
    for sneaky in ("/tmp/gradio/../../etc/passwd", "/etc/passwd"):
        assert "root:" not in _raw_call(app.url, "/check_files", _server_file(sneaky))
    # an upload Gradio received is read
    html, rows, csv = app.client().predict([handle_file(str(secret))], api_name="/check_files")
    assert "大庆" in html and rows


def test_server_paths_are_never_indexed_by_the_knowledge_tab(tmp_path, running_app):
    settings = Settings(data_dir=tmp_path / "data")
    app = running_app(settings)
    answer = _raw_call(app.url, "/do_add", _server_file(SEED))
    assert "event: error" in answer and "已加入" not in answer
    assert not (settings.data_dir / "uploads").exists() or not list((settings.data_dir / "uploads").iterdir())


def test_the_tabs_read_only_files_inside_the_upload_folder(tmp_path, monkeypatch):
    """Behind Gradio's own check, the tabs check again: a resolved path outside the upload folder (a “..”, a symlink
    planted in it) is refused with the same words whether or not the file exists."""
    from assistant.ui.uploads import NOT_RECEIVED, received

    root = tmp_path / "uploads"
    (root / "abc").mkdir(parents=True)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(root))
    good = root / "abc" / "年报.txt"
    good.write_text("x", encoding="utf-8")
    (root / "abc" / "link.txt").symlink_to(SEED)
    got = received([str(good), {"path": str(root / "abc" / ".." / ".." / "secret.txt")}, str(root / "abc" / "link.txt"),
                    str(SEED), str(tmp_path / "missing.txt")])
    assert got.files == [good.resolve()]
    assert len(got.refused) == 4 and all(r.endswith(NOT_RECEIVED) for r in got.refused)


def test_an_upload_larger_than_any_tab_accepts_is_refused_before_it_is_stored(tmp_path, running_app):
    from assistant.ui.app import MAX_UPLOAD
    from assistant.ui.uploads import upload_root

    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(MAX_UPLOAD + 1024 * 1024)
    app = running_app(Settings(data_dir=tmp_path / "data"))
    client = app.client()
    before = {p.name for p in upload_root().rglob("big.txt")} if upload_root().exists() else set()
    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own error for the 413
        client.predict([handle_file(str(big))], api_name="/check_files")
    after = {p.name for p in upload_root().rglob("big.txt")} if upload_root().exists() else set()
    assert after == before  # not stored


def test_a_refused_upload_is_deleted(tmp_path, running_app):
    from assistant.ui.uploads import upload_root

    odd = tmp_path / "表格.xlsx"
    odd.write_bytes(os.urandom(2048))
    app = running_app(Settings(data_dir=tmp_path / "data"))
    client = app.client()
    table, status = client.predict([handle_file(str(odd))], api_name="/do_add")
    assert "不支持的类型" in status
    assert not [p for p in upload_root().rglob("表格.xlsx") if p.stat().st_mtime > odd.stat().st_mtime]
