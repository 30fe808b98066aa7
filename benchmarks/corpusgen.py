"""Build the benchmark corpus: real English prose from Debian packages, same bytes every run.

Sources (installed with apt-get when missing):
  fortunes, fortunes-min   /usr/share/games/fortunes/*      one paragraph per fortune (split on '%')
  doc-debian               /usr/share/doc/debian/*.txt[.gz]  blank-line blocks (current versions only)
  debian-reference-en      /usr/share/debian-reference/*.en.html  <p>, <li>, <dd>, ... text; <pre> -> code pool

Paragraphs are normalised (NFC, overstrike removed, whitespace collapsed), filtered to prose
(>= 4 words, mostly letters), de-duplicated, shuffled with random.Random(2026) and wrapped at 72
columns. Larger files cycle through the paragraphs, reshuffling on each pass with the same
generator, so 1m.txt is a prefix of 10m.txt.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import re
import shutil
import subprocess
import textwrap
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

SEED = 2026
APT_PACKAGES = ["fortunes", "fortunes-min", "doc-debian", "debian-reference-en"]
FORTUNE_DIR = Path("/usr/share/games/fortunes")
DOC_DEBIAN_DIR = Path("/usr/share/doc/debian")
DEBREF_DIR = Path("/usr/share/debian-reference")
# One file per package: present means the package is installed.
MARKER_FILES = {
    "fortunes": FORTUNE_DIR / "computers",
    "fortunes-min": FORTUNE_DIR / "fortunes",
    "doc-debian": DOC_DEBIAN_DIR / "social-contract.txt.gz",
    "debian-reference-en": DEBREF_DIR / "ch01.en.html",
}
FORTUNE_SKIP = {"ascii-art"}  # pictures, not prose
WRAP = 72
SIZES = {"1m": 1_000_000, "10m": 10_000_000}
MANY_FILES = 200


def log(msg: str) -> None:
    print(f"[corpus] {msg}", flush=True)


# --------------------------------------------------------------------------- sources

def ensure_packages() -> None:
    missing = [pkg for pkg, marker in MARKER_FILES.items() if not marker.exists()]
    if not missing:
        log("source packages already installed, skipping apt-get")
        return
    if shutil.which("apt-get") is None:
        raise SystemExit(f"missing Debian packages {missing} and no apt-get on this machine")
    if os.geteuid() != 0:
        raise SystemExit(f"missing Debian packages {missing}: run as root, or "
                         f"`sudo apt-get install -y {' '.join(APT_PACKAGES)}` first")
    log(f"apt-get install {' '.join(APT_PACKAGES)} (missing: {', '.join(missing)})")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *APT_PACKAGES],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    still = [pkg for pkg, marker in MARKER_FILES.items() if not marker.exists()]
    if still:
        raise SystemExit(f"apt-get finished but files of {still} are still missing")


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


_OVERSTRIKE = re.compile(r".\x08")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _OVERSTRIKE.sub("", text)
    text = _CONTROL.sub(" ", text).replace("\u00a0", " ")
    return _WS.sub(" ", text).strip()


def is_prose(par: str) -> bool:
    words = par.split()
    if len(words) < 4:
        return False
    visible = [c for c in par if not c.isspace()]
    letters = sum(c.isalpha() for c in visible)
    return letters >= 0.7 * len(visible)


def fortune_paragraphs() -> list[str]:
    out = []
    files = sorted(p for p in FORTUNE_DIR.iterdir()
                   if p.is_file() and not p.is_symlink() and p.suffix not in {".dat", ".u8"}
                   and p.name not in FORTUNE_SKIP)
    for path in files:
        chunk: list[str] = []
        for line in read_text(path).splitlines() + ["%"]:
            if line.strip() == "%":
                out.append(normalise("\n".join(chunk)))
                chunk = []
            else:
                chunk.append(line)
    return out


def doc_debian_paragraphs() -> list[str]:
    out = []
    files = sorted(p for p in DOC_DEBIAN_DIR.iterdir()
                   if p.is_file() and not re.search(r"\.\d+\.\d+\.txt", p.name)  # old versions
                   and (".txt" in p.name or p.name == "debian-manifesto.gz"))
    for path in files:
        for block in re.split(r"\n\s*\n", read_text(path)):
            out.append(normalise(block))
    return out


class _HTMLProse(HTMLParser):
    BLOCK = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "div",
             "blockquote", "caption", "title", "table", "tr", "ul", "ol", "dl", "br", "hr"}
    SKIP_TAGS = {"script", "style", "head"}
    SKIP_CLASSES = {"navheader", "navfooter", "toc", "list-of-tables", "list-of-figures"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.code: list[str] = []
        self._buf: list[str] = []
        self._skip: tuple[str, int] | None = None  # (tag, nesting depth)
        self._pre: list[str] | None = None

    def _flush(self) -> None:
        if self._buf:
            self.paragraphs.append(normalise("".join(self._buf)))
            self._buf = []

    def handle_starttag(self, tag, attrs):
        if self._skip:
            if tag == self._skip[0]:
                self._skip = (tag, self._skip[1] + 1)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in self.SKIP_TAGS or classes & self.SKIP_CLASSES:
            self._flush()
            self._skip = (tag, 1)
        elif tag == "pre":
            self._flush()
            self._pre = []
        elif tag in self.BLOCK:
            self._flush()

    def handle_startendtag(self, tag, attrs):
        if not self._skip and tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if self._skip:
            if tag == self._skip[0]:
                depth = self._skip[1] - 1
                self._skip = (tag, depth) if depth else None
            return
        if tag == "pre" and self._pre is not None:
            self.code.append("".join(self._pre).strip("\n"))
            self._pre = None
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data):
        if self._skip:
            return
        if self._pre is not None:
            self._pre.append(data)
        else:
            self._buf.append(data)


def debian_reference() -> tuple[list[str], list[str]]:
    pars: list[str] = []
    code: list[str] = []
    for path in sorted(DEBREF_DIR.glob("*.en.html")):
        if path.name == "index.en.html":  # table of contents only
            continue
        parser = _HTMLProse()
        parser.feed(read_text(path))
        parser.close()
        parser._flush()
        pars += parser.paragraphs
        code += parser.code
    return pars, code


# --------------------------------------------------------------------------- assembly

def wrap(par: str) -> str:
    return textwrap.fill(par, WRAP, break_long_words=False, break_on_hyphens=False)


def cycle(paragraphs: list[str], rng: random.Random):
    """Endless stream: the shuffled list, then reshuffled copies, all from one seeded generator."""
    order = list(paragraphs)
    while True:
        rng.shuffle(order)
        yield from order


def take_bytes(stream, target: int) -> list[str]:
    out, size = [], 0
    for par in stream:
        out.append(par)
        size += len(par.encode("utf-8")) + 2
        if size >= target:
            return out
    return out


def plain(pars: list[str]) -> str:
    return "\n\n".join(pars) + "\n"


def markdown(pars: list[str], code: list[str], rng: random.Random) -> str:
    """Interleave headings, bullet lists, block quotes, code fences and inline code."""
    out = ["---\ntitle: Notes from the Debian archive\nauthor: winlint benchmark\n"
           "tags: [benchmark, prose]\n---", "# Notes from the Debian archive"]
    i = 0
    while i < len(pars):
        roll = rng.random()
        if roll < 0.08:
            words = re.sub(r"[^A-Za-z\s'-]", " ", pars[i]).split()[:rng.randint(3, 7)]
            title = " ".join(words).capitalize() or "Notes"
            out.append(f"{'#' * rng.choice((2, 2, 3))} {title}")
        elif roll < 0.14 and code:
            lang = rng.choice(("sh", "console", "text", ""))
            out.append(f"```{lang}\n{rng.choice(code)}\n```")
        if roll < 0.22 and i + 3 < len(pars) and rng.random() < 0.5:
            n = rng.randint(2, 4)
            items = pars[i:i + n]
            i += n
            bullet = rng.choice(("-", "*", "1."))
            out.append("\n".join(f"{bullet} " + textwrap.fill(it, WRAP - 3, break_long_words=False,
                                                            break_on_hyphens=False,
                                                            subsequent_indent="   ")
                                 for it in items))
            continue
        par = wrap(pars[i])
        i += 1
        if roll > 0.96:
            par = "\n".join("> " + line for line in par.splitlines())
        elif roll > 0.85:
            words = par.split(" ")
            k = rng.randrange(len(words))
            if words[k].isalpha():
                words[k] = f"`{words[k]}`" if roll > 0.9 else f"**{words[k]}**"
            par = " ".join(words)
        out.append(par)
    return "\n\n".join(out) + "\n"


def email(body: str) -> str:
    headers = [
        "From: Dana Reyes <dana.reyes@example.org>",
        "To: Product Team <team@example.org>",
        "Cc: Sam Okafor <sam.okafor@example.org>",
        "Subject: Notes for Thursday's planning meeting",
        "Date: Thu, 08 Jan 2026 09:14:00 +0000",
        "Message-ID: <20260108091400.4711@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    text = "\n".join(headers) + "\n\nHi all,\n\n" + body + "\nThanks,\nDana\n"
    return text.replace("\n", "\r\n")  # RFC 5322 line endings


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(outdir: Path) -> dict:
    """Write the corpus into outdir; returns {name: {"bytes", "words", "sha256"}}."""
    ensure_packages()
    fortunes = fortune_paragraphs()
    docs = doc_debian_paragraphs()
    ref, code = debian_reference()
    seen: set[str] = set()
    paragraphs = []
    for par in fortunes + docs + ref:
        if is_prose(par) and par not in seen:
            seen.add(par)
            paragraphs.append(par)
    code = sorted({c for c in code if c.strip() and c.count("\n") < 15})
    words = sum(len(p.split()) for p in paragraphs)
    log(f"{len(paragraphs)} distinct prose paragraphs, {words} words "
        f"(fortunes {len(fortunes)}, doc-debian {len(docs)}, debian-reference {len(ref)} before filtering); "
        f"{len(code)} code blocks")
    wrapped = [wrap(p) for p in paragraphs]

    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    files: dict[str, str] = {}

    rng = random.Random(SEED)
    order = list(wrapped)
    rng.shuffle(order)
    small, size = [], 0
    for par in order:  # about 1 KB of whole paragraphs
        n = len(par.encode("utf-8")) + 2
        if size + n <= 1100:
            small.append(par)
            size += n
        if size >= 900:
            break
    files["1k.txt"] = plain(small)
    files["1k.eml"] = email(plain(small))

    big = take_bytes(cycle(wrapped, random.Random(SEED)), SIZES["10m"])
    for label, target in SIZES.items():
        pars = take_bytes(iter(big), target)
        files[f"{label}.txt"] = plain(pars)
        files[f"{label}.md"] = markdown(pars, code, random.Random(SEED + 1))

    # ~200 files from the 1 MB text, split on paragraph boundaries (pre-commit style call)
    one_m = take_bytes(iter(big), SIZES["1m"])
    per = -(-len(one_m) // MANY_FILES)
    many = outdir / "many"
    many.mkdir()
    for k in range(0, len(one_m), per):
        (many / f"part-{k // per:03d}.txt").write_text(plain(one_m[k:k + per]), encoding="utf-8",
                                                       newline="")

    info = {}
    for name, text in files.items():
        path = outdir / name
        path.write_text(text, encoding="utf-8", newline="")
        info[name] = {"bytes": path.stat().st_size, "words": len(text.split()), "sha256": sha256(path)}
    h = hashlib.sha256()
    for path in sorted(many.iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    info["many/"] = {"bytes": sum(p.stat().st_size for p in many.iterdir()),
                     "words": sum(len(p.read_text(encoding="utf-8").split()) for p in many.iterdir()),
                     "files": len(list(many.iterdir())), "sha256": h.hexdigest()}
    for name, d in info.items():
        log(f"{name:8} {d['bytes']:>10} bytes {d['words']:>9} words  sha256 {d['sha256']}")
    return info


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / "corpus")
