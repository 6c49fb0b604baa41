"""The app in this process, served on a free port to real gradio_client clients (the API any client can call)."""

from __future__ import annotations

import os
import socket

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningApp:
    def __init__(self, settings, model=None):
        from assistant.ui.app import build_app, launch_options

        self.settings = settings
        self.demo = build_app(settings, model)
        port = _free_port()
        self.demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                         **launch_options(settings))
        self.url = f"http://127.0.0.1:{port}/"

    def client(self):
        from gradio_client import Client

        return Client(self.url, verbose=False, download_files=False)

    def close(self) -> None:
        self.demo.close()


@pytest.fixture()
def running_app():
    """running_app(settings, model=None) → a RunningApp, closed after the test."""
    apps: list[RunningApp] = []

    def start(settings, model=None) -> RunningApp:
        app = RunningApp(settings, model)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.close()
