"""`winlint review FILE`: go through the findings of a file in the terminal and fix them.

For each finding: the sentence with the flagged phrase in [brackets], the rewrites (numbered), the
questions, and the apply step. Keys (then Enter):

    1..9  accept that rewrite (it replaces the sentence)
    e     edit: type the sentence as you want it
    s     skip this finding
    x     suppress it, with a reason (a `disable-next-line` comment above the line)
    w     save now and stop
    q     quit without saving (the file is not touched)

After the last finding the changes are saved if you say so. Saving is atomic (a temporary file in
the same folder, then os.replace), keeps FILE.bak unless --no-backup, and refuses when the file
changed on disk since the review began.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import WinlintError

MARKUP = {".md", ".markdown", ".html", ".htm", ".mdx"}


@dataclass
class Edit:
    start: int
    end: int
    text: str


class Changed(WinlintError):
    pass


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_start(text: str, pos: int) -> int:
    return max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


def suppression(path: Path, text: str, pos: int, code: str, reason: str) -> Edit:
    """A `disable-next-line` comment on its own line above the finding, indented like that line."""
    start = _line_start(text, pos)
    indent = text[start:pos][: len(text[start:pos]) - len(text[start:pos].lstrip())]
    reason = " ".join(reason.split()) or "reviewed"
    if path.suffix.lower() in MARKUP:
        comment = f"<!-- winlint-disable-next-line {code} -- {reason.replace('--', '-')} -->"
    else:
        comment = f"winlint: disable-next-line {code} -- {reason}"
    return Edit(start, start, indent + comment + _newline(text))


def apply(text: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:e.start] + e.text + text[e.end:]
    return text


def save(path: Path, original: bytes, new_text: str, backup: bool) -> None:
    """Write atomically, unless the file on disk is no longer what the review read."""
    try:
        now = path.read_bytes()
    except OSError as err:
        raise Changed(f"{path}: cannot re-read it before saving ({err.strerror}); nothing written") from err
    if _digest(now) != _digest(original):
        raise Changed(f"{path} changed on disk since the review started; not overwriting it "
                      f"(run `winlint review {path}` again to review the new version)")
    data = new_text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        shutil.copymode(path, tmp)
        if backup:
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _show(text: str, f, i: int, n: int) -> tuple[int, int]:
    rewrites = [r for r in f.reframes if r["kind"] == "rewrite"]
    start, end = (rewrites[0]["start"], rewrites[0]["end"]) if rewrites and rewrites[0].get("start") is not None \
        else (f.start, f.end)
    sentence = text[start:f.start] + "[" + text[f.start:f.end] + "]" + text[f.end:end]
    click.echo("")
    click.secho(f"[{i}/{n}] {f.path}:{f.line}:{f.column} {f.rule} {f.name}", bold=True)
    click.echo("  " + " ".join(sentence.split()))
    click.echo(f"  {f.message}")
    for k, r in enumerate(rewrites, 1):
        click.echo(f"  {k}. {r['text']}")
    for r in f.reframes:
        if r["kind"] == "question":
            click.echo(f"  ?  {r['text']}")
    click.echo(f"  step: {f.step_title or f.step}")
    return start, end


def review(path: Path, backup: bool = True) -> int:
    import winlint

    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError as err:
        raise WinlintError(f"{path}: not UTF-8 ({err.reason} at byte {err.start}); nothing to review") from err
    findings = [f for f in winlint.lint_text(text, path=str(path), input_format=None) if f.reframes]
    if not findings:
        click.echo(f"{path}: nothing to review")
        return 0
    edits: list[Edit] = []
    keys = "1-{k} accept, e edit, s skip, x suppress, w save and stop, q quit without saving"
    for i, f in enumerate(findings, 1):
        start, end = _show(text, f, i, len(findings))
        if any(e.start < end and start < e.end for e in edits if e.start != e.end):
            click.echo("  (this sentence is already rewritten)")
            continue
        rewrites = [r["text"] for r in f.reframes if r["kind"] == "rewrite"]
        while True:
            choice = click.prompt(keys.format(k=len(rewrites)), default="s", show_default=False).strip().lower()
            if choice.isdigit() and 1 <= int(choice) <= len(rewrites):
                edits.append(Edit(start, end, rewrites[int(choice) - 1]))
                break
            if choice == "e":
                typed = click.prompt("  your sentence (empty: back)", default="", show_default=False)
                if typed.strip():
                    edits.append(Edit(start, end, typed.strip()))
                    break
                continue
            if choice == "s":
                break
            if choice == "x":
                reason = click.prompt("  reason", default="", show_default=False)
                edits.append(suppression(path, text, f.start, f.rule, reason))
                break
            if choice == "q":
                click.echo(f"quit: {path} not changed")
                return 0
            if choice == "w":
                return _finish(path, original, text, edits, backup)
            click.echo("  ?")
    if not edits:
        click.echo(f"no changes: {path} not changed")
        return 0
    if not click.confirm(f"save {len(edits)} change(s) to {path}?", default=True):
        click.echo(f"not saved: {path} not changed")
        return 0
    return _finish(path, original, text, edits, backup)


def _finish(path: Path, original: bytes, text: str, edits: list[Edit], backup: bool) -> int:
    if not edits:
        click.echo(f"no changes: {path} not changed")
        return 0
    save(path, original, apply(text, edits), backup)
    click.echo(f"saved {len(edits)} change(s) to {path}" + (f" (backup: {path.name}.bak)" if backup else ""))
    return 0
