"""Train the learned second stage (WW900): training/data/*.jsonl -> winlint/model/.

    python -m winlint.train                  # retrain the shipped model in place (also: winlint train)
    python -m winlint.train --output DIR     # write it somewhere else (the reproducibility test does)
    python -m winlint.train --check          # only check the training data, train nothing

Everything that shapes the model is in training/config.cfg: spaCy's `textcat_multilabel` with
the `TextCatBOW.v3` architecture (lower-cased unigrams and bigrams hashed into one sparse linear
layer, one sigmoid per label: ADVERSARIAL and the eight categories), the optimizer, the batch
size, the epochs, the seed, and a `[winlint]` section for how texts become training sentences and
how the threshold is chosen. The data is read in file-name order, shuffled with the config's seed, and trained on CPU
(thinc's NumpyOps), so the same data and config give byte-identical weights.

The threshold is chosen by cross-validation on the training data alone: the smallest score at
which at most `max_clean_flag_rate` of the held-out clean texts (most of them hard negatives) are
flagged. ../shared/corpus/dev.jsonl is
for evaluation only; it is never read here except to refuse training data that near-duplicates it.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import re
import sys
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from .schema import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
DATA_DIR = TRAINING / "data"
CONFIG = TRAINING / "config.cfg"
MODEL_DIR = Path(__file__).resolve().parent / "model"
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"      # evaluation only

FIELDS = ("id", "text", "label", "category", "trigger", "hard_negative", "register")
REGISTERS = ("email", "chat", "feedback", "notes", "review", "negotiation", "blog", "issue", "qa", "forum")
ADVERSARIAL = "ADVERSARIAL"
LABELS = (ADVERSARIAL, *(c.upper() for c in CATEGORIES))

# near-duplicate bars (see near_duplicates)
MAX_JACCARD = 0.3
MAX_SIMILARITY = 0.75


# --- the data -----------------------------------------------------------------------------------

def data_files(folder: Path = DATA_DIR) -> list[Path]:
    return sorted(Path(folder).glob("*.jsonl"))


def read_items(paths) -> list[dict]:
    items = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not JSON: {err}") from None
            if isinstance(item, dict):
                item = {**item, "_where": f"{Path(path).name}:{n}"}
            items.append(item)
    return items


def check_items(items) -> list[str]:
    """Problems with labeled items in the format of ../shared/corpus/dev.jsonl (GUIDE.md)."""
    problems = []
    seen: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            problems.append(f"not an object: {item!r:.60}")
            continue
        where = item.get("_where") or item.get("id")
        keys = set(item) - {"_where"}
        if keys != set(FIELDS):
            missing, extra = sorted(set(FIELDS) - keys), sorted(keys - set(FIELDS))
            problems.append(f"{where}: keys must be {', '.join(FIELDS)}"
                            + (f"; missing {missing}" if missing else "") + (f"; unknown {extra}" if extra else ""))
            continue
        text, label, cat, trigger = item["text"], item["label"], item["category"], item["trigger"]
        if not isinstance(item["id"], str) or not item["id"]:
            problems.append(f"{where}: id must be a non-empty string")
        elif item["id"] in seen:
            problems.append(f"{where}: id {item['id']} also used at {seen[item['id']]}")
        else:
            seen[item["id"]] = where
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: text must be a non-empty string")
            continue
        if label == "adversarial":
            if cat not in CATEGORIES:
                problems.append(f"{where}: category {cat!r} is not one of {', '.join(CATEGORIES)}")
            if not isinstance(trigger, str) or not trigger.strip() or trigger not in text:
                problems.append(f"{where}: an adversarial item needs a trigger that is a substring of its text")
            if item["hard_negative"] is not False:
                problems.append(f"{where}: hard_negative marks clean texts only")
        elif label == "clean":
            if cat != "clean":
                problems.append(f"{where}: a clean item has category 'clean', not {cat!r}")
            if trigger is not None:
                problems.append(f"{where}: a clean item has trigger null")
            if not isinstance(item["hard_negative"], bool):
                problems.append(f"{where}: hard_negative must be true or false")
        else:
            problems.append(f"{where}: label must be 'adversarial' or 'clean', not {label!r}")
        if item["register"] not in REGISTERS:
            problems.append(f"{where}: register {item['register']!r} is not one of {', '.join(REGISTERS)}")
    return problems


def simd() -> list[str] | None:
    """The SIMD extensions numpy dispatches to on this machine: float results of training differ in
    the last bits between machines that differ here (AVX-512 or not), so a reproduction needs them."""
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:          # numpy moved it: then nothing is recorded and nothing compared
        return None
    return sorted(name for name, on in features.items() if on)


def sha256_files(paths) -> dict[str, str]:
    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


# --- near-duplicates of the evaluation corpus -----------------------------------------------------

QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"'})
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def normalize(text: str) -> str:
    """Lower case, straight quotes, words only, one space between them."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    return " ".join(WORD_RE.findall(text))


def word_trigrams(norm: str) -> set[str]:
    w = norm.split()
    return {" ".join(w[i:i + 3]) for i in range(len(w) - 2)} or {norm}


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute = 1), Myers' bit-parallel algorithm (Hyyrö's form)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, c in enumerate(b):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask, high = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for c in a:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def similarity(a: str, b: str) -> float:
    """1 - edit distance / length of the longer text (1.0: identical)."""
    return 1.0 - levenshtein(a, b) / max(len(a), len(b), 1)


def near_duplicates(texts, others, max_jaccard: float = MAX_JACCARD, max_similarity: float = MAX_SIMILARITY):
    """(i, j, jaccard, similarity) for each texts[i] that near-duplicates others[j].

    A pair is a near-duplicate when, after `normalize`, the word-3-gram sets have Jaccard index
    >= max_jaccard, or the normalized edit similarity is >= max_similarity. Jaccard catches the
    same sentence with a clause added, dropped or reordered; edit similarity catches short texts
    with a name or number swapped, whose few 3-grams all break. The edit distance is computed only
    for pairs that pass Ukkonen's q-gram bound (distance k leaves at least L - q + 1 - k*q shared
    character q-grams), so all pairs are checked exactly in about a second. `similarity` is None
    for pairs the bound ruled out.
    """
    import numpy as np

    q = 3
    norm_o = [normalize(t) for t in others]

    def sparse(rows, counts):
        vocab: dict[str, int] = {}
        for row in rows:
            for g in row:
                vocab.setdefault(g, len(vocab))
        mat = np.zeros((len(rows), max(len(vocab), 1)), dtype=np.int32)
        for i, row in enumerate(rows):
            for g in row:
                mat[i, vocab[g]] = row[g] if counts else 1
        return mat, vocab

    def qgrams(s):
        return collections.Counter(s[i:i + q] for i in range(len(s) - q + 1))

    tri_o = [word_trigrams(t) for t in norm_o]
    tri_m, tri_v = sparse(tri_o, counts=False)
    tri_n = tri_m.sum(axis=1)
    q_m, q_v = sparse([qgrams(t) for t in norm_o], counts=True)
    lengths = np.array([len(t) for t in norm_o])
    out = []
    for i, text in enumerate(texts):
        n = normalize(text)
        tri = word_trigrams(n)
        cols = [tri_v[g] for g in tri if g in tri_v]
        inter = tri_m[:, cols].sum(axis=1) if cols else np.zeros(len(others), dtype=np.int64)
        jac = inter / (tri_n + len(tri) - inter)
        grams = qgrams(n)
        keys = [g for g in grams if g in q_v]
        shared = (np.minimum(q_m[:, [q_v[g] for g in keys]], np.array([grams[g] for g in keys])).sum(axis=1)
                  if keys else np.zeros(len(others), dtype=np.int64))
        longest = np.maximum(lengths, len(n))
        budget = np.floor((1 - max_similarity) * longest + 1e-9)       # edits allowed at the bar
        sims = {}
        for j in np.nonzero(shared >= longest - q + 1 - budget * q)[0]:
            sims[int(j)] = similarity(n, norm_o[j])
        for j in sorted({int(j) for j in np.nonzero(jac >= max_jaccard)[0]}
                        | {j for j, s in sims.items() if s >= max_similarity}):
            out.append((i, j, float(jac[j]), sims.get(j)))
    return out


# --- texts -> training sentences ------------------------------------------------------------------

def compact(text: str) -> str:
    """What the linter tokenizes: whitespace runs collapsed, curly apostrophes straightened."""
    from .engine import APOSTROPHES
    return " ".join(text.split()).translate(APOSTROPHES)


def units(item: dict, context: str = "drop") -> list[tuple[str, str]]:
    """(sentence, category or "clean") pairs for one labeled text, split as the linter splits sentences.

    Clean texts give clean sentences. An adversarial text gives its category for each sentence the
    trigger overlaps; its other sentences are context ("Thanks for the memo. ...") and are dropped
    (`context = "drop"`) or taught as clean (`context = "clean"`).
    """
    from .engine import sentences

    text = compact(item["text"])
    spans = sentences(text)
    if item["label"] != "adversarial":
        return [(text[a:b], "clean") for a, b in spans if text[a:b].strip()]
    trigger = compact(item["trigger"])
    ts = text.find(trigger)
    te = ts + len(trigger)
    out = []
    for a, b in spans:
        if not text[a:b].strip():
            continue
        if ts >= 0 and a < te and ts < b:
            out.append((text[a:b], item["category"]))
        elif context == "clean":
            out.append((text[a:b], "clean"))
    if not out:      # a trigger the compaction moved: the whole text carries the label
        out.append((text, item["category"]))
    return out


# --- training -------------------------------------------------------------------------------------

def load_config(path: Path = CONFIG):
    from thinc.api import Config
    return Config().from_disk(path)


def settings(config) -> dict:
    s = dict(config.get("winlint", {}))
    s.setdefault("context", "drop")
    s.setdefault("folds", 5)
    s.setdefault("max_clean_flag_rate", 0.02)
    s.setdefault("min_threshold", 0.5)
    return s


class Trained:
    """A trained textcat model and how to score sentences with it (what winlint.learned loads)."""

    def __init__(self, model, labels):
        self.model = model
        self.labels = list(labels)


def _nlp(config):
    import spacy
    cfg = config.copy()
    cfg.pop("winlint", None)
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


def train(items: list[dict], config, *, log=None) -> Trained:
    """Train the textcat of `config` on `items` (labeled texts) and return its model."""
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.util import fix_random_seed, registry

    opts = settings(config)
    seed = int(config["training"]["seed"])
    fix_random_seed(seed)
    nlp = _nlp(config)
    textcat = nlp.get_pipe(nlp.pipe_names[0])
    examples = []
    for item in items:
        for sentence, label in units(item, opts["context"]):
            doc = nlp.make_doc(sentence)
            # the model reads lower-cased token text: teach it on lower-cased Docs, same tokens
            doc = Doc(nlp.vocab, words=[t.lower_ for t in doc], spaces=[bool(t.whitespace_) for t in doc])
            cats = {ADVERSARIAL: float(label != "clean"), **{c.upper(): float(c == label) for c in CATEGORIES}}
            examples.append(Example.from_dict(doc, {"cats": cats}))
    for label in LABELS:
        textcat.add_label(label)
    optimizer = registry.resolve({"o": config["training"]["optimizer"]})["o"]
    nlp.initialize(lambda: examples[:64], sgd=optimizer)
    batcher = registry.resolve({"b": config["training"]["batcher"]})["b"]
    rng = random.Random(seed)
    epochs = int(config["training"]["max_epochs"])
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict = {}
        for batch in batcher(examples):
            textcat.update(batch, sgd=optimizer, losses=losses)
        if log:
            log(f"  epoch {epoch + 1}/{epochs}: loss {sum(losses.values()):.3f}")
    return Trained(textcat.model, textcat.labels)


def cross_validate(items: list[dict], config, *, log=None):
    """Held-out adversarial scores for every item (max over its sentences), from k-fold training."""
    import numpy as np

    from .learned import Scorer

    opts = settings(config)
    k = int(opts["folds"])
    order = sorted(range(len(items)), key=lambda i: hashlib.sha256(items[i]["id"].encode()).hexdigest())
    scores = np.zeros(len(items))
    for fold in range(k):
        held = set(order[fold::k])
        trained = train([items[i] for i in range(len(items)) if i not in held], config)
        scorer = Scorer(trained.model, trained.labels)
        for i in sorted(held):
            scores[i] = max(scorer.adversarial(scorer.score_texts([s for s, _ in units(items[i], "clean")])))
        if log:
            log(f"  fold {fold + 1}/{k} done")
    return scores


def choose_threshold(scores, items, max_clean_rate: float, floor: float) -> tuple[float, dict]:
    """The smallest threshold (0.01 steps, >= floor) that flags at most `max_clean_rate` of the
    held-out clean texts, with the held-out precision and recall there."""
    import numpy as np

    gold = np.array([i["label"] == "adversarial" for i in items])
    hard = np.array([bool(i["hard_negative"]) for i in items])
    stats = {}
    for t in np.round(np.arange(floor, 1.0, 0.01), 2):
        flagged = scores >= t
        tp = int((flagged & gold).sum())
        fp = int((flagged & ~gold).sum())
        stats = {"threshold": float(t), "precision": round(tp / (tp + fp) if tp + fp else 1.0, 4),
                 "recall": round(tp / int(gold.sum()), 4), "clean_flagged": round(fp / int((~gold).sum()), 4),
                 "hard_negative_flagged": round(int((flagged & hard).sum()) / max(int(hard.sum()), 1), 4)}
        if fp / int((~gold).sum()) <= max_clean_rate:
            return float(t), stats
    return 0.99, stats


def export(trained: Trained, out: Path, meta: dict) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.bin").write_bytes(trained.model.to_bytes())
    (out / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def check_data(paths, dev: Path | None = DEV) -> tuple[list[dict], list[str]]:
    """The items of `paths` and their problems: schema, and near-duplicates of the evaluation
    corpora (dev.jsonl and, beside it, real-dev.jsonl)."""
    items = read_items(paths)
    problems = check_items(items)
    for corpus in ([Path(dev), Path(dev).with_name(REAL_DEV_NAME)] if dev is not None else []):
        if not corpus.is_file():
            continue
        dev_items = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        for i, j, jac, sim in near_duplicates([it["text"] for it in items], [d["text"] for d in dev_items]):
            problems.append(f"{items[i]['_where']}: {items[i]['id']} near-duplicates {dev_items[j]['id']} of the "
                            f"evaluation corpus {corpus.name} (3-gram Jaccard {jac:.2f}, edit similarity "
                            f"{'-' if sim is None else f'{sim:.2f}'})")
    return items, problems


# --- real published prose: presumed-clean negatives ---------------------------------------------

REAL_DEV_NAME = "real-dev.jsonl"
PROSE_TAGS = {"p", "li", "dd", "td", "blockquote"}
SKIP_TAGS = {"pre", "script", "style", "head", "title", "nav"}   # inline code stays: it is part of the sentence


class _Paragraphs(HTMLParser):
    """Text of the paragraph-like elements of an HTML page, code and navigation left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.buf: list[str] = []
        self.depth = 0        # inside a prose element
        self.skip = 0         # inside code, scripts, ...

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in PROSE_TAGS:
            self._flush()
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skip:
            self.skip -= 1
        elif tag in PROSE_TAGS and self.depth:
            self._flush()
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.buf.append(data)

    def _flush(self):
        text = " ".join("".join(self.buf).split())
        if text:
            self.out.append(text)
        self.buf = []


PROSE_SENTENCE = re.compile(r"[A-Z][^<>{}\[\]|=_*#@$]{30,300}[.?!]")


def prose_sentences(folders, limit: int, seed: int) -> list[str]:
    """Up to `limit` sentences of published prose from the HTML under `folders` (installed Debian
    documentation packages), chosen by a hash of the text so the same files give the same list."""
    from .engine import sentences

    seen: set[str] = set()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.html")):
            parser = _Paragraphs()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            for para in parser.out:
                for a, b in sentences(para):
                    sent = para[a:b].strip()
                    words = sent.split()
                    if 6 <= len(words) <= 50 and PROSE_SENTENCE.fullmatch(sent) and \
                            sum(c.isalpha() for c in sent) > 0.75 * len(sent.replace(" ", "")):
                        seen.add(sent)
    ranked = sorted(seen, key=lambda t: hashlib.sha256(f"{seed}:{t}".encode()).hexdigest())
    return ranked[:limit]


def prose_items(config) -> list[dict]:
    """The presumed-clean prose negatives the config asks for, as clean items."""
    opts = settings(config)
    folders = [Path(f) for f in opts.get("prose", [])]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise SystemExit(f"train: prose folders missing: {', '.join(missing)} (install the Debian packages "
                         f"{' '.join(opts.get('prose_packages', []))})")
    texts = prose_sentences(folders, int(opts.get("prose_sentences", 0)), int(config["training"]["seed"]))
    return [{"id": f"prose-{n:05d}", "text": t, "label": "clean", "category": "clean", "trigger": None,
             "hard_negative": False, "register": "prose"} for n, t in enumerate(texts)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m winlint.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA_DIR, help="folder of *.jsonl training files")
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--output", type=Path, default=MODEL_DIR, help="where the model goes [winlint/model]")
    ap.add_argument("--check", action="store_true", help="only check the training data")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)

    def log(msg):
        if not args.quiet:
            print(msg, file=sys.stderr, flush=True)

    paths = data_files(args.data)
    if not paths:
        print(f"train: no *.jsonl files in {args.data}", file=sys.stderr)
        return 2
    items, problems = check_data(paths)
    for p in problems:
        print(f"train: {p}", file=sys.stderr)
    if problems:
        return 1
    counts = collections.Counter(i["category"] for i in items)
    log(f"{len(items)} items from {len(paths)} files: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    if args.check:
        return 0
    started = time.time()
    config = load_config(args.config)
    opts = settings(config)
    data_items = len(items)
    prose = prose_items(config)
    log(f"{len(prose)} sentences of published prose as clean negatives")
    items = items + prose
    if opts.get("threshold") is not None:
        # chosen by what the whole linter does on real writing it never trained on (see the config)
        threshold, cv = float(opts["threshold"]), None
        log(f"threshold {threshold:.2f} from the config (no cross-validation)")
    else:
        log(f"cross-validating ({opts['folds']} folds) to choose the threshold")
        scores = cross_validate(items, config, log=log)
        threshold, cv = choose_threshold(scores, items, float(opts["max_clean_flag_rate"]),
                                         float(opts["min_threshold"]))
        log(f"threshold {threshold:.2f}: held-out precision {cv['precision']:.3f}, recall {cv['recall']:.3f}, "
            f"clean texts flagged {cv['clean_flagged']:.3f} (hard negatives {cv['hard_negative_flagged']:.3f})")
    log("training on all the data")
    trained = train(items, config, log=log)
    import spacy
    import thinc
    arch = dict(config["components"][config["nlp"]["pipeline"][0]]["model"])
    meta = {
        "name": "winlint-learned",
        "description": "WW900: sentence classifier (spaCy textcat_multilabel, TextCatBOW) from `python -m winlint.train`",
        "labels": trained.labels,
        "architecture": arch,
        "lowercase": True,
        "threshold": threshold,
        "cross_validation": cv,
        "training_data": sha256_files(paths),
        "prose_negatives": {"sentences": len(prose),
                            "sha256": hashlib.sha256("\n".join(i["text"] for i in prose).encode()).hexdigest()},
        "config_sha256": hashlib.sha256(Path(args.config).read_bytes()).hexdigest(),
        "items": data_items,
        "seed": int(config["training"]["seed"]),
        "spacy_version": spacy.__version__,
        "thinc_version": thinc.__version__,
        "numpy_version": __import__("numpy").__version__,
        "numpy_simd": simd(),
    }
    export(trained, args.output, meta)
    log(f"wrote {args.output} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
