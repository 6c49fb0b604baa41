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
