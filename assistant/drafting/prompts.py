"""Prompts are files in the prompts folder (Settings.prompts_dir) with front-matter (id, version, section, inputs),
loaded into LangChain templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from langchain_core.prompts import ChatPromptTemplate, PromptTemplate

from ..errors import PromptError


@dataclass(frozen=True)
class Prompt:
    id: str
    version: int
    section: str
    inputs: tuple[str, ...]
    body: str
    path: Path

    @property
    def tag(self) -> str:
        return f"{self.id}@v{self.version}"


def _parse(path: Path) -> Prompt:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise PromptError(f"{path} 缺少开头的 front-matter（--- id/version/section/inputs ---）")
    _, head, body = text.split("---", 2)
    meta = yaml.safe_load(head)
    prompt = Prompt(str(meta["id"]), int(meta["version"]), str(meta["section"]), tuple(meta.get("inputs", [])),
                    body.strip(), path)
    declared = set(prompt.inputs)
    used = set(PromptTemplate.from_template(prompt.body).input_variables)
    if used - declared:
        raise PromptError(f"{path}：正文用到未在 inputs 中声明的变量 {sorted(used - declared)}")
    return prompt


def prompts_folder(prompts_dir: Path | None = None) -> Path:
    """The prompts folder: the one given (an eval may try another), else the configured one (Settings.prompts_dir)."""
    if prompts_dir is not None:
        return Path(prompts_dir)
    from ..settings import get_settings

    return get_settings().prompts_dir


@lru_cache(maxsize=32)
def load_prompt(prompt_id: str, directory: Path) -> Prompt:
    path = Path(directory) / f"{prompt_id}.md"
    if not path.exists():
        raise PromptError(f"找不到提示词文件 {path}")
    return _parse(path)


@lru_cache(maxsize=4)
def offline_phrases(directory: Path) -> dict:
    return yaml.safe_load((Path(directory) / "offline_phrases.yaml").read_text(encoding="utf-8"))


def chat_template(prompt_id: str, directory: Path) -> tuple[ChatPromptTemplate, str]:
    """System prompt + section prompt as one ChatPromptTemplate, and the versions used (“system@v1+overview@v1”)."""
    system, section = load_prompt("system", directory), load_prompt(prompt_id, directory)
    template = ChatPromptTemplate.from_messages([("system", system.body), ("human", section.body)])
    return template, f"{system.tag}+{section.tag}"
