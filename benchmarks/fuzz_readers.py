"""Fuzz the four readers end to end: N generated inputs, zero crashes, exact offsets, same output twice.

    python benchmarks/fuzz_readers.py                  # 100,000 inputs in 2 processes
    python benchmarks/fuzz_readers.py -n 2000 -j 1 --seed 7

Inputs come from tests/test_fuzz.py's hypothesis strategies (the rules' bad examples spliced into
hostile Unicode and Markdown/HTML/email markup) plus the red-team shapes: plain-text emails
(signatures, attributions, Outlook blocks), parts in charsets Python does not know, crafted and
over-long MIME headers, deep multipart and Markdown nesting. Each input is linted in one of the
four formats (plain, markdown, email, html), with quoted replies skipped or included, and checked
by test_fuzz.check_text: no exception, `source[start:end] == text` for every finding (or the
text is in the decoded part a finding sits on), line/column derived from the offsets, sorted
output, the same result when linted again.

Prints the counts per format and the first failures (with the input's repr), and exits 1 if
anything failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("winlint_test_fuzz", ROOT / "tests" / "test_fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def strategies(fz):
    """test_fuzz's texts plus the red-team shapes (sizes kept small so 100,000 run in minutes)."""
    from hypothesis import strategies as st

    body, bad = fz.body, st.sampled_from(fz.BAD)
    quote = lambda text: "\n".join("> " + line for line in text.split("\n"))  # noqa: E731
    charsets = st.sampled_from(["unknown-8bit", "x-user-defined", "utf8mb4", "utf-8\0", "rot13", "base64",
                                "idna", "windows-874", "iso-8859-8-i", "x-bogus", "", "utf-16", "latin-1"])

    def charset_email(text, charset, cte, latin):
        data = text.encode("latin-1", "replace") if latin else text.encode("utf-8", "surrogatepass")
        import base64
        import quopri
        payload = (base64.encodebytes(data) if cte == "base64" else quopri.encodestring(data)).decode("ascii")
        return (f"From: a@b.example\nSubject: hi\nMIME-Version: 1.0\nContent-Type: text/plain; "
                f"charset=\"{charset}\"\nContent-Transfer-Encoding: {cte}\n\n\n{payload}")

    def header_bomb(text, field, shape, k):
        junk = {"parens": "(" * k, "params": "; a=b" * k, "rfc2231": "".join(f"; f*{i}*=x" for i in range(k))}[shape]
        return f"From: a@b.example\nSubject: hi\n{field}: text/plain{junk}\n\n{text}\n"

    def deep_multipart(text, k):
        head = "".join(f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(k))
        tail = "".join(f"--b{i}--\n" for i in reversed(range(k)))
        return f"From: a@b.example\nSubject: x\nMIME-Version: 1.0\n{head}Content-Type: text/plain\n\n{text}\n{tail}"

    plain_emails = st.one_of(
        st.builds(lambda a, b, c: f"{a}\n-- \n{b}\n{c}\n", body, bad, bad),
        st.builds(lambda a, b: f"{a}\n\nOn Mon, 1 Jan 2024, Ana <a@b.example> wrote:\n{quote(b)}\n", body, body),
        st.builds(lambda a, b: f"{a}\n\nFrom: Ana\nSent: Monday\nTo: Dana\nSubject: x\n\n{b}", body, body),
        st.builds(lambda a, b: f"{a}\n-----Original Message-----\n{b}", body, body),
        st.builds(lambda a, b: f"From: a@b.example\nTo: c@d.example\nSubject: {a}\n\n{b}", bad, body),
        st.builds(lambda a, b: f"{a}\n> {b}\n--\n{a}", body, bad),
    )
    nesting = st.one_of(
        st.builds(lambda k, t: "".join("  " * i + f"- level {i}\n" for i in range(k)) + "\n" + t,
                  st.integers(1, 120), body),
        st.builds(lambda m, k, t: m * k + t + "\n\n" + t, st.sampled_from(["- ", "1. ", "> ", "* > "]),
                  st.integers(1, 200), body),
    )
    return st.one_of(
        fz.texts,
        plain_emails,
        st.builds(charset_email, body, charsets, st.sampled_from(["base64", "quoted-printable"]), st.booleans()),
        st.builds(header_bomb, body, st.sampled_from(["Content-Type", "Content-Disposition",
                                                      "Content-Transfer-Encoding"]),
                  st.sampled_from(["parens", "params", "rfc2231"]), st.integers(0, 1500)),
        st.builds(deep_multipart, body, st.integers(0, 60)),
        nesting,
        st.builds(lambda k, t: "<!--" * k + "\n\n" + t, st.integers(1, 3000), body),
    )


class _Counting:
    """A Linter that remembers its last result (so findings are counted without linting again)."""

    def __init__(self, linter):
        self.linter, self.options, self.last = linter, linter.options, None

    def lint_text(self, *args, **kwargs):
        self.last = self.linter.lint_text(*args, **kwargs)
        return self.last


def worker(args) -> dict:
    n, seed, worker_id = args
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed
    fz = _fuzz_module()
    from winlint.engine import Linter, Options

    linters = {False: _Counting(Linter(Options())), True: _Counting(Linter(Options(quoted="include")))}
    counts: Counter = Counter()
    failures: list[str] = []
    started = time.time()

    @settings(max_examples=n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @hseed(seed)
    @given(source=strategies(fz))
    def run(source):
        k = counts["inputs"]  # formats and quoting in turn: every reader gets a quarter
        fmt, quoted = fz.FORMATS[k % len(fz.FORMATS)], bool(k // len(fz.FORMATS) % 2)
        counts["inputs"] += 1
        counts[f"inputs:{fmt}"] += 1
        linter = linters[quoted]
        try:
            linter.last = None
            fz.check_text(linter, source, fmt)
            counts["findings"] += len(linter.last.findings)
        except AssertionError as err:
            kind = "nondeterministic" if "not deterministic" in str(err) else "offset"
            counts[kind] += 1
            if len(failures) < 20:
                failures.append(f"{kind} [{fmt}, quoted={quoted}]: {err}\n  input: {source!r}"[:4000])
        except Exception as err:  # noqa: BLE001 - counting crashes is the point
            counts["crash"] += 1
            if len(failures) < 20:
                failures.append(f"crash [{fmt}, quoted={quoted}]: {type(err).__name__}: {err}\n"
                                f"  input: {source!r}"[:4000])
        if counts["inputs"] % 2500 == 0:
            print(f"[worker {worker_id}] {counts['inputs']} inputs, {counts['findings']} findings, "
                  f"{counts['crash']} crashes, {counts['offset']} offset errors, "
                  f"{counts['nondeterministic']} nondeterministic, {time.time() - started:.0f} s",
                  file=sys.stderr, flush=True)

    run()
    return {"counts": counts, "failures": failures}


def fuzz(n: int, jobs: int = 2, seed: int = 2026) -> dict:
    """Run ``n`` inputs over ``jobs`` processes; return the summed counts and first failures."""
    shares = [n // jobs + (k < n % jobs) for k in range(jobs)]
    tasks = [(share, seed + k, k) for k, share in enumerate(shares) if share]
    if jobs == 1:
        results = [worker(t) for t in tasks]
    else:
        with multiprocessing.get_context("spawn").Pool(len(tasks)) as pool:
            results = pool.map(worker, tasks)
    counts: Counter = Counter()
    failures: list[str] = []
    for r in results:
        counts.update(r["counts"])
        failures += r["failures"]
    return {"counts": counts, "failures": failures}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="inputs in all (default 100000)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="processes (default 2)")
    ap.add_argument("--seed", type=int, default=2026)
    opts = ap.parse_args()
    started = time.time()
    out = fuzz(opts.n, opts.jobs, opts.seed)
    c = out["counts"]
    bad = c["crash"] + c["offset"] + c["nondeterministic"]
    per = ", ".join(f"{k.split(':')[1]} {v}" for k, v in sorted(c.items()) if k.startswith("inputs:"))
    print(f"inputs: {c['inputs']} ({per})")
    print(f"findings checked: {c['findings']}")
    print(f"crashes: {c['crash']}  offset errors: {c['offset']}  nondeterministic: {c['nondeterministic']}")
    print(f"time: {time.time() - started:.0f} s with {opts.jobs} process(es), seed {opts.seed}")
    for f in out["failures"]:
        print(f)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
