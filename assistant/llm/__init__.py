"""The chat model: one interface (ChatModel), the OpenAI-compatible endpoint, and the single place that decides from
the settings whether there is a model at all (None: the offline drafter)."""

from __future__ import annotations

from .base import ChatModel, ModelFault, deadline_for, reply_text

OFFLINE_MODEL = "离线起草"

__all__ = ["ChatModel", "ModelFault", "deadline_for", "OFFLINE_MODEL", "model_from_settings", "model_label", "reply_text"]


def model_from_settings(settings) -> ChatModel | None:
    """The configured OpenAI-compatible endpoint, or None when none is configured (drafting is then offline)."""
    if not settings.model_configured:
        return None
    from .openai_compatible import OpenAICompatible

    return OpenAICompatible(settings)


def model_label(model: ChatModel | None) -> str:
    """The page header's words for the model in use."""
    if model is None:
        return f"模型：{OFFLINE_MODEL}（未配置模型）"
    endpoint = getattr(model, "endpoint", "")
    return f"模型：{model.name}（{endpoint}）" if endpoint else f"模型：{model.name}"
