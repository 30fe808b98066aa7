"""Run one whole process and measure it: wall time and its own peak RSS.

RUSAGE_CHILDREN would give the maximum over *all* children so far, and a child spawned from this
(growing) process inherits its high-water RSS at exec, so each command runs under launch.py, which
forks it from a small fresh process and reaps it with os.wait4() (that child's own rusage,
including any children it waited for).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    argv: list[str]
    wall: float           # seconds, whole process, fork to reap
    rss_mb: float         # peak resident set size, MiB (ru_maxrss is KiB on Linux)
    returncode: int
    timed_out: bool = False
    stderr: str = ""
    cpu: float = 0.0      # user + system CPU seconds of the process (and children it waited for)


LAUNCHER = Path(__file__).resolve().with_name("launch.py")


def run(argv: list[str], stdout: Path | None = None, stdin: Path | None = None,
        timeout: float = 600, cwd: Path | None = None, env: dict | None = None) -> Run:
    argv = [str(a) for a in argv]
    with tempfile.TemporaryDirectory(prefix="winlint-bench-") as tmp:
        result, err_path = Path(tmp, "result.json"), Path(tmp, "stderr")
        with open(stdout or os.devnull, "wb") as out, open(stdin or os.devnull, "rb") as inp, \
                open(err_path, "wb") as err:
            subprocess.run([sys.executable, "-I", "-S", str(LAUNCHER), str(result), str(timeout),
                            "--", *argv], stdout=out, stdin=inp, stderr=err, cwd=cwd, env=env,
                           check=False)
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        if not result.exists():
            raise RuntimeError(f"launcher failed for {' '.join(argv)}\n{stderr}")
        r = json.loads(result.read_text())
    return Run(argv, r["wall"], r["maxrss_kb"] / 1024, r["returncode"], r["timed_out"],
               stderr[-4000:], r["cpu"])


def check(r: Run, ok_codes=(0,)) -> Run:
    if r.timed_out:
        raise RuntimeError(f"timed out after {r.wall:.0f}s: {' '.join(r.argv)}")
    if r.returncode not in ok_codes:
        raise RuntimeError(f"exit {r.returncode}: {' '.join(map(str, r.argv))}\n{r.stderr}")
    return r


def repeat(argv: list[str], n: int, warmup: int = 1, ok_codes=(0,), **kw) -> dict:
    """Median wall time and max RSS over n whole-process runs, after `warmup` untimed runs."""
    for _ in range(warmup):
        check(run(argv, **kw), ok_codes)
    runs = [check(run(argv, **kw), ok_codes) for _ in range(n)]
    walls = [r.wall for r in runs]
    return {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls),
            "cpu_s": statistics.median(r.cpu for r in runs), "runs": n,
            "rss_mb": max(r.rss_mb for r in runs)}
