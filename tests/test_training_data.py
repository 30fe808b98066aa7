"""The learned stage's training data: well-formed, big and balanced enough, and never a copy of dev.

../shared/corpus/dev.jsonl is for evaluation only. A training text that near-duplicates a dev
text would make every dev number of the model a memory test, so the guard below fails on one.

The bars (winlint.train.MAX_JACCARD, MAX_SIMILARITY), measured on all 679,000 training x dev pairs
before the 18 offending training items were removed: every pair with word-3-gram Jaccard >= 0.3
or normalized edit similarity >= 0.75 was a dev sentence rewritten (a name, a number, a clause
swapped: "Consider this your final warning, Devon/Ravi. ..."); below 0.3 the pairs mix such
rewrites with texts that merely share an idiom the guide asks the data to cover ("per my last
email", "take it or leave it"), so a lower bar would forbid the idioms themselves. Edit similarity
catches short texts with one word changed, whose few 3-grams all break.
"""
import collections
import json
import random

import pytest

from conftest import SHARED
from winlint import train
from winlint.schema import CATEGORIES

DEV = SHARED / "corpus" / "dev.jsonl"
FILES = train.data_files()
ITEMS = train.read_items(FILES)


def dev_items():
    if not DEV.exists():
        pytest.skip(f"{DEV} not found")
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_training_files_exist_and_hold_2000_items():
    assert FILES, "no training/data/*.jsonl"
    assert len(ITEMS) >= 2000


def test_every_item_has_the_dev_corpus_schema():
    assert train.check_items(ITEMS) == []


def test_schema_check_catches_broken_items():
    good = {"id": "x-1", "text": "We made them redo it.", "label": "adversarial", "category": "control",
            "trigger": "made them redo it", "hard_negative": False, "register": "chat"}
    assert train.check_items([good]) == []
    broken = [
        {**good, "category": "bossy"},
        {**good, "trigger": "not in the text"},
        {**good, "label": "clean"},                        # a clean item keeps category clean, trigger null
        {**good, "register": "tweet"},
        {k: v for k, v in good.items() if k != "register"},
        {**good, "extra": 1},
        {**good, "text": "  "},
        {**good, "hard_negative": True},
    ]
    for item in broken:
        assert train.check_items([item]), item
    assert train.check_items([good, dict(good)]), "duplicate ids"


def test_categories_are_balanced_and_clean_texts_rich_in_hard_negatives():
    cats = collections.Counter(i["category"] for i in ITEMS)
    counts = [cats[c] for c in CATEGORIES]
    assert min(counts) >= 100 and min(counts) >= 0.9 * max(counts), cats
    clean = [i for i in ITEMS if i["label"] == "clean"]
    assert 0.4 <= len(clean) / len(ITEMS) <= 0.6
    assert sum(i["hard_negative"] for i in clean) >= 0.3 * len(clean)
    registers = collections.Counter(i["register"] for i in ITEMS)
    assert all(registers[r] >= 0.03 * len(ITEMS) for r in train.REGISTERS), registers


def test_no_training_text_near_duplicates_a_dev_text():
    dev = dev_items()
    pairs = train.near_duplicates([i["text"] for i in ITEMS], [d["text"] for d in dev])
    shown = [f"{ITEMS[i]['id']} ~ {dev[j]['id']} (jaccard {jac:.2f}, similarity {sim}): {ITEMS[i]['text']!r}"
             for i, j, jac, sim in pairs]
    assert not shown, "training data near-duplicates dev (evaluation only):\n" + "\n".join(shown)


def test_guard_catches_rewritten_dev_sentences():
    dev = ["Consider this your final warning, Ravi. One more missed standup and you're done.",
           "Every dollar they save on this deal is a dollar out of our pocket, so give nothing.",
           "brb, grabbing coffee"]
    rewrites = ["Consider this your final warning, Devon. One more missed standup and we're done talking.",
                "every dollar they save on this contract is a dollar out of our pocket so don't give an inch",
                "BRB grabbing coffee!!"]
    unrelated = ["Can you get the visitors to the airport by four?", "Per my last email, the figures are attached.",
                 "I'd love to hear what the design team wants out of the launch."]
    found = {(i, j) for i, j, _, _ in train.near_duplicates(rewrites + unrelated, dev)}
    assert found == {(0, 0), (1, 1), (2, 2)}


def test_guard_checks_every_pair_exactly():
    """The q-gram bound only skips work: brute force over a sample finds the same pairs."""
    dev = [d["text"] for d in dev_items()]
    rng = random.Random(3)
    texts = [i["text"] for i in rng.sample(ITEMS, 25)]
    # add near-misses so the comparison has positives: dev texts with a word or two changed
    for t in rng.sample(dev, 15):
        words = t.split()
        k = rng.randrange(len(words))
        texts.append(" ".join(words[:k] + ["Jordan"] + words[k + 1:]))
    fast = {(i, j) for i, j, _, _ in train.near_duplicates(texts, dev)}
    slow = set()
    for i, t in enumerate(texts):
        nt = train.normalize(t)
        tri = train.word_trigrams(nt)
        for j, d in enumerate(dev):
            nd = train.normalize(d)
            dtri = train.word_trigrams(nd)
            if (len(tri & dtri) / len(tri | dtri) >= train.MAX_JACCARD
                    or train.similarity(nt, nd) >= train.MAX_SIMILARITY):
                slow.add((i, j))
    assert fast == slow
    assert len(slow) >= 10


def test_levenshtein_agrees_with_the_textbook_algorithm():
    def dp(a, b):
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    rng = random.Random(5)
    for _ in range(500):
        a = "".join(rng.choice("ab c") for _ in range(rng.randrange(0, 40)))
        b = "".join(rng.choice("ab c") for _ in range(rng.randrange(0, 90)))
        assert train.levenshtein(a, b) == dp(a, b), (a, b)


def test_shipped_model_records_the_current_training_data():
    meta = json.loads((train.MODEL_DIR / "meta.json").read_text())
    assert meta["training_data"] == train.sha256_files(FILES), \
        "training data changed since the model was trained: run `python -m winlint.train`"
    assert meta["config_sha256"] == train.sha256_files([train.CONFIG])[train.CONFIG.name], \
        "training/config.cfg changed since the model was trained: run `python -m winlint.train`"
    assert meta["items"] == len(ITEMS)


def test_units_follow_the_linters_sentences_and_the_trigger():
    item = {"id": "t", "text": "Thanks for the memo.  I read it twice. Frankly I’m ready to go to war with Finance.",
            "label": "adversarial", "category": "power_struggle", "trigger": "go to war with Finance",
            "hard_negative": False, "register": "email"}
    assert train.units(item, "drop") == [("Frankly I'm ready to go to war with Finance.", "power_struggle")]
    assert train.units(item, "clean") == [("Thanks for the memo.", "clean"), ("I read it twice.", "clean"),
                                          ("Frankly I'm ready to go to war with Finance.", "power_struggle")]
    clean = {**item, "label": "clean", "category": "clean", "trigger": None}
    assert [label for _, label in train.units(clean)] == ["clean"] * 3
