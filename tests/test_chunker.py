"""chunker.Chunker tokenizes a space-free chunk exactly as spaCy's tokenizer does, so the gates
can screen sentences before (and without) spaCy."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winlint import loader
from winlint.chunker import Chunker, rules_of


@pytest.fixture(scope="module")
def tokenizers():
    import spacy

    nlp = spacy.blank("en")
    return nlp.tokenizer, Chunker(loader.load().tokenizer)


def spacy_split(tokenizer, chunk):
    return [t.text for t in tokenizer(chunk)]


def test_the_cached_rules_are_the_tokenizers():
    import spacy

    rules = rules_of(spacy.blank("en").tokenizer)
    cached = loader.load().tokenizer
    assert rules == cached
    assert len(rules.specials) > 1000 and len(rules.rejoin) > 100


@pytest.mark.parametrize("chunk", [
    "them", "Them,", "(them)", "can't", "Cannot", "gonna", "y'all", "'em", "o'clock", "U.S.", "U.S.A.,",
    "e.g.", "(e.g.", "a.m.)", ":)", "(:", "^_^", "10km", "$3.50", "100%", "x-y", "well-known", "--",
    "...", "…", "“Make”", "‘em", "don’t", "https://example.com/a?b=c.", "www.example.org,", "a@b.co",
    "#win-win", "Mr.", "Mrs.)", "3pm.", "'''", "''s", "İstanbul.", "naïve,", "5'11\"", "(-:", "<3",
])
def test_known_chunks(tokenizers, chunk):
    tokenizer, chunker = tokenizers
    assert chunker.split(chunk) == spacy_split(tokenizer, chunk)


PIECES = ["a", "them", "Make", "n't", "'s", "'", "''", "\"", "(", ")", "[", "]", ".", ",", ";", ":",
          "!", "?", "-", "–", "—", "…", "/", "\\", "@", "#", "$", "%", "&", "*", "+", "=", "<", ">",
          "_", "~", "“", "”", "‘", "’", "«", "»", "10", "3.5", "km", "1st", "e.g.", "U.S.", ":)",
          "http://x.co/a", "www.a.com", "é", "ß", "İ", "Ω", "don", "t", "can", "not", "gon", "na"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
def test_generated_chunks(tokenizers, pieces):
    tokenizer, chunker = tokenizers
    chunk = "".join(pieces)
    assert chunker.split(chunk) == spacy_split(tokenizer, chunk)


def test_every_special_case_and_its_affixed_forms(tokenizers):
    tokenizer, chunker = tokenizers
    rng = random.Random(0)
    for text in chunker.specials:
        if not text or any(c.isspace() for c in text):
            continue
        for chunk in (text, f"({text}", f"{text},", f"\"{text}.\"", f"{text}{rng.choice(list(chunker.specials))}"):
            if not any(c.isspace() for c in chunk):
                assert chunker.split(chunk) == spacy_split(tokenizer, chunk), chunk
