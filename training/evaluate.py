#!/usr/bin/env python3
"""Honest evaluation of the learned stage (WW900), and whether it may be on by default (issue 8).

    python training/evaluate.py                      # the table, the real-prose rate, the verdict
    python training/evaluate.py --threshold 0.9      # the same at another threshold
    python training/evaluate.py --show               # also list dev items WW900 gets wrong
    python training/evaluate.py --json               # one JSON object instead of the table

Dev precision/recall (../shared/corpus/dev.jsonl, never trained on) for three runs, each item
linted as score.py does (the text plus a newline, as plain text; flagged when any finding lands):

  rules     the rule pack alone (the stage off: the default run)
  model     WW900 alone (`--select WW900 --with-model`): every sentence scored, no rule runs
  combined  the rule pack plus WW900 (`--with-model`): the model scores what the rules leave alone

The same numbers come from ../shared/tools/score.py with `--cmd "winlint check --format json"`,
`--cmd "winlint check --format json --with-model --select WW900"` and
`--cmd "winlint check --format json --with-model"`.

Then WW900 findings per 10,000 words on real published prose nobody wrote for winlint
(benchmarks/corpus/1m.txt: Debian's fortunes, doc-debian, debian-reference; build it with
`python benchmarks/run.py --corpus-only`), with a sample to read.

Verdict: the stage may be on by default only if combined dev precision >= 0.95 and WW900 stays at
or under 1 finding per 10,000 words of real prose. The rule pack changes these numbers too (the
model only sees sentences no rule flagged), so rerun this after rule changes.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from winlint.engine import Linter, Options  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
PROSE = ROOT / "benchmarks" / "corpus" / "1m.txt"
MIN_PRECISION = 0.95
MAX_PER_10K = 1.0


def model_code(linter: Linter) -> str:
    codes = [r.code for r in linter.pack.rules if r.kind == "model"]
    if not codes:
        raise SystemExit("evaluate: no rule of kind model in the rule pack")
    return codes[0]


def score(linter: Linter, items: list[dict]) -> dict:
    tp = fp = fn = tn = hard = hard_fp = 0
    per_cat = collections.defaultdict(lambda: [0, 0])
    flagged_ids, wrong = set(), []
    for item in items:
        findings = linter.lint_text(item["text"] + "\n", f"{item['id']}.txt", input_format="plain").findings
        found = bool(findings)
        if found:
            flagged_ids.add(item["id"])
        if item["label"] == "adversarial":
            per_cat[item["category"]][1] += 1
            if found:
                tp += 1
                per_cat[item["category"]][0] += 1
            else:
                fn += 1
        else:
            hard += bool(item.get("hard_negative"))
            if found:
                fp += 1
                hard_fp += bool(item.get("hard_negative"))
                wrong.append((item, findings))
            else:
                tn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            "hard_negative_fp": round(hard_fp / hard, 3) if hard else 0.0,
            "recall_by_category": {c: round(h / n, 2) for c, (h, n) in sorted(per_cat.items())},
            "_flagged": flagged_ids, "_false_positives": wrong}


def real_prose(path: Path, threshold: float | None, sample: int, seed: int) -> dict:
    text = path.read_text(encoding="utf-8")
    words = len(text.split())
    started = time.perf_counter()
    linter = Linter(Options(model_stage=True, model_threshold=threshold))
    code = model_code(linter)
    findings = linter.lint_text(text, str(path)).findings
    seconds = time.perf_counter() - started
    model = [f for f in findings if f.rule == code]
    rules = [f for f in findings if f.rule != code]
    rng = random.Random(seed)
    picked = sorted(rng.sample(model, min(sample, len(model))), key=lambda f: f.start)
    return {"file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path), "words": words,
            "model_findings": len(model), "model_per_10k": round(10_000 * len(model) / words, 2),
            "rule_findings": len(rules), "rules_per_10k": round(10_000 * len(rules) / words, 2),
            "seconds_with_model": round(seconds, 1),
            "sample": [{"line": f.line, "text": " ".join(f.text.split()), "message": f.message} for f in picked]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--prose", type=Path, default=PROSE)
    ap.add_argument("--threshold", type=float, help="WW900 threshold [default: the model's own, from training]")
    ap.add_argument("--sample", type=int, default=15, help="real-prose WW900 findings to print")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", action="store_true", help="list the dev items the model flags wrongly or adds")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    if not args.dev.exists():
        print(f"evaluate: {args.dev} not found", file=sys.stderr)
        return 2
    items = [json.loads(line) for line in args.dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    rules_only = Linter(Options())
    code = model_code(rules_only)
    model_linter = Linter(Options(select=[code], model_stage=True, model_threshold=args.threshold))
    combined_linter = Linter(Options(model_stage=True, model_threshold=args.threshold))
    threshold = model_linter.learned.threshold
    runs = {"rules": score(rules_only, items), "model": score(model_linter, items),
            "combined": score(combined_linter, items)}
    added = runs["combined"]["_flagged"] - runs["rules"]["_flagged"]
    gold = {i["id"]: i["label"] == "adversarial" for i in items}
    out = {"dev": str(args.dev), "items": len(items), "threshold": threshold,
           "runs": {k: {kk: vv for kk, vv in v.items() if not kk.startswith("_")} for k, v in runs.items()},
           "model_adds": {"items": len(added), "adversarial": sum(gold[i] for i in added),
                          "clean": sum(not gold[i] for i in added)}}
    if args.prose.exists():
        out["real_prose"] = real_prose(args.prose, args.threshold, args.sample, args.seed)
    else:
        out["real_prose"] = None
    prose = out["real_prose"]
    ok_precision = runs["combined"]["precision"] >= MIN_PRECISION
    ok_prose = prose is not None and prose["model_per_10k"] <= MAX_PER_10K
    out["verdict"] = {"combined_precision_ok": ok_precision, "real_prose_ok": ok_prose,
                      "on_by_default": ok_precision and ok_prose}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0

    print(f"dev: {args.dev} ({len(items)} items); WW900 threshold {threshold:.2f}\n")
    print("| run | precision | recall | F1 | hard-negative FP | tp | fp | fn |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in runs.items():
        print(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['hard_negative_fp']:.3f} "
              f"| {r['tp']} | {r['fp']} | {r['fn']} |")
    cats = sorted(runs["rules"]["recall_by_category"])
    print("\n| recall by category | " + " | ".join(cats) + " |")
    print("|---|" + "---:|" * len(cats))
    for name, r in runs.items():
        print(f"| {name} | " + " | ".join(f"{r['recall_by_category'][c]:.2f}" for c in cats) + " |")
    m = out["model_adds"]
    print(f"\nthe model adds {m['items']} flagged items to the rules: {m['adversarial']} adversarial, {m['clean']} clean")
    if args.show:
        print("\nclean dev items WW900 flags (model alone):")
        for item, findings in runs["model"]["_false_positives"]:
            print(f"  {item['id']} {item['text']!r}\n      {findings[0].message}")
        print("\nitems the model adds to the rules:")
        for item in items:
            if item["id"] in added:
                print(f"  {item['id']} [{item['label']}/{item['category']}] {item['text']!r}")
    if prose:
        print(f"\nreal prose: {prose['file']}, {prose['words']:,} words: WW900 {prose['model_findings']} findings, "
              f"{prose['model_per_10k']:.2f} per 10,000 words (rules: {prose['rule_findings']}, "
              f"{prose['rules_per_10k']:.2f}); {prose['seconds_with_model']} s with the model on")
        for s in prose["sample"]:
            print(f"  - line {s['line']}: {s['text'][:150]!r}\n      {s['message']}")
    else:
        print(f"\nreal prose: {args.prose} not found; build it with `python benchmarks/run.py --corpus-only`")
    v = out["verdict"]
    print(f"\nverdict: combined dev precision {runs['combined']['precision']:.3f} "
          f"{'>=' if v['combined_precision_ok'] else '<'} {MIN_PRECISION}; real prose "
          + (f"{prose['model_per_10k']:.2f} {'<=' if v['real_prose_ok'] else '>'} {MAX_PER_10K}" if prose else "unmeasured")
          + f" per 10,000 words -> the learned stage {'MAY be on' if v['on_by_default'] else 'stays OFF'} by default")
    return 0


if __name__ == "__main__":
    sys.exit(main())
