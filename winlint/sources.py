"""Where texts come from: paths, folders and stdin, read as bytes and decoded exactly."""
from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import WinlintError

STDIN = "-"
BINARY_SNIFF = 8192


@dataclass
class Source:
    path: str                 # as shown in output
    text: str | None = None   # decoded source; None when skipped
    notice: str | None = None # why it was skipped (binary, ...)


def expand(paths: list[str], exclude=None, onerror=None) -> list[str]:
    """Files to lint, in the order given; folders recurse into text-like files (sorted, no hidden, no loops).
    `onerror(OSError)` hears of each folder the walk cannot read."""
    from .readers import is_text_path

    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
            continue
        if os.path.isdir(p):
            seen: set[str] = set()
            for root, dirs, files in os.walk(p, followlinks=True, onerror=onerror):
                real = os.path.realpath(root)
                if real in seen:          # a symlink loop: walked once already
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    # os.path.isfile: no FIFOs (reading one blocks), sockets, devices or broken links
                    if (is_text_path(full) and not name.startswith(".") and os.path.isfile(full)
                            and not (exclude and exclude(full))):
                        out.append(full)
        elif exclude is None or not exclude(p):
            out.append(p)
    return out


# byte-order marks of encodings whose text has NUL bytes: decoded, not mistaken for binary
UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def check_encoding(encoding: str) -> None:
    """Fail once, before any file is read, on an --encoding Python does not know."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise WinlintError(f"unknown encoding {encoding!r}; e.g. utf-8, latin-1, cp1252, utf-16",
                           key="--encoding") from None


def decode(data: bytes, path: str, encoding: str = "utf-8") -> Source:
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        encoding = next((enc for bom, enc in UNICODE_BOMS if data.startswith(bom)), "utf-8")
        if encoding == "utf-8" and b"\x00" in data[:BINARY_SNIFF]:
            return Source(path, None, "binary file, skipped")
    try:
        text = data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise WinlintError(f"not valid {encoding} at byte {err.start} (0x{data[err.start]:02x}); "
                           "pass --encoding for legacy files, e.g. --encoding latin-1",
                           path=path, line=line) from None
    except LookupError:
        raise WinlintError(f"unknown encoding {encoding!r}", key="--encoding") from None
    return Source(path, text)


def read(path: str, *, encoding: str = "utf-8", stdin_name: str = "<stdin>") -> Source:
    if path == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        try:
            data = stream.read() if stream is not None else b""
        except (OSError, ValueError):
            data = b""   # closed stdin reads as empty
        return decode(data, stdin_name, encoding)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise WinlintError("no such file", path=path) from None
    except IsADirectoryError:
        raise WinlintError("is a folder", path=path) from None
    except PermissionError:
        raise WinlintError("permission denied", path=path) from None
    except OSError as err:
        raise WinlintError(f"cannot read: {err.strerror or err}", path=path) from None
    return decode(data, path, encoding)
