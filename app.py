"""Start the 政府信息公开年报助手 web app: python app.py [--host H] [--port P]."""

from __future__ import annotations

import argparse

import assistant.ui  # noqa: F401  (sets offline environment before gradio loads)
from assistant.settings import get_settings


def ensure_index(settings) -> None:
    """Build the knowledge index from corpus/ on first start (offline; about a second)."""
    from pathlib import Path

    from assistant.knowledge.store import KnowledgeBase, KnowledgeError

    try:
        kb = KnowledgeBase(settings)
        if kb.count() == 0:
            print("首次启动：正在建立知识库索引……", flush=True)
            print(kb.ingest([Path(__file__).resolve().parent / "corpus"]).summary(), flush=True)
    except KnowledgeError as exc:
        print(f"知识库不可用：{exc}", flush=True)


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="政府信息公开年报助手")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    ensure_index(settings)
    from assistant.ui.app import launch

    auth = (settings.username, settings.password) if settings.username and settings.password else None
    launch(args.host, args.port, auth)


if __name__ == "__main__":
    main()
