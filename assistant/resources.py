"""Where the project's resource folders are: prompts/, corpus/ and evals/.

The only module that knows it. A wheel carries them inside the package (assistant/_resources/, copied there by
setup.py's build step); in a checkout (an editable install, or running from the source tree) they are the top-level
folders beside assistant/. Everything else asks Settings (prompts_dir, corpus_dir, evals_dir), whose defaults come
from here and which ASSISTANT_PROMPTS_DIR, ASSISTANT_CORPUS_DIR and ASSISTANT_EVALS_DIR override."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGED = PACKAGE / "_resources"  # inside an installed wheel
CHECKOUT = PACKAGE.parent  # the repository root, when running from a checkout
NAMES = ("prompts", "corpus", "evals")


def default_dir(name: str) -> Path:
    """The packaged copy of a resource folder when there is one, else the checkout's folder."""
    if name not in NAMES:
        raise ValueError(f"unknown resource folder {name!r}; known: {', '.join(NAMES)}")
    packaged = PACKAGED / name
    return packaged if packaged.is_dir() else CHECKOUT / name
