"""Tone summary: findings by category and rule, and findings per 100 sentences."""
from __future__ import annotations

from collections import Counter


def counts(results):
    by_rule = Counter((f.rule, f.name) for r in results for f in r.findings)
    by_category = Counter(f.category for r in results for f in r.findings)
    return by_rule, by_category


def per_100(findings: int, sentences: int) -> float:
    return 100.0 * findings / sentences if sentences else 0.0


def file_tone(result) -> str:
    cats = Counter(f.category for f in result.findings)
    parts = ", ".join(f"{c} {n}" for c, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0])))
    rate = per_100(len(result.findings), result.sentences)
    from .render import shown_path

    return (f"{shown_path(result.path)}: {len(result.findings)} finding(s) in {result.sentences} sentence(s), "
            f"{rate:.1f} per 100 sentences" + (f" ({parts})" if parts else ""))


def summary_lines(results) -> list[str]:
    by_rule, by_category = counts(results)
    total = sum(by_rule.values())
    sentences = sum(r.sentences for r in results)
    lines = ["", "Tone summary:"]
    lines += [f"  {file_tone(r)}" for r in results]
    lines.append("By rule:")
    lines += [f"  {n:5d}  {code} {name}" for (code, name), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append("By category:")
    lines += [f"  {n:5d}  {cat}" for cat, n in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append(f"Total: {total} finding(s) in {len(results)} file(s), {sentences} sentence(s), "
                 f"{per_100(total, sentences):.1f} per 100 sentences")
    return lines
