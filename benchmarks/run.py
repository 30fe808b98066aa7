#!/usr/bin/env python3
"""winlint benchmark: winlint vs proselint vs the bare spaCy floor, in one run (issue 6).

One command, from a fresh clone on a fresh Debian machine, as root:

    python3 benchmarks/run.py

It (1) installs Debian's fortunes, fortunes-min, doc-debian and debian-reference-en when missing
and builds benchmarks/corpus/ (1k.txt, 1k.eml, 1m/10m .txt/.md, many/ = 1m.txt in ~200 files;
same bytes every run, sha256 printed), (2) makes benchmarks/.venv with proselint 0.16.x,
(3) times whole processes (wall time from fork to exit, peak RSS from wait4) and (4) prints a
Markdown table with the issue's ratios and PASS/FAIL per target, also written to
benchmarks/results/latest.md and latest.json. About 5-8 minutes on the 2-core machine.

winlint is taken from PATH (`winlint check --format json FILE...`, exit 0 or 1 = ran fine); when it
is not installed its rows are skipped with a message. The spaCy floor runs on the interpreter
winlint's entry script uses, so both import the same spaCy; without winlint, on this interpreter;
if neither has spaCy, spacy==3.8.* is installed into benchmarks/.venv and the floor runs there.

Options: --reps N (cold-start runs, default 5), --quick (1 MB files only, 3 reps: for trying the
script, not for the table of record), --skip-proselint, --skip-winlint, --corpus-only,
--update-readme (copy the table into benchmarks/README.md's "Latest results" section).
Environment: WINLINT_BENCH_CMD (command instead of `winlint`, e.g. "python -m winlint"),
WINLINT_BENCH_RULES (the rule pack folder to duplicate; default rules/ or the package's rules/),
WINLINT_BENCH_RULES_ARGS (how to point winlint at a rule folder with the built-in pack off; by
default read from `winlint check --help`: "--rules {dir} --no-builtin").

Repetitions: cold starts are the median of --reps runs after one untimed warm-up (so the OS page
cache, __pycache__ and any rule cache are warm: "cold" means a new process, not a cold disk);
1 MB throughput is the median of 3 runs; every 10 MB figure is ONE run, to stay well inside the
15-minute budget.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpusgen  # noqa: E402
import densegen  # noqa: E402
import measure  # noqa: E402
import rulepack  # noqa: E402

VENV = BENCH / ".venv"
RESULTS = BENCH / "results"
CORPUS = BENCH / "corpus"
FLOOR_SCRIPT = BENCH / "floor.py"
PROSELINT_SERIES = "0.16"
SPACY_FALLBACK = "spacy==3.8.*"
OK = (0, 1)  # linters exit 1 when they found something
RSS_LIMIT_MB = 250
PACK_COPIES = 5
MANY_SAMPLE = 20
# issue 15: dense text, Markdown, mail folders, cold start with a finding (CPU-time ratios)
DENSE_WORDS_PER_CPU_S = 100_000
DENSE_VS_FLOOR = 0.5
MD_VS_PLAIN = 0.7
MAIL_VS_PLAIN = 0.7
PROSELINT_RATIO = 3.0   # issue 15 (issue 6 asked 1.7)
SEED = 2026

T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- environment

def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    if venv_python().exists():
        return
    try:
        import ensurepip  # noqa: F401  (Debian's python3 lacks it without python3-venv)
    except ImportError:
        ver = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
        log(f"venv needs ensurepip: apt-get install {ver}")
        subprocess.run(["apt-get", "install", "-y", "-qq", "python3-venv", ver], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    log(f"creating {VENV} (no system site packages)")
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)


def pip(*args: str) -> str:
    r = subprocess.run([str(venv_python()), "-m", "pip", "--disable-pip-version-check", *args],
                       text=True, capture_output=True)
    if r.returncode != 0:
        raise SystemExit(f"pip {' '.join(args)} failed (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    return r.stdout


def installed_version(package: str) -> str | None:
    r = subprocess.run([str(venv_python()), "-c",
                        f"import importlib.metadata as m; print(m.version({package!r}))"],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def ensure_proselint() -> dict:
    ensure_venv()
    have = installed_version("proselint")
    if have and have.startswith(PROSELINT_SERIES + "."):
        log(f"proselint {have} already in {VENV}")
    else:
        out = pip("index", "versions", "proselint")
        m = re.search(r"Available versions:\s*(.+)", out)
        versions = [v.strip() for v in m.group(1).split(",")] if m else []
        series = [v for v in versions if v.startswith(PROSELINT_SERIES + ".")]
        pick = series[0] if series else (versions[0] if versions else None)
        spec = f"proselint=={pick}" if pick else "proselint"
        log(f"pip install {spec} into {VENV} (available: {', '.join(versions[:6]) or '?'})")
        pip("install", "-q", spec)
        have = installed_version("proselint")
    exe = VENV / "bin" / "proselint"
    help_text = subprocess.run([str(exe), "--help"], capture_output=True, text=True).stdout
    # 0.16 has subcommands (`proselint check -o json FILE`); older releases take FILE directly.
    if re.search(r"^\s+check\b", help_text, re.M):
        argv = [str(exe), "check", "--output-format", "json"]
    else:
        argv = [str(exe), "--json"]
    log(f"proselint {have}: {' '.join(argv)} FILE")
    return {"version": have, "argv": argv}


def resolve_command(name: str) -> str | None:
    """Absolute path of a console script, looking through pyenv shims (a bash layer adding
    ~50 ms to every start, which would distort cold starts)."""
    path = shutil.which(name)
    if path and "/shims/" in path and shutil.which("pyenv"):
        r = subprocess.run(["pyenv", "which", name], capture_output=True, text=True)
        path = r.stdout.strip() if r.returncode == 0 else None
    return path


def script_interpreter(path: str) -> str | None:
    try:
        head = Path(path).read_bytes()[:512].decode("utf-8", "replace")
    except OSError:
        return None
    m = re.match(r"#!\s*(\S+)", head)
    if m and "python" in m.group(1):
        return m.group(1)
    m = re.search(r"exec'\s+'?(\S+?python[\w.]*)", head)  # pip's long-shebang shell trampoline
    return m.group(1) if m else None


def spacy_version(python: str) -> str | None:
    r = subprocess.run([python, "-c", "import spacy; print(spacy.__version__)"],
                       capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def floor_interpreter(winlint: dict | None) -> dict:
    candidates = []
    if winlint and winlint.get("python"):
        candidates.append((winlint["python"], "the interpreter of winlint's entry script"))
    candidates.append((sys.executable, "the interpreter running run.py"))
    for python, why in candidates:
        ver = spacy_version(python)
        if ver:
            return {"python": python, "spacy": ver, "why": why}
    ensure_venv()
    log(f"no spaCy next to winlint or run.py: pip install {SPACY_FALLBACK} into {VENV}")
    pip("install", "-q", SPACY_FALLBACK)
    python = str(venv_python())
    return {"python": python, "spacy": spacy_version(python),
            "why": f"{VENV.relative_to(REPO)} (fallback: spaCy was not importable elsewhere)"}


def find_winlint() -> dict | None:
    if os.environ.get("WINLINT_BENCH_CMD"):
        argv = shlex.split(os.environ["WINLINT_BENCH_CMD"])
        exe = resolve_command(argv[0]) or argv[0]
        argv[0] = exe
        python = exe if "python" in Path(exe).name else script_interpreter(exe)
    else:
        exe = resolve_command("winlint")
        if not exe:
            return None
        argv = [exe]
        python = script_interpreter(exe)
    try:
        r = subprocess.run([*argv, "check", "--help"], capture_output=True, text=True)
    except OSError as exc:
        log(f"cannot run {argv[0]}: {exc}")
        return None
    if r.returncode != 0:
        log(f"`{' '.join(argv)} check --help` failed (exit {r.returncode}): {r.stderr.strip()[:300]}")
        return None
    v = subprocess.run([*argv, "--version"], capture_output=True, text=True)
    version = re.sub(r"^winlint[\s,:]+", "", v.stdout.strip())[:100] if v.returncode == 0 else None
    precompile(python)
    return {"argv": argv, "python": python, "help": r.stdout, "version": version or None}


def precompile(python: str | None) -> None:
    """Write winlint's .pyc files, as `pip install` does for a wheel: an editable install (or
    PYTHONDONTWRITEBYTECODE) would otherwise make every timed start compile the sources."""
    if not python:
        return
    code = "import compileall, os, winlint; compileall.compile_dir(os.path.dirname(winlint.__file__), quiet=1)"
    r = subprocess.run([python, "-c", code], capture_output=True, text=True)
    if r.returncode != 0:
        log(f"could not precompile winlint: {r.stderr.strip()[-300:]}")


def git_head() -> str | None:
    """Commit of the checkout, read from .git files (no git command)."""
    try:
        head = (REPO / ".git" / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        path = REPO / ".git" / ref
        if path.exists():
            return path.read_text().strip()
        packed = REPO / ".git" / "packed-refs"
        for line in packed.read_text().splitlines() if packed.exists() else []:
            if line.endswith(" " + ref):
                return line.split()[0]
    except OSError:
        pass
    return None


def loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def machine() -> dict:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "python": platform.python_version(), "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


# --------------------------------------------------------------------------- measurements

def throughput(argv: list[str], path: Path, words: int, runs: int, timeout: float = 600,
               **kw) -> dict:
    res = [measure.check(measure.run([*argv, path], timeout=timeout, **kw), OK)
           for _ in range(runs)]
    return summarize(res, path.name, words)


def summarize(res: list, name: str, words: int) -> dict:
    wall = statistics.median(r.wall for r in res)
    cpu = statistics.median(r.cpu for r in res)
    return {"file": name, "words": words, "runs": len(res), "wall_s": wall,
            "words_per_s": words / wall, "cpu_s": cpu, "words_per_cpu_s": words / cpu if cpu else None,
            "rss_mb": max(r.rss_mb for r in res)}


def cold(argv: list[str], reps: int, **kw) -> dict:
    return measure.repeat(argv, reps, warmup=1, ok_codes=OK, **kw)


def measure_floor(floor: dict, info: dict, args) -> dict:
    py = floor["python"]
    log(f"spaCy floor on {py} (spaCy {floor['spacy']})")
    out = {"cold_1k": cold([py, "-c", "import spacy; spacy.blank('en')"], args.reps)}
    tp = [py, str(FLOOR_SCRIPT)]
    measure.check(measure.run([*tp, CORPUS / "1k.txt"]), OK)  # warm-up
    out["1m"] = throughput(tp, CORPUS / "1m.txt", info["1m.txt"]["words"], 3)
    out["1m_md"] = throughput(tp, CORPUS / "1m.md", info["1m.md"]["words"], 3)
    size = "1m" if args.quick else "5m"
    for label in ("half", "all"):
        name = f"dense-{label}-{size}.txt"
        out[f"dense_{label}"] = throughput(tp, CORPUS / name, info[name]["words"], 1)
    if not args.quick:
        words = info["10m.txt"]["words"]
        out["10m"] = throughput(tp, CORPUS / "10m.txt", words, 1)
        r = measure.check(measure.run([*tp, CORPUS / "10m.txt", "--sentencizer"]), OK)
        out["10m_sentencizer"] = summarize([r], "10m.txt", words)
    return out


def measure_proselint(pl: dict, info: dict, args) -> dict:
    argv = pl["argv"]
    log(f"proselint {pl['version']}: cold start x{args.reps}, 1 MB x3" + ("" if args.quick else ", 10 MB x1"))
    out = {"cold_1k": cold([*argv, CORPUS / "1k.txt"], args.reps)}
    out["1m"] = throughput(argv, CORPUS / "1m.txt", info["1m.txt"]["words"], 3)
    if not args.quick:
        out["10m"] = throughput(argv, CORPUS / "10m.txt", info["10m.txt"]["words"], 1)
    return out


def load_findings(path: Path) -> list:
    data = json.loads(path.read_text(encoding="utf-8") or "null")
    if not isinstance(data, list):
        raise ValueError(f"expected one JSON array on stdout, got {type(data).__name__}")
    return data


def measure_many(argv: list[str], info: dict, tmp: Path) -> dict:
    """~200 files in one call vs a seeded sample of 20 one-file calls (pre-commit's pattern)."""
    files = sorted(p.relative_to(CORPUS).as_posix() for p in (CORPUS / "many").iterdir())
    all_out = tmp / "many-all.json"
    r = measure.check(measure.run([*argv, *files], stdout=all_out, cwd=CORPUS), OK)
    words = info["many/"]["words"]
    findings = load_findings(all_out)
    order = {f: i for i, f in enumerate(files)}
    idx = [order.get(f.get("path"), -1) for f in findings]
    path_order_ok = -1 not in idx and idx == sorted(idx)
    sample = random.Random(SEED).sample(files, min(MANY_SAMPLE, len(files)))
    mismatched = []
    for f in sorted(sample):
        one = tmp / "many-one.json"
        measure.check(measure.run([*argv, f], stdout=one, cwd=CORPUS), OK)
        if load_findings(one) != [x for x in findings if x.get("path") == f]:
            mismatched.append(f)
    return {"files": len(files), "words": words, "wall_s": r.wall, "words_per_s": words / r.wall,
            "cpu_s": r.cpu, "rss_mb": r.rss_mb, "findings": len(findings), "sampled": len(sample),
            "mismatched": mismatched, "path_order_ok": path_order_ok,
            "identical": not mismatched and path_order_ok}


def rules_source(winlint: dict) -> Path | None:
    if os.environ.get("WINLINT_BENCH_RULES"):
        return Path(os.environ["WINLINT_BENCH_RULES"])
    candidates = [REPO / "rules", REPO / "src" / "winlint" / "rules", REPO / "winlint" / "rules"]
    if winlint.get("python"):
        r = subprocess.run([winlint["python"], "-c",
                            "import os, winlint; print(os.path.dirname(winlint.__file__))"],
                           capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            candidates.append(Path(r.stdout.strip()) / "rules")
    return next((c for c in candidates if rulepack.looks_like_pack(c)), None)


def rules_args(winlint: dict) -> tuple[list[str] | None, str]:
    """Arguments pointing winlint at a rule folder with the built-in pack off, and a note."""
    if os.environ.get("WINLINT_BENCH_RULES_ARGS"):
        return shlex.split(os.environ["WINLINT_BENCH_RULES_ARGS"]), "from WINLINT_BENCH_RULES_ARGS"
    flags = set(re.findall(r"--[a-z][a-z0-9-]*", winlint["help"]))
    opt = next((f for f in ("--rules", "--rules-dir", "--rule-dir", "--rule-pack", "--pack") if f in flags), None)
    if not opt:
        return None, "`winlint check --help` shows no --rules option: the 5x pack was not measured"
    off = next((f for f in ("--no-builtin-rules", "--no-default-rules", "--no-builtin",
                            "--no-default-pack", "--no-builtin-pack") if f in flags), None)
    if off:
        return [opt, "{dir}", off], f"{opt} DIR {off}"
    return [opt, "{dir}"], (f"{opt} DIR (no flag to turn the built-in pack off was found: assuming "
                            f"{opt} replaces it)")


def measure_pack(winlint: dict, argv: list[str], info: dict, tmp: Path, big: Path,
                 runs: int) -> dict:
    src = rules_source(winlint)
    if not src:
        return {"skipped": "no rule pack folder found (rules/, src/winlint/rules/, "
                           "<package>/rules/ or WINLINT_BENCH_RULES)"}
    extra, note = rules_args(winlint)
    if extra is None:
        return {"skipped": note, "source": str(src)}
    words = info[big.name]["words"]
    out = {"source": str(src), "args": note, "file": big.name}
    spans = {}
    for copies in (1, PACK_COPIES):
        pack = tmp / f"pack{copies}x"
        out[f"pack_{copies}x"] = summary = rulepack.duplicate(src, pack, copies)
        cmd = [*argv, *[a.replace("{dir}", str(pack)) for a in extra]]
        # compiled-rule cache for the throwaway packs in tmp, not in the user's ~/.cache/winlint
        env = dict(os.environ, WINLINT_CACHE_DIR=str(tmp / "cache"))
        try:
            measure.check(measure.run([*cmd, CORPUS / "1k.txt"], env=env), OK)  # warm-up: fills the cache
            res = [measure.check(measure.run([*cmd, big], stdout=tmp / "pack.json", timeout=900, env=env), OK)
                   for _ in range(runs)]
        except RuntimeError as exc:
            out[f"{copies}x"] = {"error": str(exc)[-1500:]}
            continue
        summary.update(summarize(res, big.name, words))
        out[f"{copies}x"] = summary
        spans[copies] = {(f.get("path"), f.get("start"), f.get("end"))
                         for f in load_findings(tmp / "pack.json")}
    if len(spans) == 2:
        out["same_spans"] = spans[1] == spans[PACK_COPIES]
        out["ratio"] = out[f"{PACK_COPIES}x"]["words_per_s"] / out["1x"]["words_per_s"]
    return out


def measure_winlint(winlint: dict, info: dict, args) -> dict:
    argv = [*winlint["argv"], "check", "--format", "json"]
    out = {"argv": argv, "version": winlint["version"]}
    log(f"winlint: {' '.join(argv)} FILE")
    for name in ("1k.txt", "1k.eml", "1k-finding.eml"):
        out[f"cold_{name}"] = cold([*argv, CORPUS / name], args.reps)
        log(f"  cold start {name}: {out[f'cold_{name}']['median_s']:.3f}s, "
            f"{out[f'cold_{name}']['cpu_s']:.3f} CPU s")
    measure_issue15(argv, info, args, out)
    for key, name in (("1m", "1m.txt"), ("1m_md", "1m.md")):
        out[key] = throughput(argv, CORPUS / name, info[name]["words"], 3)
        log(f"  {name}: {out[key]['words_per_s']:,.0f} words/s")
    big = CORPUS / ("1m.txt" if args.quick else "10m.txt")
    if not args.quick:
        out["10m"] = throughput(argv, big, info["10m.txt"]["words"], 1, timeout=900)
        log(f"  10m.txt: {out['10m']['words_per_s']:,.0f} words/s, {out['10m']['rss_mb']:.0f} MB")
        # issue 8: with the learned stage (WW900) on, every sentence is tokenized and scored
        if "--with-model" in winlint["help"]:
            model_argv = [*winlint["argv"], "check", "--with-model", "--format", "json"]
            out["10m_model"] = throughput(model_argv, big, info["10m.txt"]["words"], 1, timeout=900)
            out["10m_model"]["argv"] = model_argv
            log(f"  10m.txt --with-model: {out['10m_model']['words_per_s']:,.0f} words/s, "
                f"{out['10m_model']['rss_mb']:.0f} MB")
        else:
            out["10m_model"] = {"skipped": "`winlint check --help` shows no --with-model"}
        eta = info["10m.md"]["words"] / out["1m_md"]["words_per_s"]
        if eta < 150:
            out["10m_md"] = throughput(argv, CORPUS / "10m.md", info["10m.md"]["words"], 1, timeout=900)
            out["10m_md_plain"] = throughput([*argv, "--input-format", "plain"], CORPUS / "10m.md",
                                             info["10m.md"]["words"], 1, timeout=900)
            log(f"  10m.md: {out['10m_md']['words_per_cpu_s']:,.0f} words/CPU-s, "
                f"{out['10m_md']['rss_mb']:.0f} MB; as plain: "
                f"{out['10m_md_plain']['words_per_cpu_s']:,.0f} words/CPU-s")
        else:
            out["10m_md"] = {"skipped": f"would take ~{eta:.0f}s at the 1 MB rate; over budget"}
        if info["10m.txt"]["words"] / out["10m"]["words_per_s"] * PACK_COPIES > 400:
            big = CORPUS / "1m.txt"  # a slow 5x pack at 10 MB would blow the 15-minute budget
    with tempfile.TemporaryDirectory(prefix="winlint-bench-") as tmp:
        tmp = Path(tmp)
        log(f"  {info['many/']['files']} files in one call + {MANY_SAMPLE} single-file calls")
        try:
            out["many"] = measure_many(argv, info, tmp)
        except (RuntimeError, ValueError) as exc:
            out["many"] = {"error": str(exc)[-1500:]}
        log(f"  rule pack x1 vs x{PACK_COPIES} on {big.name}")
        try:
            out["pack"] = measure_pack(winlint, argv, info, tmp, big, 3 if big.name == "1m.txt" else 1)
        except (RuntimeError, ValueError, OSError) as exc:
            out["pack"] = {"error": str(exc)[-1500:]}
    return out


def measure_issue15(argv: list[str], info: dict, args, out: dict) -> None:
    """Dense drafts (half / all adversarial), mail folder vs the same bodies as .txt files, and in
    --quick mode 1m.md vs the same file read as plain (the full run does it on 10m.md)."""
    size = "1m" if args.quick else "5m"
    for label in ("half", "all"):
        name = f"dense-{label}-{size}.txt"
        out[f"dense_{label}"] = throughput(argv, CORPUS / name, info[name]["words"], 1, timeout=900)
        log(f"  {name}: {out[f'dense_{label}']['words_per_cpu_s']:,.0f} words/CPU-s, "
            f"{out[f'dense_{label}']['rss_mb']:.0f} MB")
    for key, folder in (("mail", "mail"), ("mail_plain", "mail-plain")):
        files = sorted(p.name for p in (CORPUS / folder).iterdir())
        runs = [measure.check(measure.run([*argv, *files], cwd=CORPUS / folder), OK) for _ in range(3)]
        out[key] = summarize(runs, folder + "/", info[folder + "/"]["words"])
        out[key]["files"] = len(files)
    log(f"  mail/ {out['mail']['words_per_cpu_s']:,.0f} words/CPU-s, mail-plain/ "
        f"{out['mail_plain']['words_per_cpu_s']:,.0f}")
    if args.quick:
        out["1m_md_plain"] = throughput([*argv, "--input-format", "plain"], CORPUS / "1m.md",
                                        info["1m.md"]["words"], 3)


# --------------------------------------------------------------------------- report

def g(d: dict | None, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def fmt(x, spec: str = ",.0f", unit: str = "") -> str:
    return "–" if x is None else f"{x:{spec}}{unit}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def verdict(value, goal: float, higher: bool) -> str:
    if value is None:
        return "n/a"
    return "PASS" if (value >= goal if higher else value <= goal) else "FAIL"


def report(res: dict) -> str:
    fl, pl, wl = res.get("floor") or {}, res.get("proselint") or {}, res.get("winlint") or {}
    c = res["corpus"]
    lines = [f"## winlint benchmark — {res['machine']['date']}", "",
             f"Machine: {res['machine']['cpu']}, {res['machine']['cores']} cores, Linux "
             f"{res['machine']['kernel']}. Commit {(res.get('commit') or '?')[:12]}. "
             f"spaCy {g(res, 'floor_env', 'spacy') or '?'} ({g(res, 'floor_env', 'python')}), "
             f"proselint {g(res, 'proselint_env', 'version') or '–'}, winlint "
             f"{g(wl, 'version') or ('not installed' if not wl else '?')}.", "",
             f"Corpus: 1m.txt {c['1m.txt']['words']:,} words, 10m.txt {c['10m.txt']['words']:,} words, "
             f"1m.md {c['1m.md']['words']:,}, 10m.md {c['10m.md']['words']:,}. Cold start: median of "
             f"{res['reps']} whole-process runs after a warm-up; 1 MB: median of 3 runs; "
             f"10 MB: 1 run each.", "",
             "| tool | cold 1k.txt s | cold 1k.eml s | words/s 1M | words/s 10M | words/s 1M md "
             "| words/s 10M md | peak RSS 10M MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]

    def row(name, d, eml=None):
        lines.append(
            f"| {name} | {fmt(g(d, 'cold_1k', 'median_s') or g(d, 'cold_1k.txt', 'median_s'), '.3f')} "
            f"| {fmt(eml, '.3f')} | {fmt(g(d, '1m', 'words_per_s'))} | {fmt(g(d, '10m', 'words_per_s'))} "
            f"| {fmt(g(d, '1m_md', 'words_per_s'))} | {fmt(g(d, '10m_md', 'words_per_s'))} "
            f"| {fmt(g(d, '10m', 'rss_mb'), '.0f')} |")

    row("spaCy `blank('en')` floor", fl)
    if g(fl, "10m_sentencizer"):
        lines.append(f"| spaCy floor + sentencizer | | | | "
                     f"{fmt(g(fl, '10m_sentencizer', 'words_per_s'))} | | | "
                     f"{fmt(g(fl, '10m_sentencizer', 'rss_mb'), '.0f')} |")
    if pl:
        row(f"proselint {g(res, 'proselint_env', 'version') or ''}".strip(), pl)
    else:
        lines.append("| proselint | skipped (--skip-proselint) | | | | | | |")
    if wl:
        row("winlint", wl, g(wl, "cold_1k.eml", "median_s"))
        if g(wl, "10m_model", "words_per_s"):
            lines.append(f"| winlint --with-model | | | | {fmt(g(wl, '10m_model', 'words_per_s'))} | | | "
                         f"{fmt(g(wl, '10m_model', 'rss_mb'), '.0f')} |")
    else:
        lines.append(f"| winlint | {res.get('winlint_skipped', 'skipped')} | | | | | | |")
    cpu = ["", "CPU time (user+sys of the process; less sensitive than wall time to other load "
              "on the machine; for reading, the targets use wall time):", "",
              "| tool | cold 1k CPU s (winlint: 1k.eml) | words/CPU-s 1M | words/CPU-s 10M "
              "| words/CPU-s 10M md |",
              "|---|---:|---:|---:|---:|"]
    for name, d in (("spaCy floor", fl), ("spaCy floor + sentencizer", {"10m": g(fl, "10m_sentencizer")}),
                    ("proselint", pl), ("winlint", wl), ("winlint --with-model", {"10m": g(wl, "10m_model")})):
        if d and any(d.values()):
            cold_cpu = g(d, "cold_1k", "cpu_s") or g(d, "cold_1k.eml", "cpu_s")
            cpu.append(f"| {name} | {fmt(cold_cpu, '.3f')} | {fmt(g(d, '1m', 'words_per_cpu_s'))} "
                         f"| {fmt(g(d, '10m', 'words_per_cpu_s'))} | {fmt(g(d, '10m_md', 'words_per_cpu_s'))} |")
    m, p = g(wl, "many"), g(wl, "pack")
    w10, w1 = g(wl, "10m", "words_per_s"), g(wl, "1m", "words_per_s")
    wm10 = g(wl, "10m_model", "words_per_s")
    targets = [
        ("10 MB plain: winlint / proselint words/s", ratio(w10, g(pl, "10m", "words_per_s")), PROSELINT_RATIO,
         True, " (issue 15; issue 6: 1.7)"),
        ("10 MB plain: winlint / spaCy floor words/s", ratio(w10, g(fl, "10m", "words_per_s")), 0.8, True, ""),
        ("10 MB plain, model on: winlint --with-model / proselint words/s",
         ratio(wm10, g(pl, "10m", "words_per_s")), 1.36, True, " (issue 8: 1.7 within 20 %)"),
        ("10 MB plain, model on: winlint --with-model / spaCy floor words/s",
         ratio(wm10, g(fl, "10m", "words_per_s")), 0.64, True, " (issue 8: 0.8 within 20 %)"),
        ("peak RSS on 10 MB plain, MB", g(wl, "10m", "rss_mb"), RSS_LIMIT_MB, False, " MB"),
        ("linear scaling: winlint words/s 10 MB / 1 MB", ratio(w10, w1), 0.9, True, ""),
        ("cold start 1k.eml: winlint / spaCy floor", ratio(g(wl, "cold_1k.eml", "median_s"),
                                                          g(fl, "cold_1k", "median_s")), 1.1, False, ""),
        (f"{PACK_COPIES}× rule pack / 1× pack words/s ({g(p, 'file') or '–'})", g(p, "ratio"), 0.8, True,
         " (threshold ours: the issue asks for 'not in proportion')"),
        ("stretch: cold start 1k.eml: winlint / proselint 1k", ratio(g(wl, "cold_1k.eml", "median_s"),
                                                                     g(pl, "cold_1k", "median_s")), 2.0, False, ""),
    ]
    lines += ["", "| target | measured | goal | result |", "|---|---:|---:|---|"]
    for name, value, goal, higher, note in targets:
        spec = ".0f" if note == " MB" else ".2f"
        lines.append(f"| {name} | {fmt(value, spec)} | {'≥' if higher else '≤'} {goal:g}{note} "
                     f"| {verdict(value, goal, higher)} |")
    md_key = "1m_md" if res.get("quick") else "10m_md"
    cpu_targets = []
    for label, what in (("half", "half the sentences"), ("all", "every sentence")):
        d, f = g(wl, f"dense_{label}"), g(fl, f"dense_{label}")
        cpu_targets += [
            (f"dense ({what} adversarial, {g(d, 'file') or '–'}): winlint words/CPU-s",
             g(d, "words_per_cpu_s"), DENSE_WORDS_PER_CPU_S, True, ""),
            (f"dense ({what} adversarial): winlint / spaCy floor words/CPU-s",
             ratio(g(d, "words_per_cpu_s"), g(f, "words_per_cpu_s")), DENSE_VS_FLOOR, True, ""),
        ]
    cpu_targets += [
        (f"Markdown ({md_key.split('_')[0]}.md): words/CPU-s / same file as --input-format plain",
         ratio(g(wl, md_key, "words_per_cpu_s"), g(wl, md_key + "_plain", "words_per_cpu_s")), MD_VS_PLAIN, True, ""),
        (f"peak RSS on {md_key.split('_')[0]}.md, MB", g(wl, md_key, "rss_mb"), RSS_LIMIT_MB, False, " MB"),
        (f"mail folder ({g(wl, 'mail', 'files') or '–'} .eml) / same bodies as .txt, words/CPU-s",
         ratio(g(wl, "mail", "words_per_cpu_s"), g(wl, "mail_plain", "words_per_cpu_s")), MAIL_VS_PLAIN, True, ""),
        ("cold start 1 KB email with a finding: winlint / spaCy floor, CPU s",
         ratio(g(wl, "cold_1k-finding.eml", "cpu_s"), g(fl, "cold_1k", "cpu_s")), 1.1, False, ""),
        ("cold start 1 KB email with a finding: winlint / spaCy floor, wall s",
         ratio(g(wl, "cold_1k-finding.eml", "median_s"), g(fl, "cold_1k", "median_s")), 1.1, False, ""),
    ]
    for name, value, goal, higher, note in cpu_targets:
        spec = ".0f" if note == " MB" or value and value > 1000 else ".2f"
        lines.append(f"| {name} | {fmt(value, spec)} | {'≥' if higher else '≤'} {goal:,g}{note} "
                     f"| {verdict(value, goal, higher)} |")
    many_ok = g(m, "identical")
    lines.append(f"| {g(m, 'files') or '~200'} files in one call = one-by-one runs "
                 f"({g(m, 'sampled') or MANY_SAMPLE} sampled) | "
                 f"{'identical' if many_ok else ('differs' if many_ok is False else '–')} | identical | "
                 f"{'n/a' if many_ok is None else ('PASS' if many_ok else 'FAIL')} |")
    lines += cpu
    lines += ["", "Issue 15 inputs (CPU time; one run each, mail folders median of 3):", "",
              "| input | words | winlint words/CPU-s | spaCy floor words/CPU-s | winlint peak RSS MB |",
              "|---|---:|---:|---:|---:|"]
    for key, name in (("dense_half", "dense, half adversarial"), ("dense_all", "dense, all adversarial"),
                      (md_key, "Markdown"), (md_key + "_plain", "the same file, --input-format plain"),
                      ("mail", "mail folder"), ("mail_plain", "the same bodies as .txt files")):
        d = g(wl, key)
        if d and "words" in d:
            lines.append(f"| {name} ({d['file']}) | {d['words']:,} | {fmt(d.get('words_per_cpu_s'))} "
                         f"| {fmt(g(fl, key, 'words_per_cpu_s'))} | {fmt(d.get('rss_mb'), '.0f')} |")
    fc = g(wl, "cold_1k-finding.eml")
    if fc:
        lines.append(f"\nCold start with a finding (1k-finding.eml): {fc['median_s']:.3f} s wall, "
                     f"{fc['cpu_s']:.3f} CPU s; spaCy floor {fmt(g(fl, 'cold_1k', 'median_s'), '.3f')} s wall, "
                     f"{fmt(g(fl, 'cold_1k', 'cpu_s'), '.3f')} CPU s.")
    notes = []
    if m and "wall_s" in m:
        notes.append(f"Many files: {m['files']} files, {m['words']:,} words in {m['wall_s']:.2f} s "
                     f"({m['words_per_s']:,.0f} words/s, {m['rss_mb']:.0f} MB, {m['findings']} findings); "
                     f"output per file {'matches' if not m['mismatched'] else 'DIFFERS for ' + ', '.join(m['mismatched'])}"
                     f", path order {'ok' if m['path_order_ok'] else 'WRONG'}.")
    elif m:
        notes.append(f"Many files: error: {m.get('error')}")
    if p and "ratio" in p:
        notes.append(f"Rule pack ({p['source']}, {p['pack_1x']['rule_files']} rule files, via {p['args']}): "
                     f"1× {p['1x']['words_per_s']:,.0f} words/s, {PACK_COPIES}× {p[f'{PACK_COPIES}x']['words_per_s']:,.0f} "
                     f"words/s on {p['file']}; same flagged spans: {p['same_spans']}.")
    elif p:
        notes.append(f"Rule pack: {p.get('skipped') or p.get('error') or g(p, '1x', 'error') or g(p, f'{PACK_COPIES}x', 'error')}")
    if g(wl, "10m_model", "skipped"):
        notes.append(f"winlint --with-model: {wl['10m_model']['skipped']}.")
    if g(wl, "10m_md", "skipped"):
        notes.append(f"10 MB Markdown: {wl['10m_md']['skipped']}.")
    load = res.get("loadavg") or {}
    if max(load.get("start", 0), load.get("end", 0)) > 0.7:
        notes.append(f"The machine was busy (1-minute load average {load.get('start')} at the start, "
                     f"{load.get('end')} at the end, on {res['machine']['cores']} cores): other "
                     f"processes competed for the CPU, so the numbers are noisy. Rerun on an idle machine.")
    if res.get("quick"):
        notes.append("QUICK RUN (--quick): no 10 MB figures; not a table of record.")
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def update_section(readme: Path, name: str, content: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        readme.write_text(head + start + content.rstrip("\n") + "\n" + rest[rest.index(end):], encoding="utf-8")
        log(f"updated {readme}")
    else:
        log(f"{readme} has no {name}:start/{name}:end markers; not updated")


def readme_excerpt(table: str) -> str:
    """The targets table, under one line saying when and where it was measured."""
    lines = table.splitlines()
    when = lines[0].removeprefix("## winlint benchmark — ")
    machine = next((ln for ln in lines if ln.startswith("Machine: ")), "").removeprefix("Machine: ")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("| target |"))
    last = next((i for i in range(first, len(lines)) if not lines[i].startswith("|")), len(lines))
    return "\n".join([f"Measured {when}: {machine}", "", *lines[first:last],
                      "", "The full table (speeds, CPU times, memory): `benchmarks/README.md`."])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="cold-start runs per measurement (default 5)")
    ap.add_argument("--quick", action="store_true", help="1 MB files only, for trying the script")
    ap.add_argument("--skip-proselint", action="store_true")
    ap.add_argument("--skip-winlint", action="store_true")
    ap.add_argument("--corpus-only", action="store_true")
    ap.add_argument("--update-readme", action="store_true",
                    help="also copy the table into benchmarks/README.md's 'Latest results' section "
                         "and its targets into README.md's 'Speed' section")
    args = ap.parse_args()
    if args.quick and args.reps == 5:
        args.reps = 3

    log("building corpus")
    info = corpusgen.build(CORPUS)
    info.update(densegen.build(CORPUS, REPO / "rules"))
    if args.corpus_only:
        return 0
    res = {"machine": machine(), "commit": git_head(), "corpus": info, "reps": args.reps,
           "quick": args.quick, "loadavg": {"start": loadavg()}}
    if (res["loadavg"]["start"] or 0) > 0.7:
        log(f"warning: load average {res['loadavg']['start']}: something else is using the CPU")

    winlint = None if args.skip_winlint else find_winlint()
    if not winlint:
        res["winlint_skipped"] = (
            "skipped (--skip-winlint)" if args.skip_winlint else
            f"skipped: WINLINT_BENCH_CMD={os.environ['WINLINT_BENCH_CMD']!r} does not run"
            if os.environ.get("WINLINT_BENCH_CMD") else
            "not installed: no `winlint` on PATH (pip install -e . first)")
        log(f"winlint {res['winlint_skipped']}")
    if not args.skip_proselint:
        res["proselint_env"] = ensure_proselint()
        res["proselint"] = measure_proselint(res["proselint_env"], info, args)
    res["floor_env"] = floor_interpreter(winlint)
    res["floor"] = measure_floor(res["floor_env"], info, args)
    if winlint:
        res["winlint"] = measure_winlint(winlint, info, args)

    res["loadavg"]["end"] = loadavg()
    table = report(res)
    res["elapsed_s"] = time.perf_counter() - T0
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps(res, indent=2, default=str) + "\n", encoding="utf-8")
    print(table)
    if args.update_readme:
        update_section(BENCH / "README.md", "latest", table)
        update_section(REPO / "README.md", "bench", readme_excerpt(table))
    log(f"done in {res['elapsed_s']:.0f}s; wrote {RESULTS / 'latest.md'} and latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
