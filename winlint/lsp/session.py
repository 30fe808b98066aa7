"""Which configuration and linter a buffer gets, and the last findings of each buffer.

The configuration is found as `winlint check` finds it for the buffer's path (config.Resolver,
then run.Linters for one Linter per effective configuration); buffers without a file path
(untitled:) get the configuration of the workspace folder.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from ..config import Resolver
from ..errors import WinlintError
from ..run import CheckRequest, Linters

# LSP languageId -> reader format. Others are linted only when the path's extension names a format.
LANGUAGES = {"markdown": "markdown", "mdx": "markdown", "plaintext": "plain", "text": "plain",
             "email": "email", "mail": "email", "eml": "email", "html": "html",
             "gitcommit": "gitcommit"}          # a commit message: plain text without git's comments and diff
WARM_TEXT = "I need to get them to work harder."   # a sentence that needs the spaCy pipeline
CONFIG_NAMES = {".winlint.yaml", ".winlint.yml", "pyproject.toml"}


def uri_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path[:1] == "/" and path[2:3] == ":":
        path = path[1:]
    return path


def input_format(language_id: str | None, path: str | None) -> str | None:
    """The reader for a buffer, or None when winlint does not lint this kind of buffer."""
    from ..readers import format_for_path, is_text_path

    if language_id in LANGUAGES:
        return LANGUAGES[language_id]
    if path and is_text_path(path):         # the files `winlint check` reads in a folder
        return format_for_path(path)
    return None


@dataclass
class Linted:
    """One lint of one version of a buffer."""
    uri: str
    version: int | None
    text: str
    fmt: str
    findings: list = field(default_factory=list)
    rules: dict = field(default_factory=dict)      # code -> Rule, for hovers


class Session:
    def __init__(self, root: str | None = None):
        self.root = root
        self._lock = threading.Lock()           # one lint at a time: Linters and spaCy are not shared safely
        self._reset()

    def _reset(self):
        self.resolver = Resolver()
        self.linters = Linters(CheckRequest(paths=[]))

    def config_changed(self, path: str | None) -> bool:
        """Forget cached configuration when a config file is saved; True if one was."""
        if path and os.path.basename(path) in CONFIG_NAMES:
            with self._lock:
                self._reset()
            return True
        return False

    def warm(self) -> None:
        """Build the workspace's linter and its spaCy pipeline (a few seconds, once)."""
        try:
            self.lint("untitled:warm", None, WARM_TEXT, "plain")
        except WinlintError:
            pass                # a broken config is reported when a buffer is linted

    def lint(self, uri: str, version, text: str, fmt: str) -> Linted:
        path = uri_path(uri)
        with self._lock:
            if path:
                config = self.resolver.for_path(path)
                if config.excludes(path):
                    return Linted(uri, version, text, fmt)
            else:
                config = self.resolver.for_folder(self.root or os.getcwd())
            _, linter = self.linters.get(config)
            if fmt == "gitcommit":
                from ..commitmsg.message import message_view
                result = linter.lint_text(message_view(text), path or uri, input_format="plain")
            else:
                result = linter.lint_text(text, path or uri, input_format=fmt)
        return Linted(uri, version, text, fmt, result.findings, linter.rules)


__all__ = ["Session", "Linted", "input_format", "uri_path", "WinlintError"]
