"""The golden file of reframes: every suggestion winlint gives on the labelled corpora, for reading.

    python -m winlint.reframe.golden --update        # regenerate tests/golden/reframes.jsonl, then read it
    python -m winlint.reframe.golden --check         # exit 1 and show the drift when output changed
    python -m winlint.reframe.golden --show CORPUS   # print a corpus's reframes to read locally, write nothing

The file holds, per finding, the item id, rule, flagged range and the labelled reframes, never the
item's text; corpora whose text must stay out of the repository (real-dev) are read with --show only.
tests/test_reframe_golden.py fails when the output drifts from the file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden" / "reframes.jsonl"
# source name -> corpus, relative to the repository (dev sits beside it, as in ../shared)
SOURCES = {
    "dev": REPO.parent / "shared" / "corpus" / "dev.jsonl",
    "part_a": REPO / "training" / "data" / "part_a.jsonl",
    "part_b": REPO / "training" / "data" / "part_b.jsonl",
}


def items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def produce(source: str, path: Path) -> list[dict]:
    """One record per finding on the corpus's items, in item order."""
    import winlint

    out = []
    for item in items(path):
        for f in winlint.lint_text(item["text"]):
            out.append({"source": source, "id": item["id"], "rule": f.rule, "start": f.start, "end": f.end,
                        "reframes": [{k: r[k] for k in ("kind", "step", "text")} for r in f.reframes]})
    return out


def available() -> dict[str, Path]:
    return {name: path for name, path in SOURCES.items() if path.is_file()}


def read() -> list[dict]:
    if not GOLDEN.is_file():
        return []
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(records: list[dict]) -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def drift(source: str, produced: list[dict], golden: list[dict]) -> list[str]:
    """Readable differences between the golden records of a source and what is produced now."""
    key = lambda r: (r["id"], r["rule"], r["start"], r["end"])   # noqa: E731
    was = {key(r): r for r in golden if r["source"] == source}
    now = {key(r): r for r in produced}
    lines = []
    for k in sorted(was.keys() | now.keys()):
        a, b = was.get(k), now.get(k)
        if a == b:
            continue
        lines.append(f"{source} {k[0]} {k[1]} [{k[2]}:{k[3]}]")
        for r in (a or {}).get("reframes", []):
            lines.append(f"  - {r['kind']}: {r['text']}")
        for r in (b or {}).get("reframes", []):
            lines.append(f"  + {r['kind']}: {r['text']}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m winlint.reframe.golden")
    ap.add_argument("--update", action="store_true", help="regenerate the golden file from the corpora found")
    ap.add_argument("--check", action="store_true", help="exit 1 when output drifted from the golden file")
    ap.add_argument("--show", type=Path, help="print the reframes on this corpus; nothing is written")
    a = ap.parse_args(argv)
    if a.show:
        text = {i["id"]: i["text"] for i in items(a.show)}
        for r in produce(a.show.stem, a.show):
            print(f"{r['id']} {r['rule']}: {text[r['id']]}")
            for x in r["reframes"]:
                print(f"    {x['kind']}: {x['text']}")
        return 0
    sources = available()
    if a.update:
        kept = [r for r in read() if r["source"] not in sources]     # a corpus not here keeps its records
        records = kept + [r for name, path in sources.items() for r in produce(name, path)]
        write(records)
        print(f"{GOLDEN}: {len(records)} findings from {', '.join(sources)}; read it before committing")
        return 0
    golden = read()
    lines = [line for name, path in sources.items() for line in drift(name, produce(name, path), golden)]
    print("\n".join(lines) if lines else "no drift")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
