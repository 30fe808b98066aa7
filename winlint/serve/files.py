"""Text files under the start folder, and nothing outside it (no `..`, no absolute paths, no symlink
that leads out: every path is resolved and checked against the resolved folder)."""
from __future__ import annotations

import os

from ..readers import is_text_path

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
MAX_LIST = 2000
MAX_FILE = 5_000_000


class Refused(Exception):
    """A path the page may not read: `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Folder:
    def __init__(self, root: str):
        self.root = os.path.realpath(root)

    def inside(self, real: str) -> bool:
        return real == self.root or real.startswith(self.root.rstrip(os.sep) + os.sep)

    def resolve(self, rel: str) -> str:
        """The real path of `rel` (a path relative to the folder, / separators) if it stays inside."""
        if not rel or "\x00" in rel or rel.startswith(("/", "\\")) or os.path.isabs(rel) or ":" in rel[:3]:
            raise Refused(400, "give a path relative to the folder winlint serve was started in")
        parts = rel.replace("\\", "/").split("/")
        if any(p in ("..",) for p in parts):
            raise Refused(403, "paths outside the folder are not served")
        real = os.path.realpath(os.path.join(self.root, *parts))
        if not self.inside(real):
            raise Refused(403, "paths outside the folder are not served")    # a symlink out
        return real

    def read(self, rel: str) -> str:
        real = self.resolve(rel)
        if not os.path.isfile(real):
            raise Refused(404, f"no file {rel!r}")
        if not is_text_path(real):
            raise Refused(415, f"{rel}: not a file winlint reads (.md, .txt, .rst, .eml, .html)")
        if os.path.getsize(real) > MAX_FILE:
            raise Refused(413, f"{rel}: larger than {MAX_FILE:,} bytes")
        try:
            with open(real, encoding="utf-8", newline="") as fh:
                return fh.read()
        except UnicodeDecodeError:
            raise Refused(415, f"{rel}: not valid UTF-8") from None
        except OSError as err:
            raise Refused(403, f"{rel}: {err.strerror or 'cannot be read'}") from None

    def list(self) -> list[str]:
        """Text files under the folder (relative, / separators), not following symlinks out."""
        out = []
        for dirpath, dirs, files in os.walk(self.root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(dirpath, name)
                if not is_text_path(name) or not self.inside(os.path.realpath(full)):
                    continue
                out.append(os.path.relpath(full, self.root).replace(os.sep, "/"))
                if len(out) >= MAX_LIST:
                    return out
        return out
