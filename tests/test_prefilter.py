"""The pre-filter only skips work: findings are identical with and without it."""
import json
import re

import pytest

from conftest import ROOT, SHARED
from winlint import gate, loader
from winlint.prefilter import Prefilter

BENCH = ROOT / "benchmarks" / "corpus" / "1m.txt"     # built by benchmarks/run.py (Debian packages)


def corpus():
    texts = []
    for path in [SHARED / "corpus" / "dev.jsonl", *sorted((ROOT / "training" / "data").glob("*.jsonl"))]:
        if path.exists():   # all of dev, a slice of each training file (the unfiltered run is slow)
            lines = [line for line in path.read_text().splitlines() if line.strip()]
            texts += [json.loads(line)["text"] for line in (lines if "dev" in path.name else lines[:250])]
    return texts


def examples(pack):
    return [e.text for r in pack.rules for e in (*r.bad, *r.good)]


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


@pytest.mark.skipif(not BENCH.exists(), reason="benchmark corpus not built (python3 benchmarks/run.py --corpus-only)")
def test_filtered_and_unfiltered_runs_agree_on_the_benchmark_corpus(linter_factory):
    text = BENCH.read_text()[:300_000]
    a = linter_factory().lint_text(text).findings
    assert key(a) == key(linter_factory(prefilter=False).lint_text(text).findings)
    assert len(a) > 5


def test_every_matcher_match_passes_its_gate():
    """The gates (winlint/gate.py) only skip Matcher calls that would find nothing: over the rule
    examples and the corpora, every match any pattern makes, anywhere, passes that pattern's gate."""
    import spacy
    from spacy.attrs import LOWER
    from spacy.matcher import Matcher

    pack = loader.load()
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    gates = {}
    for pats in pack.patterns.values():
        for c in pats:
            if c.kind == "tokens" and c.key not in gates:
                matcher.add(c.key, [c.tokens])
                gates[c.key] = re.compile(c.gate)
    chars = {nlp.vocab.strings.add(w): ch for w, ch in pack.alphabet.items()}
    texts = examples(pack) + corpus() + ([BENCH.read_text()[:100_000]] if BENCH.exists() else [])
    checked = set()
    for doc in nlp.pipe(texts):
        lowers = doc.to_array(LOWER).tolist()
        whole = gate.token_string(lowers, chars)
        for match_id, start, end in matcher(doc):
            name = nlp.vocab.strings[match_id]
            assert gates[name].search(gate.token_string(lowers[start:end], chars)), (doc[start:end].text, name)
            assert whole is None or gates[name].search(whole)
            checked.add(name)
    assert len(checked) > 300     # most patterns matched something (every rule's bad examples do)


def test_chunked_gate_strings_equal_those_of_real_docs():
    """The gates run before tokenizing, without spaCy, by assembling a sentence's string chunk by
    chunk (gate.Chunks, chunker.Chunker); that must be exactly the string its Doc gives, on every
    sentence the engine would make, including contractions, punctuation and special cases."""
    import spacy
    from spacy.attrs import LOWER

    from winlint.chunker import Chunker
    from winlint.engine import _compact, blocks, sentences

    pack = loader.load()
    nlp = spacy.blank("en")
    chunks = gate.Chunks(Chunker(pack.tokenizer).split, pack.tokenizer.specials, pack.alphabet)
    by_hash = {nlp.vocab.strings.add(w): ch for w, ch in pack.alphabet.items()}
    tricky = ["I can't and won't; they cannot, gonna/wanna (let's) e.g. U.S.A. 3pm 10km :) o_O",
              "“Them”… ’em -- y'all, don’t ‘make’ him... «we» Mr. Ng's 'cause ain't lemme",
              "them.They,THEM? Make—him! <b>you</b> https://ex.com/make?them=1 a@b.co #win-win"]
    texts = tricky + examples(pack) + corpus() + ([BENCH.read_text()[:200_000]] if BENCH.exists() else [])
    compared = 0
    for text in texts:
        for s, e in blocks(text):
            for block in _compact(text, s, e):
                for a, b in sentences(block.text):
                    sentence = block.text[a:b]
                    got = chunks.string(sentence)
                    if got is None:
                        continue
                    want = gate.token_string(nlp.make_doc(sentence).to_array(LOWER).tolist(), by_hash)
                    assert got == want, sentence
                    compared += 1
    assert compared > 1000     # (dev, training and rule examples alone give ~1,500)


def test_gate_regexes():
    chars = {"make": "M", "them": "T", "work": "W"}
    rx = re.compile(gate.pattern_regex(
        [{"LOWER": "make"}, {"LOWER": {"IN": ["them", "him"]}}, {"IS_ALPHA": True, "OP": "{,2}"},
         {"LOWER": {"NOT_IN": ["work"]}, "OP": "+"}], {**chars, "him": "H"}))
    assert rx.fullmatch("MT_") and rx.fullmatch("MH__T") and rx.fullmatch("MTWW_")
    assert not rx.search("MW_") and not rx.search("MT") and not rx.search("TM_")
    assert gate.token_string(["make", "them", "x"], chars) == "MT_"
    assert gate.token_string(["x"] * (gate.MAX_TOKENS + 1), chars) is None


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
