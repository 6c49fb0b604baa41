"""Start the 政府信息公开年报助手 web app: python app.py [--host H] [--port P]."""

from __future__ import annotations

import argparse
import os

from assistant.settings import get_settings


def offline_environment() -> None:
    """No analytics or update checks, set before gradio is imported (closed networks)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


def ensure_index(settings) -> None:
    from assistant.knowledge.store import KnowledgeError, open_index

    try:
        open_index(settings, log=lambda m: print(m, flush=True))
    except KnowledgeError as exc:
        print(f"知识库不可用：{exc}", flush=True)


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="政府信息公开年报助手")
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    args = parser.parse_args()
    offline_environment()
    ensure_index(settings)
    from assistant.ui.app import launch

    auth = (settings.username, settings.password) if settings.username and settings.password else None
    launch(args.host, args.port, auth)


if __name__ == "__main__":
    main()
