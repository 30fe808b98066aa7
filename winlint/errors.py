"""The one error type for problems a user can fix (exit status 2)."""
from __future__ import annotations


class WinlintError(Exception):
    """A user-fixable problem: bad rule file, bad config, unreadable input.

    Rendered as one line, `path:line: key: message`, with the parts that are known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 key: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.key = key

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        key = f"{self.key}: " if self.key else ""
        message = " ".join(self.message.splitlines()) if "\n" in self.message or "\r" in self.message else self.message
        return f"{where}{key}{message}"   # always one line
