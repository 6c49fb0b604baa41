"""Class 1: concurrent saves never lose a workspace. Every save is serialised per workspace, merges only its own field
into the latest saved state, goes through a unique fsynced temp file; a damaged file is listed as damaged with its
last good copy kept, never hidden."""

from __future__ import annotations

import json
import threading

from assistant.settings import Settings
from assistant.workspace import DamagedWorkspace, WorkspaceStore

ROUNDS = 250  # per client: 500 saves in all


def test_two_real_gradio_clients_saving_facts_and_a_large_paste_lose_nothing(tmp_path, running_app):
    settings = Settings(data_dir=tmp_path / "data")
    store = WorkspaceStore(settings.data_dir)
    ws = store.create("某某市某某局", 2023)  # before the app is built: the workspace list offers it
    app = running_app(settings)
    facts_client, paste_client = app.client(), app.client()
    big = "\n".join(f"第{i}行\t{i}\t{i * 2}\t{i * 3}" for i in range(6000))  # a large paste (~100 KB)
    errors: list[str] = []
    vanished: list[int] = []
    done = threading.Event()

    def save_facts():
        for i in range(ROUNDS):
            try:
                facts_client.predict(ws.id, "overview", f"事实 {i}", api_name="/save_section_facts")
                facts_client.predict(ws.id, f"电话 {i}", api_name="/save_contact")
                if store.get(ws.id).facts.get("overview") != [f"事实 {i}"]:  # no paste save may undo a facts save
                    errors.append(f"facts {i} lost")
            except Exception as exc:  # noqa: BLE001 - every failure is recorded and fails the test
                errors.append(f"facts {i}: {exc!r}")

    def save_paste():
        for i in range(ROUNDS):
            try:
                paste_client.predict(ws.id, f"粘贴 {i}\n{big}", api_name="/save_paste")
                if not store.get(ws.id).tables_text.startswith(f"粘贴 {i}\n"):
                    errors.append(f"paste {i} lost")
            except Exception as exc:  # noqa: BLE001
                errors.append(f"paste {i}: {exc!r}")

    def watch():  # the workspace never leaves the list, never reads as damaged
        n = 0
        while not done.is_set():
            n += 1
            if [w.id for w in store.list()] != [ws.id] or store.damaged():
                vanished.append(n)

    threads = [threading.Thread(target=f) for f in (save_facts, save_paste)]
    watcher = threading.Thread(target=watch)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    assert not errors, errors[:5]
    assert not vanished
    final = store.get(ws.id)
    assert final.facts["overview"] == [f"事实 {ROUNDS - 1}"] and final.contact == f"电话 {ROUNDS - 1}"
    assert final.tables_text == f"粘贴 {ROUNDS - 1}\n{big}"
    json.loads((store.dir / f"{ws.id}.json").read_text(encoding="utf-8"))  # one whole JSON document
    assert not list(store.dir.glob("*.tmp"))  # no temp file left behind


def test_threads_updating_different_fields_in_one_store_merge(tmp_path):
    store = WorkspaceStore(tmp_path)
    ws = store.create("某某县政府办公室", 2022)
    sections = ["intro", "overview", "problems", "other"]

    def edit(section):
        for i in range(60):
            store.update(ws.id, lambda w, i=i: w.facts.__setitem__(section, [str(i)]))

    threads = [threading.Thread(target=edit, args=(s,)) for s in sections]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.get(ws.id).facts == {s: ["59"] for s in sections}


def test_a_damaged_workspace_is_listed_as_damaged_and_restored_from_its_last_good_copy(tmp_path):
    store = WorkspaceStore(tmp_path)
    ws = store.create("某某区统计局", 2023)
    store.update(ws.id, lambda w: w.facts.__setitem__("overview", ["全年主动公开 1520 条"]))
    store.update(ws.id, lambda w: setattr(w, "tables_text", "粘贴"))
    path = store.dir / f"{ws.id}.json"
    path.write_text(path.read_text(encoding="utf-8") + "\n}{\"extra\": 1}", encoding="utf-8")  # “Extra data”

    entries = store.entries()
    assert len(entries) == 1 and isinstance(entries[0], DamagedWorkspace)
    bad = entries[0]
    assert bad.id == ws.id and bad.backup and "已损坏" in bad.reason and "可从备份恢复" in bad.label
    # an edit does not overwrite the damaged file, and does not replace the good copy with it
    from assistant.errors import WorkspaceError

    try:
        store.update(ws.id, lambda w: None)
        raise AssertionError("a damaged workspace was edited")
    except WorkspaceError as exc:
        assert "已损坏" in str(exc)
    restored = store.restore(ws.id)
    assert restored.facts == {"overview": ["全年主动公开 1520 条"]}  # the copy before the last save
    assert [w.id for w in store.list()] == [ws.id] and not store.damaged()


def test_the_ui_lists_a_damaged_workspace(tmp_path):
    from assistant.ui.services import Services
    from assistant.ui.workspace_bar import choices, describe

    settings = Settings(data_dir=tmp_path)
    services = Services(settings, None)
    good = services.store.create("某某市某某局", 2023)
    bad = services.store.create("某某县某某局", 2023)
    services.store.update(bad.id, lambda w: None)  # a .bak exists
    (services.store.dir / f"{bad.id}.json").write_bytes(b"\x00\x00garbage")
    labels = dict((v, k) for k, v in choices(services))
    assert labels[good.id] == "某某市某某局 2023 年度"
    assert labels[bad.id].startswith("⚠ 已损坏的工作区") and "可从备份恢复" in labels[bad.id]
    assert "从备份恢复" in describe(services, bad.id)


def test_an_edit_after_a_delete_does_not_bring_the_workspace_back(tmp_path):
    from assistant.ui.services import Services

    services = Services(Settings(data_dir=tmp_path), None)
    ws = services.store.create("某某市某某局", 2023)
    services.store.delete(ws.id)
    assert services.edit(ws.id, lambda w: setattr(w, "tables_text", "x")) is None
    assert services.store.entries() == []
