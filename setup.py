"""Packaging beyond pyproject.toml: the top-level resource folders prompts/, corpus/ and evals/ stay where they are in
the repository and are also shipped inside the package, as assistant/_resources/NAME (assistant/resources.py finds
them there). Each such folder, and every folder below it, is mapped to a data-only package; nothing is copied in the
repository."""

import os
from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
RESOURCES = ("prompts", "corpus", "evals")


def data_packages(name: str) -> list[str]:
    """assistant._resources.NAME and one package per folder below it (hidden folders and caches left out)."""
    found = []
    for folder, subfolders, _ in os.walk(HERE / name):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith((".", "__")))
        found.append(".".join(("assistant._resources", *Path(folder).relative_to(HERE).parts)))
    return found


RESOURCE_PACKAGES = [p for n in RESOURCES for p in data_packages(n)]

setup(
    packages=find_namespace_packages(include=["assistant", "assistant.*"]) + RESOURCE_PACKAGES,
    package_dir={f"assistant._resources.{n}": n for n in RESOURCES},
    package_data={"assistant.layouts": ["data/*.yaml"], "assistant.knowledge": ["*.yaml", "data/*.yaml"], "assistant.evals": ["*.yaml"], "assistant.review": ["*.yaml"], **{p: ["*"] for p in RESOURCE_PACKAGES}},
)
