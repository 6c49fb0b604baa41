"""The Gradio app (Chinese UI)."""

import os

# No analytics or update checks, even before gradio is imported (closed networks).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
