"""The pre-filter only skips work: findings are identical with and without it."""
import json

from conftest import ROOT, SHARED
from winlint import loader
from winlint.prefilter import Prefilter


def corpus():
    texts = []
    for path in [SHARED / "corpus" / "dev.jsonl", *sorted((ROOT / "training" / "data").glob("*.jsonl"))]:
        if path.exists():   # all of dev, a slice of each training file (the unfiltered run is slow)
            lines = [line for line in path.read_text().splitlines() if line.strip()]
            texts += [json.loads(line)["text"] for line in (lines if "dev" in path.name else lines[:250])]
    bench = ROOT / "benchmarks" / "corpus" / "1m.txt"
    if bench.exists():
        texts.append(bench.read_text()[:20_000])
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


def test_a_candidate_pattern_has_every_required_word_set_in_the_text():
    pack = loader.load()
    pf = Prefilter(pack)
    texts = corpus()[:200]
    excluded = 0
    for text in texts:
        words = pf.words(text)
        active = pf.active(text)
        for rule in pack.rules:
            for i, c in enumerate(pack.patterns[rule.code]):
                complete = all(not words.isdisjoint(ws) for ws in c.requires)
                assert (i in active.get(rule.code, ())) == complete
                excluded += (not complete) and len(c.requires) > 1 and not words.isdisjoint(c.requires[0])
    assert excluded > 0     # the other sets do prune candidates found through the rarest one


def test_component_on_multi_sentence_docs_agrees_with_and_without_filter():
    import spacy

    texts = corpus()[:320]
    nlp_f, nlp_u = spacy.blank("en"), spacy.blank("en")
    for nlp, pre in ((nlp_f, True), (nlp_u, False)):
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("winlint", config={"prefilter": pre})
    chunks = [" ".join(texts[i:i + 8]) for i in range(0, len(texts), 8)]
    found = 0
    for a, b in zip(nlp_f.pipe(chunks), nlp_u.pipe(chunks)):
        spans_a = [(s.start, s.end, s.label_) for s in a.spans["winlint"]]
        assert spans_a == [(s.start, s.end, s.label_) for s in b.spans["winlint"]]
        found += len(spans_a)
    assert found > 20
