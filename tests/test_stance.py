"""The stance layer: its own examples (rules/stance.yaml) run through the whole linter, each cue
family on its own, and the cue file's errors."""
import pytest
import yaml

import winlint
from winlint.errors import WinlintError
from winlint.stance import Stance, load_cues
from winlint.stance.cues import default_path, parse

CUES = load_cues()


@pytest.mark.parametrize("text", CUES.examples["flagged"])
def test_endorsed_moves_keep_their_finding(text):
    assert [f for f in winlint.lint_text(text) if f.rule != "WW900"], text


@pytest.mark.parametrize("text", CUES.examples["quiet"])
def test_moves_the_writer_does_not_endorse_stay_quiet(text):
    assert [f.rule for f in winlint.lint_text(text)] == [], text


def test_the_meta_rule_every_family_has_examples_of_both_kinds():
    assert len(CUES.examples["flagged"]) >= 3 and len(CUES.examples["quiet"]) >= 6


def judge(text: str, move: str, after: str = "") -> str | None:
    import spacy
    nlp = spacy.blank("en")
    doc = nlp(text)
    i = text.index(move)
    span = doc.char_span(i, i + len(move), alignment_mode="expand")
    words = [t.lower_.replace("’", "'") for t in doc]
    return Stance(CUES).judge(words, span.start, span.end, [t.lower_ for t in nlp(after)])


@pytest.mark.parametrize("text, move, after, family", [
    ("I would never force anyone to work weekends.", "force anyone", "", "negation"),
    ("Instead of pushing back on my manager, I asked her.", "pushing back", "", "advice_against"),
    ("You could threaten to escalate it.", "threaten to escalate", "Don't.", "advice_against"),
    ("Sure, you could fire them all", "fire them", "But who would ship the release?", "turn"),
    ("What would get them to say yes?", "get them to say yes", "", "other_wants"),
    ("Managers who bully their reports lose them.", "bully their reports", "", "third_party"),
    ("She said she would fire me on the spot.", "fire me", "", "third_party"),
    ("We won the battle but lost the war on that deal.", "won the battle", "", "cooperation"),
])
def test_each_family_cancels_its_case(text, move, after, family):
    assert judge(text, move, after) == family


@pytest.mark.parametrize("text, move", [
    ("I need to get them to work harder.", "get them to work harder"),
    ("Rather than coaching him, we should teach him a lesson.", "teach him a lesson"),
    ("I told them I would fire them if it happens again.", "fire them"),
    ("Don't worry, I'll make him pay for that.", "make him pay"),
])
def test_cues_do_not_reach_past_their_scope(text, move):
    assert judge(text, move) is None


def test_cue_file_errors_name_the_file_and_key(tmp_path):
    data = yaml.safe_load(default_path().read_text())
    with pytest.raises(WinlintError, match=r"stance\.yaml.*negation\.windows"):
        parse({**data, "negation": {"windows": 3}}, str(tmp_path / "stance.yaml"), str.split)
    with pytest.raises(WinlintError, match="unknown cue family"):
        parse({**data, "sarcasm": {}}, str(tmp_path / "stance.yaml"), str.split)
    with pytest.raises(WinlintError, match="expected a list"):
        parse({**data, "turn": {"turn": "but"}}, str(tmp_path / "stance.yaml"), str.split)
