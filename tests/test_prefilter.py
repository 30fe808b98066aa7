"""The pre-filter only skips work: findings are identical with and without it."""
import json

from conftest import ROOT, SHARED
from winlint import loader
from winlint.prefilter import Prefilter


def corpus():
    texts = []
    for path in [SHARED / "corpus" / "dev.jsonl", *sorted((ROOT / "training" / "data").glob("*.jsonl"))]:
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    bench = ROOT / "benchmarks" / "corpus" / "1m.txt"
    if bench.exists():
        texts.append(bench.read_text()[:60_000])
    return texts


def key(findings):
    return [(f.start, f.end, f.rule, tuple(f.suggestions)) for f in findings]


def test_filtered_and_unfiltered_runs_agree(linter_factory):
    filtered = linter_factory()
    unfiltered = linter_factory(prefilter=False)
    texts = corpus()
    assert len(texts) >= 300
    flagged = 0
    for text in texts:
        a = filtered.lint_text(text).findings
        b = unfiltered.lint_text(text).findings
        assert key(a) == key(b), text
        flagged += bool(a)
    assert flagged > 20


def test_text_without_anchor_words_needs_no_rule():
    pack = loader.load()
    pf = Prefilter(pack)
    assert pf.active("Thanks for the lovely offsite, see you all on Monday.") == pf.always


def test_tokenizer_special_cases_are_seen():
    pack = loader.load()
    pf = Prefilter(pack)
    assert {"can", "not"} <= pf.words("We cannot wait")
    assert {"got", "ta"} <= pf.words("gotta go")


def test_a_pattern_needs_all_its_required_words():
    pack = loader.load()
    pf = Prefilter(pack)
    assert "WW101" in pf.active("I need to get them to work harder")
    assert "WW101" not in pf.active("I need to get a coffee")   # no 'to' after: the pattern cannot match
