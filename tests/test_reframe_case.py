"""Captures keep the case they need mid-template: sentence-start pronouns and determiners, names ending in s."""
import pytest

from winlint import reframe

CASES = [
    ("What {who:verb=do} {who:subject} see?", "They", "What do they see?"),
    ("I'd like to hear {who:object} out.", "She", "I'd like to hear her out."),
    ("What {who:verb=do} {who:subject} see?", "The platform team", "What does the platform team see?"),
    ("Ask {who:object} first.", "Our vendors", "Ask our vendors first."),
    ("What {who:verb=be} {who:subject} worried about?", "Jonas", "What is Jonas worried about?"),
    ("What {who:verb=be} {who:subject} worried about?", "the designers", "What are the designers worried about?"),
    ("What {who:verb=do} {who:subject} want?", "I", "What do I want?"),
    ("What {who:verb=do} {who:subject} want?", "IBM", "What does IBM want?"),
]


@pytest.mark.parametrize("template,value,expected", CASES)
def test_captured_words_take_mid_sentence_case(template, value, expected):
    assert reframe.fill(template, {"who": value}) == expected
