"""Copy winlint's rule pack N times with unique codes and names (for the "5x pack" measurement).

A rule file is a YAML file with a `code: WWnnn` line (top level, or one per item of a list); its
`name:` beside that code equals the file stem (kebab-case). Copy 1 keeps everything as is; copy k >= 2 gets
  * file   <stem>-dup<letter><suffix>      (letters only, so any kebab-case check accepts it)
  * name:  <name>-dup<letter>
  * codes: every WWnnn token in the file mapped to a fresh unused code in the same hundred
           block as the original (blocks are categories: WW1xx control, ...), or, once the
           block is full, the same digits under another prefix (WB101, WC101, ...). References between rules (WWnnn anywhere in a file) are
           mapped with the same table, so a copy refers to its own copy of the other rule.
Files without a code (shared word lists, READMEs) are copied once, unchanged. Text is rewritten with
regular expressions, not parsed and dumped, so comments and layout stay as they were.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CODE = re.compile(r"\bWW\d{3}\b")
CODE_LINE = re.compile(r"^([ \t]*(?:-[ \t]+)?)code:[ \t]*['\"]?(WW\d{3})['\"]?[ \t]*(?:#.*)?$", re.M)
NAME_LINE = re.compile(r"^([ \t]*(?:-[ \t]+)?)(name:[ \t]*['\"]?)([a-z0-9]+(?:-[a-z0-9]+)*)"
                       r"(['\"]?[ \t]*(?:#.*)?)$", re.M)
YAML = {".yml", ".yaml"}


def rule_files(src: Path) -> list[Path]:
    return sorted(p for p in src.rglob("*") if p.suffix in YAML and p.is_file()
                  and CODE_LINE.search(p.read_text(encoding="utf-8")))


def looks_like_pack(path: Path) -> bool:
    return path.is_dir() and bool(rule_files(path))


def allocate(codes: list[str], copies: int) -> list[dict[str, str]]:
    """One {old: new} table per copy; copy 0 is the identity.

    New codes stay WW + 3 digits in the original's hundred block (the block names the category)
    while that block has free numbers; past that, the copy keeps the digits under another
    prefix (WB101, WC101, ...), which the loader's code pattern ([A-Z]{1,4} + 3 digits) accepts.
    """
    used = set(codes)
    free = {b: [n for n in range(b * 100, b * 100 + 100) if f"WW{n:03d}" not in used] for b in range(10)}
    tables = [{c: c for c in codes}]
    for k in range(1, copies):
        table = {}
        for code in codes:
            pool = free[int(code[2])]
            if pool:
                table[code] = f"WW{pool.pop(0):03d}"
            else:
                table[code] = f"W{chr(ord('A') + k)}{code[2:]}"
                if table[code] in used:
                    raise ValueError(f"cannot find a free code for copy {k + 1} of {code}")
            used.add(table[code])
        tables.append(table)
    return tables


def duplicate(src: Path, dst: Path, copies: int) -> dict:
    """Write `copies` copies of the pack at src into dst (created). Returns a summary."""
    files = rule_files(src)
    if not files:
        raise ValueError(f"no rule files (YAML with `code: WWnnn`) under {src}")
    codes = sorted({m.group(2) for p in files
                    for m in CODE_LINE.finditer(p.read_text(encoding="utf-8"))})
    tables = allocate(codes, copies)
    dst.mkdir(parents=True, exist_ok=True)
    rule_set = set(files)
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_dir():
            (dst / rel).mkdir(parents=True, exist_ok=True)
        elif path not in rule_set:
            shutil.copy2(path, dst / rel)
    for k, table in enumerate(tables):
        tag = "" if k == 0 else f"-dup{chr(ord('a') + k)}"
        for path in files:
            text = path.read_text(encoding="utf-8")
            if k:
                # only `name:` keys at a rule's own level (beside its `code:`), not e.g. captures
                levels = {len(m.group(1)) for m in CODE_LINE.finditer(text)}
                text = CODE.sub(lambda m: table.get(m.group(0), m.group(0)), text)
                text = NAME_LINE.sub(
                    lambda m: m.group(0) if len(m.group(1)) not in levels
                    else m.group(1) + m.group(2) + m.group(3) + tag + m.group(4), text)
            out = dst / path.relative_to(src).with_name(path.stem + tag + path.suffix)
            out.write_text(text, encoding="utf-8")
    return {"source": str(src), "rule_files": len(files), "codes": len(codes), "copies": copies,
            "files_written": sum(1 for p in dst.rglob("*") if p.is_file())}
