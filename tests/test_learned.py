"""The learned stage (WW900): the shipped model, its explanations, and how the linter uses it."""
import hashlib
import json
import subprocess
import sys

import numpy
import pytest

from conftest import ROOT
from winlint import train
from winlint.engine import Linter, Options, _compact, blocks, sentences
from winlint.learned import MODEL_DIR, Scorer
from winlint.schema import CATEGORIES

SCORER = Scorer.load()
ITEMS = train.read_items(train.data_files())
SENTENCES = sorted({s for item in ITEMS for s, _ in train.units(item, "clean")})


@pytest.fixture(scope="module")
def nlp():
    import spacy
    return spacy.blank("en")


def test_model_is_small_and_describes_itself():
    assert (MODEL_DIR / "model.bin").stat().st_size <= 4_000_000
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    assert meta["architecture"]["@architectures"] == "spacy.TextCatBOW.v3"
    assert meta["architecture"]["ngram_size"] == 2
    assert meta["labels"] == list(train.LABELS)
    assert 0.5 <= meta["threshold"] < 1.0


def test_scores_are_spacys_textcat_on_lowercased_text(nlp):
    """The shipped weights in a stock spaCy textcat_multilabel, fed lower-cased text, score exactly
    as the stage does on the original text (which reads the tokens' LOWER ids)."""
    import spacy

    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    stock = spacy.blank("en")
    textcat = stock.add_pipe("textcat_multilabel", config={"model": meta["architecture"]})
    for label in meta["labels"]:
        textcat.add_label(label)
    textcat.model.from_bytes((MODEL_DIR / "model.bin").read_bytes())
    sample = SENTENCES[::25] + ["This Time I HIT back FIRST.", "Don’t tell the vendor about the second bidder."]
    ours = SCORER.probs([nlp(s) for s in sample])
    from spacy.tokens import Doc
    for text, row in zip(sample, ours):
        # the original tokens, lower-cased (lower-casing the text first would re-split special
        # cases: "Mr." is one token, "mr." two)
        tokens = nlp(text)
        lowered = Doc(stock.vocab, words=[t.lower_ for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
        cats = stock(lowered).cats
        assert numpy.allclose([cats[lab] for lab in meta["labels"]], row, atol=1e-6), text


def test_terms_add_up_to_the_models_logit(nlp):
    for text in SENTENCES[::40]:
        doc = nlp(text)
        terms, bias = SCORER.terms(doc)
        logit = bias[SCORER.adv] + sum(t[SCORER.adv] for *_, t in terms)
        prob = SCORER.probs([doc])[0, SCORER.adv]
        assert abs(1 / (1 + numpy.exp(-logit)) - prob) < 1e-5, text
        for s, e, count, _ in terms:
            assert count >= 1 and 0 <= s < e <= len(doc) and e - s <= 2


def flagged_sentences(nlp):
    docs = [nlp(s) for s in SENTENCES]
    adv = SCORER.adversarial(SCORER.probs(docs))
    return [d for d, a in zip(docs, adv) if a >= SCORER.threshold]


def test_explanation_words_are_in_the_sentence_and_removing_them_lowers_the_score(nlp):
    docs = flagged_sentences(nlp)
    assert len(docs) >= 200
    for doc in docs:
        reasons = SCORER.explain(doc)
        assert 1 <= len(reasons) <= 3, doc.text
        weights = [r.weight for r in reasons]
        assert all(w > 0 for w in weights) and weights == sorted(weights, reverse=True)
        removed = set()
        for r in reasons:
            assert r.text in doc.text.lower(), (r.text, doc.text)
            assert doc[r.start:r.end].text.lower() == r.text
            removed.update(range(r.start, r.end))
        assert len(removed) == sum(r.end - r.start for r in reasons), "explained words overlap"
        # each explained word gives way to a word the model never saw: deleting it instead would
        # join its neighbours into new word pairs, which carry weights of their own
        rest = "".join(("qqqq" + t.whitespace_) if t.i in removed else t.text_with_ws for t in doc)
        before = SCORER.adversarial(SCORER.probs([doc]))[0]
        after = SCORER.adversarial(SCORER.probs([nlp(rest)]))[0]
        assert after < before, (doc.text, [r.text for r in reasons], rest)


def test_explanation_is_the_largest_terms(nlp):
    doc = nlp("Make sure Tom knows who signs his bonus.")
    terms, _ = SCORER.terms(doc)
    best = max(terms, key=lambda t: t[3][SCORER.adv])
    top = SCORER.explain(doc)[0]
    assert top.start <= best[0] and best[1] <= top.end


# --- the screen: exact where it decides ----------------------------------------------------------

ODD = ["I can't, won't and shouldn't.", "gonna do it, e.g. now (maybe).", "Mr. Smith's $5.00 fee-free plan!",
       "see https://example.com/a?b=1 or mail a@b.co", "“Quoted” — dashes… and emoji 🙂 here",
       "U.S.A. vs. N.Y.C",
       "x", "...", "'s", "A  double  space", " leading", "trailing ", "tab\there", "non\u00a0breaking", "€10k 3.5%"]


def corpus_texts():
    path = ROOT.parent / "shared/corpus/dev.jsonl"        # beside the repository, when it is there
    dev = [json.loads(line)["text"] for line in path.open(encoding="utf-8")] if path.exists() else []
    return SENTENCES + dev + ODD


def test_chunk_cache_tokenizes_as_spacy(nlp):
    """The stage reads most sentences through a cache of space-separated chunks: its ids (and the
    Docs it makes for candidates) must be the tokenizer's own."""
    from spacy.attrs import LOWER, ORTH

    from winlint.learned import Chunks, _plain

    texts = [t for t in corpus_texts() if _plain(t)]
    assert len(texts) > 2000 and not any(_plain(t) for t in ODD[-6:-1])
    chunks = Chunks(nlp.tokenizer)
    for part in (texts[:700], texts[700:], texts[::3]):     # new chunks, then known and new mixed
        ids, lens = chunks.lowers(part)
        ref = [nlp.make_doc(t).to_array(LOWER) for t in part]
        assert lens.tolist() == [len(r) for r in ref]
        assert numpy.array_equal(ids, numpy.concatenate(ref).astype("uint64"))
    for text in texts[::7]:
        doc, ref = chunks.doc(text), nlp.make_doc(text)
        assert doc.text == text and numpy.array_equal(doc.to_array([ORTH, LOWER]), ref.to_array([ORTH, LOWER]))
        assert [t.idx for t in doc] == [t.idx for t in ref]


def test_screen_bounds_the_models_own_sum(nlp):
    """The screen's float64 log-odds are within its bound of thinc's float32 ones, whether it reads
    strings or Docs, so a sentence it rules out could never have reached the threshold."""
    from winlint.learned import _Lower, lower_ids

    texts = corpus_texts()
    docs = [nlp.make_doc(t) for t in texts]
    from_text, bound = SCORER.screen(texts, nlp.tokenizer)
    from_docs, _ = SCORER.screen(docs)
    assert numpy.allclose(from_text, from_docs, rtol=0, atol=1e-9)
    keep = [i for i, d in enumerate(docs) if len(d)]
    keys = SCORER._ngrams.predict([_Lower(lower_ids(docs[i])) for i in keep])
    exact = SCORER._linear.predict(keys)[:, SCORER.adv].astype("float64")
    assert (numpy.abs(exact - from_text[keep]) <= bound[keep]).all()


@pytest.mark.parametrize("threshold", [1e-6, 0.3, 0.82, 0.999, 0.999999, 1.0])
def test_screen_cutoff_is_below_every_float32_score_that_reaches_the_threshold(threshold):
    from thinc.api import NumpyOps

    from winlint.learned import screen_cutoff

    cut = screen_cutoff(threshold)
    below = numpy.nextafter(numpy.float32(cut), numpy.float32(-numpy.inf))
    xs = numpy.linspace(below - 2, below, 200_001, dtype="f")
    assert (NumpyOps().sigmoid(xs) < threshold).all()


def test_explanation_terms_are_the_models(nlp):
    """`ranked` computes the n-gram terms for many sentences at once; they are the ones `terms`
    gets from thinc's SparseLinear, bit for bit, in the same order."""
    docs = [nlp.make_doc(t) for t in corpus_texts()[::3]]
    for doc, ranked in zip(docs, SCORER.ranked(docs)):
        terms, _ = SCORER.terms(doc)
        expected = sorted(((float(t[SCORER.adv]), s, e) for s, e, _, t in terms), reverse=True)
        assert ranked == [x for x in expected if x[0] > 0], doc.text


@pytest.mark.parametrize("threshold", [None, 0.0, 0.5, 1.0])
def test_stage_on_strings_is_the_stage_on_docs(nlp, threshold):
    """Strings (screened, then tokenized only when they may be hits) and Docs give the same hits as
    scoring every sentence with the model."""
    from winlint.learned import LearnedStage

    stage = LearnedStage(MODEL.learned_rule, threshold)
    texts = corpus_texts()[::2]
    docs = [nlp.make_doc(t) for t in texts]
    probs = SCORER.probs(docs)
    for hits in (stage.find(texts, nlp.tokenizer), stage.find(docs)):
        assert [i for i, h in enumerate(hits) if h] == [i for i, p in enumerate(probs[:, SCORER.adv])
                                                       if not p < stage.threshold]
        for i, hit in enumerate(hits):
            if hit:
                assert hit.score == float(probs[i, SCORER.adv]) and hit.category == SCORER.category(probs[i])
                assert hit.reasons == SCORER.explain(docs[i])
                doc = docs[i] if hit.doc is None else hit.doc
                assert doc[hit.start:hit.end].text == texts[i].rstrip()       # trailing spaces left out


def test_a_special_case_across_a_space_turns_the_chunk_cache_off():
    """A tokenizer whose special case spans a space ("hit back" as one token) does not tokenize
    chunk by chunk: the stage then tokenizes whole sentences, and still scores as the model does."""
    import spacy

    from winlint.learned import Chunks, LearnedStage

    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("hit back", [{"ORTH": "hit back"}])
    assert not Chunks(nlp.tokenizer).sound and Chunks(spacy.blank("en").tokenizer).sound
    texts = ["This time I hit back first.", "I will hit back at the vendor.", "Thanks for the notes!"]
    docs = [nlp(t) for t in texts]
    assert any(len(d) < len(spacy.blank("en")(t)) for d, t in zip(docs, texts))
    stage = LearnedStage(MODEL.learned_rule, 0.0)
    scores = SCORER.adversarial(SCORER.probs(docs)).tolist()
    assert [h.score for h in stage.find(texts, nlp.tokenizer)] == [h.score for h in stage.find(docs)] == scores


# --- the stage in the linter --------------------------------------------------------------------

# the stage's own behaviour, without the stance layer (tests/test_stance.py covers that)
MODEL = Linter(Options(model_stage=True, stance=False))
RULES = Linter(Options(stance=False))
MODEL_ONLY = Linter(Options(model_stage=True, select=["WW900"], stance=False))


def test_off_by_default():
    text = "Make sure Tom knows who signs his bonus. I need to get them to work harder."
    assert [f.rule for f in RULES.lint_text(text).findings] == ["WW101"]
    assert {f.rule for f in MODEL.lint_text(text).findings} == {"WW101", "WW900"}


def test_a_finding_has_the_rule_fields_a_category_and_the_question():
    source = "Notes\n\nMake sure Tom knows who signs\nhis bonus.  Thanks for the notes!\n"
    (f,) = MODEL.lint_text(source, "notes.txt").findings
    assert (f.rule, f.name, f.severity, f.step) == ("WW900", "possible-adversarial-framing", "info", "notice")
    assert f.category in CATEGORIES
    assert f.text == "Make sure Tom knows who signs\nhis bonus." == source[f.start:f.end]
    assert (f.line, f.column, f.end_line) == (3, 1, 4)
    assert f.suggestions == ["What does the other side actually want here?",
                             "Is there a way to say this so both sides can win?"]
    assert "'" in f.message and f.category.replace("_", " ") in f.message


def test_sentences_the_rules_flag_are_left_to_the_rules(nlp):
    both = [s for s in SENTENCES if RULES.lint_text(s).findings
            and SCORER.adversarial(SCORER.probs([nlp(s)]))[0] >= SCORER.threshold]
    assert len(both) >= 20
    for text in both[:40]:
        assert "WW900" in {f.rule for f in MODEL_ONLY.lint_text(text).findings}, text
        assert "WW900" not in {f.rule for f in MODEL.lint_text(text).findings}, text


def test_every_sentence_is_scored_once_with_exact_positions(nlp):
    """Sentences no pattern could match are tokenized together, one Doc per paragraph: the findings
    must be the ones scoring each sentence alone gives, at the sentence's exact place."""
    rng = numpy.random.default_rng(4)
    picks = rng.choice(len(SENTENCES), 120, replace=False)
    paragraphs = []
    for k in range(0, 120, 4):
        paragraphs.append("  ".join(SENTENCES[i] for i in picks[k:k + 4]).replace("'", "’", 3))
    source = "\n\n".join(p.replace(". ", ".\n", 2) for p in paragraphs) + "\n"
    found = [f for f in MODEL_ONLY.lint_text(source).findings]
    expected = []
    for s, e in blocks(source):
        for block in _compact(source, s, e):
            for a, b in sentences(block.text):
                score = SCORER.adversarial(SCORER.probs([nlp(block.text[a:b])]))[0]
                if score >= SCORER.threshold:
                    expected.append(block.source_span(a, b))
    assert [(f.start, f.end) for f in found] == expected
    assert len(expected) >= 5
    for f in found:
        assert source[f.start:f.end] == f.text


def test_threshold_option():
    text = "Can you send me the slides before the call? Make sure Tom knows who signs his bonus."
    assert [f.rule for f in Linter(Options(model_stage=True, model_threshold=1.0)).lint_text(text).findings] == []
    everything = Linter(Options(model_stage=True, model_threshold=0.0)).lint_text(text).findings
    assert [f.text for f in everything] == ["Can you send me the slides before the call?",
                                            "Make sure Tom knows who signs his bonus."]


def test_model_off_imports_nothing_of_it():
    """With the stage off, a text no rule can match is still never tokenized (spaCy is not even
    imported), and linting anything never imports the stage."""
    code = ("import sys, winlint; from winlint.engine import Linter, Options\n"
            "l = Linter(Options()); l.lint_text('Thanks for the lovely offsite, see you on Monday.')\n"
            "print('spacy' in sys.modules)\n"
            "print(len(l.lint_text('I need to get them to work harder.').findings), 'winlint.learned' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["False", "1", "False"]


def test_cli_flags_and_config(run_cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Make sure Tom knows who signs his bonus.\n")
    rules = lambda proc: [f["rule"] for f in json.loads(proc.stdout)]  # noqa: E731
    assert rules(run_cli("check", "--format", "json", str(draft))) == []
    on = run_cli("check", "--format", "json", "--with-model", str(draft))
    assert rules(on) == ["WW900"] and on.returncode == 0          # info: below the default fail level
    assert run_cli("check", "--with-model", "--fail-level", "info", str(draft)).returncode == 1
    (tmp_path / ".winlint.yaml").write_text("model: on\n")
    assert rules(run_cli("check", "--format", "json", str(draft))) == ["WW900"]
    assert rules(run_cli("check", "--format", "json", "--no-model", str(draft))) == []
    assert rules(run_cli("check", "--format", "json", "--model-threshold", "1", str(draft))) == []


def test_model_threshold_from_the_config_and_the_command_line_wins(run_cli, tmp_path):
    draft = tmp_path / "draft.txt"
    text = "Make sure Tom knows who signs his bonus."
    draft.write_text(text + "\n")
    score = float(SCORER.adversarial(SCORER.score_texts([text]))[0])
    above = f"{score + (1 - score) / 2:.6f}"          # a threshold above its score: quiet
    assert 0.5 < score < float(above) < 1

    def rules(*args):
        return [f["rule"] for f in json.loads(run_cli("check", "--format", "json", *args).stdout)]

    (tmp_path / ".winlint.yaml").write_text(f"model: on\nmodel-threshold: {above}\n")
    assert rules(str(draft)) == []
    assert rules("--model-threshold", "0.5", str(draft)) == ["WW900"]
    (tmp_path / ".winlint.yaml").write_text("model: on\nmodel-threshold: 0.5\n")
    assert rules(str(draft)) == ["WW900"]
    assert rules("--model-threshold", above, str(draft)) == []
    shown = run_cli("config", cwd=tmp_path).stdout
    assert f"model-threshold = 0.5  # {tmp_path / '.winlint.yaml'}:2" in shown


def test_rule_reference_and_sarif_describe_placeholders_in_words():
    """docs/rules.md, `winlint explain` and SARIF rule descriptions describe a rule, not a finding:
    no placeholder shows in braces."""
    import re

    from winlint import loader
    from winlint.reference import explain
    from winlint.render.sarif import _descriptor

    for rule in loader.load().rules:
        flags = explain(rule).split("### What it flags")[1].split("### Why")[0]
        short = _descriptor(rule)["shortDescription"]["text"]
        for text in (flags, short):
            assert not re.search(r"[{}]", text), (rule.code, text)
        assert short == flags.strip() and short[0].isupper()
    short = _descriptor(loader.load().lookup("WW900"))["shortDescription"]["text"]
    assert "the likeliest of the eight categories" in short and "score from 0 to 1" in short


def test_explain_and_rules_list_the_model_rule(run_cli):
    assert "WW900  possible-adversarial-framing" in run_cli("rules").stdout
    text = run_cli("explain", "WW900").stdout
    assert "learned classifier" in text and "Make sure Tom knows" in text


VERSION_KEYS = ("spacy_version", "thinc_version", "numpy_version", "library_versions")


@pytest.mark.slow
def test_training_reproduces_the_shipped_model(tmp_path, nlp):
    # the prose negatives come from installed Debian documentation (.ci/run installs it); another
    # release of those packages is other data, so the reproduction only holds for the same sentences
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    config = train.load_config(train.CONFIG)
    try:
        prose = train.prose_items(config)
    except SystemExit as missing:
        pytest.skip(str(missing))
    digest = hashlib.sha256("\n".join(i["text"] for i in prose).encode()).hexdigest()
    if digest != meta["prose_negatives"]["sha256"]:
        pytest.skip("the installed documentation packages are not the release the model was trained on")
    # float results of training differ in the last bits between machines whose numpy dispatches to
    # other SIMD extensions (AVX-512 or not); the reproduction holds on the kind the model was trained on
    if meta.get("numpy_simd") != train.simd():
        pytest.skip("this machine's numpy SIMD extensions are not those of the machine the model was trained on")
    proc = subprocess.run([sys.executable, "-m", "winlint.train", "--output", str(tmp_path), "-q"],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    fresh = Scorer.load(tmp_path)
    docs = [nlp(s) for s in SENTENCES[::10]]
    assert numpy.allclose(fresh.probs(docs), SCORER.probs(docs), atol=1e-6, rtol=0)
    # What matters is the same data, config and scores; the bytes of model.bin and the library
    # versions that wrote them change with numpy/thinc releases inside pyproject's ranges.
    fresh_meta = json.loads((tmp_path / "meta.json").read_text())
    shipped_meta = json.loads((MODEL_DIR / "meta.json").read_text())
    for meta in (fresh_meta, shipped_meta):
        for key in VERSION_KEYS:
            meta.pop(key, None)
    assert fresh_meta == shipped_meta


# --- a model rule in the schema ---------------------------------------------------------------

MODEL_RULE = """\
code: XX900
name: sample-model
kind: model
category: predicted
level: info
step: notice
message: "may be {category} ({score}): {words}"
why: Because.
suggestions: ["Is there a way to say this so both sides can win?"]
examples: {bad: ["a", "b"], good: ["c", "d"]}
"""


def load_rule(tmp_path, text):
    from winlint import loader
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "sample-model.yaml").write_text(text)
    return loader.load([folder], use_cache=False)


def test_a_model_rule_loads_without_patterns(tmp_path):
    (rule,) = load_rule(tmp_path, MODEL_RULE).rules
    assert (rule.kind, rule.category, rule.patterns) == ("model", "predicted", [])


@pytest.mark.parametrize("change,key,message", [
    (("kind: model", "kind: learned"), "kind", "unknown kind 'learned'"),
    (("category: predicted", "category: control"), "category", "has category 'predicted'"),
    (("why: Because.", "why: Because.\npatterns: [[{LOWER: x}]]"), "patterns", "has no patterns"),
    (("kind: model\n", ""), "patterns", "required key is missing"),
    (("{words}", "{who}"), "message", "placeholder {who}"),
])
def test_a_broken_model_rule_names_the_key(tmp_path, change, key, message):
    from winlint.errors import WinlintError
    with pytest.raises(WinlintError) as info:
        load_rule(tmp_path, MODEL_RULE.replace(*change))
    assert info.value.key == key and message in str(info.value), str(info.value)


def test_spacy_component_after_the_rules():
    import spacy

    import winlint.learned  # noqa: F401  (registers the factory; installed, the entry point does)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("winlint")
    nlp.add_pipe("winlint_learned")
    doc = nlp("I need to get them to work harder. Make sure Tom knows who signs his bonus. "
              "Can you send me the slides?")
    assert [s.label_ for s in doc.spans["winlint"]] == ["WW101"]
    (span,) = doc.spans["winlint_learned"]
    assert (span.text, span.label_, span.id_) == ("Make sure Tom knows who signs his bonus.", "WW900",
                                                  "possible-adversarial-framing")
    assert span._.winlint["category"] in CATEGORIES and span._.winlint["reasons"]
    assert span._.winlint["score"] >= SCORER.threshold
