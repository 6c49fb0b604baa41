"""A wheel built from the checkout works outside it: installed into a fresh venv in a temp dir, run from another
directory, it finds its packaged prompts, corpus and evals (assistant/_resources) with no checkout around.

Dependencies come the ordinary way (pip with this machine's configuration: the local mirror, pip's cache of what
`make install` fetched, PyPI); no byte-compiling, so the install takes about a minute."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_LEVEL_NOT_SOURCE = {".git", ".venv", "venv", "data", "build", "dist"}  # only at the top: assistant/layouts/data is source
CACHES = shutil.ignore_patterns("*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache",
                                "node_modules")


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = TOP_LEVEL_NOT_SOURCE if Path(folder) == ROOT else set()
    return set(CACHES(folder, names)) | (top & set(names))


def _sh(*args, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


def _user_env(data: Path) -> dict:
    """The machine's environment (pip's configuration included) without anything that points into the checkout."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ASSISTANT_", "OPENAI_", "PYTHON", "VIRTUAL_ENV", "PYTEST"))}
    env["ASSISTANT_DATA_DIR"] = str(data)
    return env


def test_wheel_installed_outside_the_checkout(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=_not_source)  # build from a copy: the checkout gets no build/ or egg-info
    built = _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", "./src", cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (tmp_path / "dist").glob("assistant-*.whl")

    venv = tmp_path / "venv"
    assert _sh(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path).returncode == 0
    python, assistant = venv / "bin" / "python", venv / "bin" / "assistant"
    installed = _sh(sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile", wheel,
                    cwd=tmp_path, env=_user_env(tmp_path / "data"), timeout=900)
    assert installed.returncode == 0, installed.stderr[-3000:]

    home = tmp_path / "elsewhere"
    home.mkdir()
    env = _user_env(home / "data")
    seed = (ROOT / "corpus" / "reports" / "2021_大庆市公共资源交易中心.txt").read_text(encoding="utf-8")
    (home / "seed.txt").write_text(seed, encoding="utf-8")
    (home / "broken.txt").write_text(seed.replace("建设水利交通工程类业务信息 1837 条", "建设水利交通工程类业务信息 1838 条"),
                                     encoding="utf-8")
    shutil.copy(ROOT / "evals" / "facts" / "seed_2021_daqing.yaml", home / "facts.yaml")

    where = _sh(python, "-c", "import assistant; from assistant.settings import Settings; s = Settings(); "
                "print(assistant.__file__, s.prompts_dir, s.corpus_dir, s.evals_dir, sep='\\n')", cwd=home, env=env)
    assert where.returncode == 0, where.stderr
    packaged = venv.resolve() / "lib"
    paths = [Path(line) for line in where.stdout.split()]
    assert len(paths) == 4 and all(p.resolve().is_relative_to(packaged) for p in paths), paths
    assert [p.name for p in paths[1:]] == ["prompts", "corpus", "evals"] and all(p.is_dir() for p in paths[1:])

    check = _sh(assistant, "check", "seed.txt", "broken.txt", "--json", cwd=home, env=env)
    assert check.returncode == 1 and check.stdout.startswith("{"), check.stderr[-3000:]
    files = {f["file"]: f["findings"] for f in json.loads(check.stdout)["files"]}
    assert [f["severity"] for f in files["seed.txt"]] == ["提醒"] and "属于2019 版格式" in files["seed.txt"][0]["message"]
    (error,) = [f for f in files["broken.txt"] if f["severity"] == "错误"]
    assert "合计 11621条" in error["message"] and "与总数 11620 条 不符" in error["message"]

    first = _sh(assistant, "ingest", cwd=home, env=env)
    assert first.returncode == 0 and "新增 13 份" in first.stdout, first.stdout + first.stderr
    again = _sh(assistant, "ingest", cwd=tmp_path, env=env)  # another working directory: the same ids, nothing twice
    assert again.returncode == 0 and "新增 0 份" in again.stdout and "未变 13 份" in again.stdout, again.stdout

    draft = _sh(assistant, "draft", "overview", "--facts", "facts.yaml", "--json", cwd=home, env=env)
    assert draft.returncode == 0, draft.stderr
    out = json.loads(draft.stdout)
    assert out["offline"] is True and out["prompt_version"].startswith("offline_phrases@v")
    assert "11627" in out["text"] and "1837" in out["text"] and out["unverified_numbers"] == []
    assert "《中华人民共和国政府信息公开条例（2019年修订）》第五十条" in [s["citation"] for s in out["sources"]]

    search = _sh(assistant, "search", "信息处理费", "--type", "regulation", "--json", "-k", "2", cwd=home, env=env)
    assert search.returncode == 0, search.stderr
    hit = json.loads(search.stdout)["hits"][0]
    assert hit["doc"] == "regulations/regulation-2019.md" and hit["article"] == "第四十二条"
    assert "收取信息处理费" in hit["snippet"]
