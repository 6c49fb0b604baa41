"""The one base of every error a user is told about: the message is Chinese and says where (file, line, field).

Callers that show errors to a user (CLI, UI) catch AssistantError; anything else is a bug and keeps its traceback."""

from __future__ import annotations


class AssistantError(Exception):
    """A problem the user can act on. str() is the Chinese message; `where` names the place when known."""

    def __init__(self, message: str, *, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:  # KeyError, a co-base of some subclasses, would quote the message
        return self.message


class InputError(AssistantError):
    """An input (file, paste, facts, choice) that cannot be read or is not valid."""


class LayoutError(AssistantError, KeyError):
    """A layout that does not exist, or a layout file that is not valid."""


class WorkspaceError(AssistantError, KeyError):
    """A workspace that does not exist, or fields a workspace cannot take."""


class PromptError(AssistantError, ValueError):
    """A prompt file that is not valid (front-matter, declared inputs)."""


_KINDS = {"extra_forbidden": "不认识的键（可能拼错了）", "missing": "缺失", "literal_error": "取值不在允许范围内",
          "int_parsing": "应为整数", "int_type": "应为整数", "string_type": "应为文字", "list_type": "应为列表",
          "bool_type": "应为 true 或 false", "bool_parsing": "应为 true 或 false", "dict_type": "应为键值结构",
          "model_type": "应为键值结构", "tuple_type": "应为两个数"}


def describe_validation(exc: Exception) -> str:
    """A pydantic ValidationError as Chinese lines: “expect.required_fact：不认识的键（可能拼错了）”."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    parts = []
    for e in errors():
        where = ".".join(str(x) for x in e.get("loc", ())) or "（整体）"
        parts.append(f"{where}：{_KINDS.get(e.get('type', ''), e.get('msg', '格式不对'))}")
    return "；".join(parts)
