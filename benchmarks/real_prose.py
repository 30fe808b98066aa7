#!/usr/bin/env python3
"""Precision on real prose nobody wrote for winlint (issue 3).

Lints the benchmark corpus (Debian's fortunes, doc-debian and debian-reference-en, built by
`python benchmarks/run.py`), prints findings per 10,000 words, and a seeded random sample of
findings to read by hand.

    python scripts/real_prose.py [--file benchmarks/corpus/1m.txt] [--sample 30] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from winlint.engine import Linter, Options  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=ROOT / "benchmarks" / "corpus" / "1m.txt")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--learned", action="store_true", help="include the learned stage (WW900)")
    args = ap.parse_args()
    if not args.file.exists():
        print(f"{args.file} not found; build it with: python benchmarks/run.py", file=sys.stderr)
        return 2
    text = args.file.read_text(encoding="utf-8")
    opts = Options(model_stage=args.learned)
    result = Linter(opts).lint_text(text, str(args.file))
    words = len(text.split())
    findings = result.findings
    print(f"{args.file}: {words} words, {len(findings)} findings, "
          f"{10_000 * len(findings) / words:.2f} per 10,000 words")
    for (code, name), n in Counter((f.rule, f.name) for f in findings).most_common():
        print(f"  {n:4d} {code} {name}")
    rng = random.Random(args.seed)
    sample = rng.sample(findings, min(args.sample, len(findings)))
    lines = text.splitlines()
    print(f"\n{len(sample)} random findings (read each: is it adversarial framing aimed at a colleague?)")
    for f in sorted(sample, key=lambda f: f.start):
        context = lines[f.line - 1].strip()
        print(f"- {f.rule} line {f.line}: {f.text!r}\n    {context[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
