"""Dense drafts and mail folders for the benchmark (issue 15), built from the corpus and the rules.

Adversarial sentences are the rules' own `examples: bad:` (rules/**/*.yaml): text the pack's
authors wrote, never anything from ../shared/corpus. Prose sentences come from the benchmark
corpus (1m.txt, Debian docs and fortunes). Same bytes every run (random.Random(2026)).

  dense-half-5m.txt  5 MB, paragraphs of 4-6 sentences, every other sentence adversarial
  dense-all-5m.txt   5 MB, every sentence adversarial
  dense-half-1m.txt, dense-all-1m.txt   1 MB prefixes of the same streams (for --quick)
  1k-finding.eml     1k.eml with one adversarial sentence in its body (cold start with a finding)
  mail/              ~650 RFC 5322 emails whose bodies are 1m.txt's paragraphs, ~1.5 KB each
  mail-plain/        the same bodies as .txt files (the email-folder-vs-plain ratio)
"""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import yaml

import corpusgen

SEED = 2026
SIZES = {"1m": 1_000_000, "5m": 5_000_000}
MAIL_BODY = 1500
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def rule_examples(rules: Path) -> list[str]:
    out = []
    for path in sorted(rules.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        bad = ((data or {}).get("examples") or {}).get("bad") if isinstance(data, dict) else None
        for ex in bad or []:
            text = ex.get("text") if isinstance(ex, dict) else ex
            if isinstance(text, str) and "\n" not in text.strip() and len(text.split()) >= 3:
                text = text.strip()
                out.append(text[0].upper() + text[1:] + ("" if text[-1] in ".!?\"'”" else "."))
    return sorted(set(out))


def prose_sentences(text: str) -> list[str]:
    out = []
    for par in text.split("\n\n"):
        for s in _SENT.split(" ".join(par.split())):
            if 4 <= len(s.split()) <= 40 and s[-1] in ".!?":
                out.append(s)
    return out


def dense(prose: list[str], bad: list[str], share: float, target: int, rng: random.Random) -> str:
    pars, size, k = [], 0, 0
    while size < target:
        sents = []
        for _ in range(rng.randint(4, 6)):
            adversarial = share >= 1 or (k % 2 == 1)
            sents.append(rng.choice(bad if adversarial else prose))
            k += 1
        par = textwrap.fill(" ".join(sents), corpusgen.WRAP, break_long_words=False,
                            break_on_hyphens=False)
        pars.append(par)
        size += len(par.encode("utf-8")) + 2
    return "\n\n".join(pars) + "\n"


def build(corpus: Path, rules: Path) -> dict:
    """Write the dense files and mail folders into corpus/ (after corpusgen.build)."""
    bad = rule_examples(rules)
    one_m = (corpus / "1m.txt").read_text(encoding="utf-8")
    prose = prose_sentences(one_m)
    corpusgen.log(f"dense text: {len(bad)} adversarial example sentences from {rules}, "
                  f"{len(prose)} prose sentences from 1m.txt")
    info = {}
    for label, share in (("half", 0.5), ("all", 1.0)):
        text = dense(prose, bad, share, SIZES["5m"], random.Random(SEED))
        small = text[:text.rfind("\n\n", 0, SIZES["1m"]) + 1]
        for size, body in (("5m", text), ("1m", small)):
            name = f"dense-{label}-{size}.txt"
            (corpus / name).write_text(body, encoding="utf-8", newline="")
            info[name] = {"bytes": len(body.encode("utf-8")), "words": len(body.split())}

    eml = (corpus / "1k.eml").read_bytes().decode("utf-8")
    line = random.Random(SEED).choice(bad)
    with_finding = eml.replace("\r\nThanks,", "\r\n" + line + "\r\n\r\nThanks,", 1)
    (corpus / "1k-finding.eml").write_text(with_finding, encoding="utf-8", newline="")
    info["1k-finding.eml"] = {"bytes": len(with_finding.encode("utf-8")), "words": len(with_finding.split())}

    mail, plain = corpus / "mail", corpus / "mail-plain"
    for d in (mail, plain):
        d.mkdir(exist_ok=True)
        for p in d.iterdir():
            p.unlink()
    bodies, buf = [], []
    for par in one_m.split("\n\n"):
        buf.append(par.strip("\n"))
        if sum(len(b) for b in buf) >= MAIL_BODY:
            bodies.append("\n\n".join(buf) + "\n")
            buf = []
    if buf:
        bodies.append("\n\n".join(buf) + "\n")
    for i, body in enumerate(bodies):
        (mail / f"{i:04d}.eml").write_text(corpusgen.email(body), encoding="utf-8", newline="")
        (plain / f"{i:04d}.txt").write_text(body, encoding="utf-8", newline="")
    words = sum(len(b.split()) for b in bodies)
    info["mail/"] = {"files": len(bodies), "words": words, "bytes": sum(p.stat().st_size for p in mail.iterdir())}
    info["mail-plain/"] = {"files": len(bodies), "words": words,
                           "bytes": sum(p.stat().st_size for p in plain.iterdir())}
    for name, d in info.items():
        corpusgen.log(f"{name:16} {d['bytes']:>10} bytes {d['words']:>9} words")
    return info


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    build(here / "corpus", here.parent / "rules")
