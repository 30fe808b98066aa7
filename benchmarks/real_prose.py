#!/usr/bin/env python3
"""False alarms on real prose nobody wrote for winlint: findings per 10,000 words (issue 12).

Lints, with the default configuration of the day (or --no-model / --no-stance to see a stage's
share), the benchmark corpus (`benchmarks/corpus/10m.txt`, built by `python benchmarks/run.py`) and
Debian's reference manual, FAQ and constitution (Debian packages debian-reference-en, debian-faq,
doc-debian; installed with apt-get when missing and run as root). Prints findings per 10,000 words
for each, the rules that fired, and every finding on the Debian texts (few, by design) plus a
seeded sample of the corpus's, to read by hand. Target: <= 1.0 per 10,000 words on each.

    python benchmarks/real_prose.py [--corpus benchmarks/corpus/10m.txt] [--sample 30] [--json OUT]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from winlint.engine import Linter, Options  # noqa: E402

TARGET = 1.0
DEBIAN = {   # name -> (package, files, input format)
    "debian-reference": ("debian-reference-en", "/usr/share/debian-reference/*.en.html", "html"),
    "debian-faq": ("debian-faq", "/usr/share/doc/debian/FAQ/*.en.html", "html"),
    "debian-constitution": ("doc-debian", "/usr/share/doc/debian/constitution.txt.gz", "plain"),
}


def ensure_debian() -> None:
    missing = [pkg for pkg, pattern, _ in DEBIAN.values() if not list(Path("/").glob(pattern.lstrip("/")))]
    if missing and shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env,
                       stdout=subprocess.DEVNULL, check=False)


def read(path: Path) -> str:
    raw = path.read_bytes()
    return (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", errors="replace")


def lint_texts(linter: Linter, texts) -> tuple[int, list]:
    """(words of prose, findings) over (name, text, format) triples; words are counted as the
    linter counts them, on the prose it reads (markup and code left out)."""
    words, findings = 0, []
    for name, text, fmt in texts:
        result = linter.lint_text(text, name, fmt)
        words += result.words
        findings += [(name, text, f) for f in result.findings]
    return words, findings


def report(label: str, words: int, findings: list, sample: int, rng) -> dict:
    rate = 10_000 * len(findings) / max(1, words)
    print(f"\n## {label}: {words} words, {len(findings)} findings, {rate:.2f} per 10,000 words "
          f"({'meets' if rate <= TARGET else 'misses'} the <= {TARGET} target)")
    for (code, name), n in Counter((f.rule, f.name) for _, _, f in findings).most_common():
        print(f"  {n:4d} {code} {name}")
    shown = findings if len(findings) <= sample else rng.sample(findings, sample)
    for path, text, f in sorted(shown, key=lambda x: (x[0], x[2].start)):
        line = text.splitlines()[f.line - 1] if f.line - 1 < len(text.splitlines()) else ""
        print(f"- {Path(path).name}:{f.line} {f.rule} {f.text!r}\n    {' '.join(line.split())[:180]}")
    return {"words": words, "findings": len(findings), "per_10k": round(rate, 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "benchmarks" / "corpus" / "10m.txt")
    ap.add_argument("--sample", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-model", action="store_true", help="leave the learned stage out")
    ap.add_argument("--no-stance", action="store_true", help="leave the stance layer out")
    ap.add_argument("--json", type=Path, help="write the rates here")
    args = ap.parse_args()
    options = Options(stance=not args.no_stance)
    if args.no_model:
        options.model_stage = False
    linter = Linter(options)
    rng = random.Random(args.seed)
    out = {}
    if args.corpus.exists():
        text = args.corpus.read_text(encoding="utf-8")
        out["corpus"] = report(args.corpus.name, *lint_texts(linter, [(str(args.corpus), text, "plain")]),
                               args.sample, rng)
    else:
        print(f"{args.corpus} not found; build it with: python benchmarks/run.py", file=sys.stderr)
    ensure_debian()
    for label, (pkg, pattern, fmt) in DEBIAN.items():
        files = sorted(Path("/").glob(pattern.lstrip("/")))
        if not files:
            print(f"\n## {label}: not installed (apt-get install {pkg})", file=sys.stderr)
            continue
        out[label] = report(label, *lint_texts(linter, [(str(p), read(p), fmt) for p in files]),
                            args.sample, rng)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0 if all(v["per_10k"] <= TARGET for v in out.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
