"""The framework card's own phrases, its reframes, and the hard negatives the core must keep quiet on."""
import pytest

CARD = [
    ("I need to get them to work harder.", "get them to work harder", "conditions where they want to work harder"),
    ("How do I make them stop arguing about the roadmap?", "make them stop arguing", "What do they actually want"),
    ("I have to fire them.", "fire them", "find a place where they can succeed"),
    ("I need to push back on my manager.", "push back on my manager", "align with my manager on the goals we share"),
]
QUIET = [
    "Can you get them to the airport by six?",
    "Let's push back the deadline.",
    "How do we help them succeed?",
    "I want us both to win here.",
]


@pytest.mark.parametrize("text,match,reframe", CARD)
def test_card_phrases_are_flagged_with_the_cards_reframe(linter_factory, text, match, reframe):
    findings = linter_factory().lint_text(text).findings
    assert len(findings) == 1
    assert findings[0].text.startswith(match)
    assert any(reframe in s for s in findings[0].suggestions), findings[0].suggestions


@pytest.mark.parametrize("text", QUIET)
def test_hard_negatives_stay_quiet(linter_factory, text):
    assert linter_factory().lint_text(text).findings == []
