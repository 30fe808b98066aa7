"""Reframes: clause-bounded captures, the generator's grammar, validation with fallback, the JSON contract."""
import json
import os
import subprocess
import sys

import pytest
import spacy

import winlint
from winlint import reframe
from winlint.reframe import phrases, validate
from winlint.reframe.generate import Party, fill
from winlint.schema import Rule


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def words(nlp, text, first):
    doc = nlp(text)
    i = [t.text for t in doc].index(first)
    return doc, i


@pytest.mark.parametrize("text,first,expected", [
    ("How do I get my reports to stop pushing back on the new quotas?", "stop", "stop pushing back"),
    ("I'll make the night shift cover Saturday whether they like it or not.", "cover", "cover Saturday"),
    ("We need them to adopt it and be done with it.", "adopt", "adopt it"),
    ("Get legal to approve this by friday.", "approve", "approve this"),
    ("How can I pressure my team into volunteering for on-call shifts?", "volunteering", "volunteering for on-call shifts"),
    ("Make them put in weekend hours until it ships.", "put", "put in weekend hours"),
    ("Getting the intern to leave gracefully takes patience.", "leave", "leave gracefully"),
])
def test_an_action_ends_at_a_clause_boundary(nlp, text, first, expected):
    doc, i = words(nlp, text, first)
    assert phrases.action(doc, i, i + 5, len(doc)) == expected


@pytest.mark.parametrize("text,first", [
    ("Get them to the airport by six.", "the"),          # not a verb phrase
    ("Get them to quickly.", "quickly"),
])
def test_an_action_that_is_not_a_verb_phrase_is_not_used(nlp, text, first):
    doc, i = words(nlp, text, first)
    assert phrases.action(doc, i, i + 3, len(doc)) is None


def test_a_template_needing_an_unclosed_action_falls_to_the_next():
    rule = Rule(code="WW999", name="x", category="control", level="warning", step="goals", message="m",
                why="w", patterns=[], suggestions=["What would make {who:object} want to {action}?",
                                                   "What {who:verb=do} {who:subject} want here?"], bad=[], good=[],
                rewrites=["I want to help {who:object} {action:base}.", "I want to ask {who:object} first."])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Get them to the airport.")
    out = reframe.suggest(rule, doc, 0, 4, {"who": (1, 2), "action": (3, 5)})
    assert list(out) == ["I want to ask them first.", "What do they want here?"]
    assert [r.kind for r in out.reframes] == ["rewrite", "question"]


@pytest.mark.parametrize("template,values,expected", [
    ("What {who:verb=do} {who:subject} want, and what would make {action:ing} worth it?",
     {"who": "the PMs", "action": "do it"}, "What do the PMs want, and what would make doing it worth it?"),
    ("Have I asked what {who:subject} {who:verb=need}?", {"who": "her"}, "Have I asked what she needs?"),
    ("What {who:verb=do} {who:subject} need from this?", {"who": "them"}, "What do they need from this?"),
    ("What would help {who:object} {action:base}?", {"who": "he", "action": "signing the form"},
     "What would help him sign the form?"),
    ("I value {who:possessive} view.", {"who": "the designers"}, "I value the designers' view."),
    ("I value {who:possessive} view.", {"who": "Dana"}, "I value Dana's view."),
])
def test_agreement_case_and_verb_forms(template, values, expected):
    assert fill(template, values) == expected


def test_a_second_mention_becomes_a_pronoun():
    crew = Party.of("the whole night crew")
    assert fill("What {who:verb=do} {who:subject} want, and what would help {who:object}?", {"who": crew}) == \
        "What does the whole night crew want, and what would help them?"
    dana = Party.of("Dana", "Dana said she would think about it")
    assert fill("What is {who:subject} worried about, and what would {who:subject} change?", {"who": dana}) == \
        "What is Dana worried about, and what would she change?"
    # no pronoun in the sentence: a name's second mention is "they", and the verb agrees with it
    sam = Party.of("Sam", "Ask Sam first")
    assert fill("What {who:verb=do} {who:subject} see, and what {who:verb=do} {who:subject} need?", {"who": sam}) == \
        "What does Sam see, and what do they need?"


def test_a_name_filter_takes_only_a_name():
    assert fill("{who:name}, this is still open.", {"who": Party.of("Ravi")}) == "Ravi, this is still open."
    assert fill("{who:name}, this is still open.", {"who": Party.of("them")}) is None
    assert fill("{who:name}, this is still open.", {"who": Party.of("the team")}) is None


@pytest.mark.parametrize("text", [
    "What would make your people want to stop pushing back on the?",
    "What would make doinging it worth it?",
    "What does the PMs actually want here?",
    "Have you asked what she need?",
    "What would make them want to to work?",
    'She said "fine.',
    "what do they want?",
])
def test_validation_catches_broken_text(text):
    assert validate.problems(text)


def test_validation_passes_fluent_text():
    assert validate.problems("I want to find out what would help them work harder.") == []


def test_findings_carry_labelled_reframes_with_the_sentence_they_replace():
    text = "Hello team.\nI need to get them to work harder.\nThanks.\n"
    [f] = winlint.lint_text(text)
    assert f.suggestions == [r["text"] for r in f.reframes]
    kinds = [r["kind"] for r in f.reframes]
    assert kinds[0] == "rewrite" and "question" in kinds and kinds == sorted(kinds, key=lambda k: k != "rewrite")
    rewrite = f.reframes[0]
    assert text[rewrite["start"]:rewrite["end"]] == "I need to get them to work harder."
    assert rewrite["step"] == f.step == "shared-interests"
    assert rewrite["text"] == "I want to find out what would help them work harder."
    assert all("start" not in r for r in f.reframes if r["kind"] == "question")


def test_json_output_keeps_suggestions_and_adds_reframes(tmp_path):
    p = tmp_path / "d.md"
    p.write_text("# Plan\n\nPer my last email, the report is due Friday.\n")
    out = subprocess.run([sys.executable, "-m", "winlint", "check", "--format", "json", str(p)],
                         capture_output=True, text=True)
    [f] = json.loads(out.stdout)
    assert isinstance(f["suggestions"], list) and all(isinstance(s, str) for s in f["suggestions"])
    assert f["suggestions"][0] == f["reframes"][0]["text"] == \
        "The report is due Friday. Restating it here so it's easy to find."
    source = p.read_text()
    assert source[f["reframes"][0]["start"]:f["reframes"][0]["end"]] == "Per my last email, the report is due Friday."


def test_debug_report_counts_templates_turned_away(tmp_path):
    p = tmp_path / "d.txt"
    p.write_text("How do I get my reports to stop pushing back on the new quotas?\n")
    env = dict(os.environ, WINLINT_DEBUG_REFRAMES="1")
    out = subprocess.run([sys.executable, "-m", "winlint", "check", "--format", "json", str(p)],
                         capture_output=True, text=True, env=env)
    assert json.loads(out.stdout)                   # stdout is still one JSON document
    assert "reframes:" in out.stderr and "shown" in out.stderr


def test_every_rule_example_gets_a_rewrite_first(linter_factory):
    from winlint import loader

    pack = loader.load()
    missing = []
    for rule in pack.rules:
        if rule.kind == "model":
            continue
        for ex in rule.bad:
            for f in linter_factory(select=[rule.code]).lint_text(ex.text, "example.txt").findings:
                if not f.reframes or f.reframes[0]["kind"] != "rewrite":
                    missing.append((rule.code, ex.text))
    assert not missing


@pytest.mark.parametrize("text,rule,expected", [
    # a "him" two sentences after the name, read from the text before the flagged sentence
    ("1:1 with Ravi today. He's still resisting the new template. Next week I'll just force him to adopt it.",
     "WW103", "Ravi"),
    # a role is whom "him" stands for when it is the one person around
    ("gonna push back on my manager hard tomorrow about the reorg, not letting him win this one", "WW404",
     "my manager"),
    # the person written to, from a greeting
    ("Hi Gemma, attached is the deck again. Happy to explain it a fourth time if needed.", "WW704", "Gemma,"),
    # an object clause is the party
    ("we should make an example of whoever broke prod last night.", "WW302", "whoever broke prod"),
])
def test_slots_read_the_party_from_around_the_sentence(text, rule, expected):
    findings = [f for f in winlint.lint_text(text) if f.rule == rule]
    assert findings and expected in findings[0].suggestions[0], findings and findings[0].suggestions


def test_a_name_talked_about_is_not_greeted():
    findings = [f for f in winlint.lint_text("I've told Marco that if his numbers slip there will be consequences.")
                if f.rule == "WW608"]
    assert findings and not any(s.startswith("Marco,") for s in findings[0].suggestions)


def _values(nlp, text, match):
    doc = nlp(text)
    toks = [t.text for t in doc]
    first = match.split()[0]
    i = toks.index(first)
    return reframe.slots(doc, i, i + len(match.split()), {})[0]


def test_a_thing_after_a_quantity_is_written_with_the(nlp):
    assert _values(nlp, "There is only so much headcount to share this year.", "only so much headcount")["thing"] == \
        "the headcount"


def test_a_noun_may_be_indefinite_where_a_thing_may_not(nlp):
    values = _values(nlp, "My plan is to win a fight with procurement.", "win a fight")
    assert values["noun"] == "a fight" and "thing" not in values


def test_a_thing_holding_the_verdict_is_not_used(nlp):
    doc = nlp("That clown of a vendor sent the wrong parts again.")
    values = reframe.slots(doc, 0, 6, {"verdict": (1, 2)})[0]
    assert "thing" not in values and "noun" not in values


def test_a_thing_owned_by_the_party_takes_its_pronoun(nlp):
    doc = nlp("Cut the interns' stipend until they shape up.")
    values = reframe.slots(doc, 0, 5, {"who": (1, 3)})[0]
    assert values["thing"] == "their stipend"


def test_whatever_someone_owns_is_a_topic(nlp):
    values = _values(nlp, "Legal and I are fighting over who owns procurement.", "fighting")
    assert values["topic"] == "procurement"


@pytest.mark.parametrize("text", ["Hey Omar, I will look her in the eye and fight back.",
                                  "Over coffee I will fight back.",
                                  "Sure, that's the game, and I will fight back."])
def test_idioms_are_not_topics(nlp, text):
    assert "topic" not in _values(nlp, text, "fight back")


@pytest.mark.parametrize("text,expected", [("Clients", "clients"), ("your Team", "your team"),
                                           ("the Supplier", "the supplier"), ("Finance", "Finance"),
                                           ("Priya", "Priya")])
def test_a_capitalized_role_is_a_common_noun(text, expected):
    assert Party.of(text).subject == expected


@pytest.mark.parametrize("text,match,expected", [
    ("I came back determined to get revenge, but I have to plan it carefully.", "get revenge", "get revenge"),
    ("You must come armed with a better argument.", "come armed", "come armed"),
    ("Until Bea apologizes, she's off every project. She has to pay for that outburst.", "pay for that outburst", None),
    ("I'm plotting my revenge for Friday.", "plotting my revenge", None),     # its -ing form repeats the match
    ("I plan to come out on top of this.", "come out on", None),              # does not end where a phrase ends
])
def test_an_act_is_the_writers_own_closed_verb_phrase(nlp, text, match, expected):
    assert _values(nlp, text, match).get("act") == expected


def test_a_verdict_adjective_is_left_off_the_thing(nlp):
    doc = nlp("I'm thinking about the idiotic feature requests here.")
    i = [t.text for t in doc].index("idiotic")
    values = reframe.slots(doc, i, i + 3, {"verdict": (i, i + 1)})[0]
    assert values["thing"] == "the feature requests"


def test_a_name_that_is_also_a_word_is_found_as_the_subject_of_a_verb(nlp):
    doc = nlp("If Wen won't volunteer for the booth, I'll just pressure her until she does.")
    i = [t.text for t in doc].index("her")
    assert reframe.slots(doc, i - 1, i + 1, {"who": (i, i + 1)})[0]["who"].subject == "Wen"


def test_a_bare_pronoun_fills_only_when_nothing_else_of_theirs_does():
    texts, own = reframe._pick("WW000", ["I want to talk with {who:object} directly.",
                                         "I want to talk about {topic} first.", "I want to talk."],
                               {"who": reframe.Party.of("them"), "topic": "the rota", "me": "I"})
    assert own and texts == ["I want to talk about the rota first."]


def test_a_party_named_in_the_act_is_a_pronoun_after_it():
    values = {"act": "beating the design team in every review", "who": reframe.Party.of("the design team")}
    assert reframe.fill("Rather than {act:ing}, I want to find the goal we share with {who:object}.", values) == \
        "Rather than beating the design team in every review, I want to find the goal we share with them."


@pytest.mark.parametrize("text", ["doubt themselves", "second-guess every call", "resent the new rota", "worry about it"])
def test_a_feeling_or_doubt_is_never_an_action_to_ask_for(text):
    assert phrases.harms(text)


@pytest.mark.parametrize("text", ["leave gracefully", "adopt it", "cover Saturday", "stop pushing back"])
def test_ordinary_acts_are_not_harms(text):
    assert not phrases.harms(text)


def test_a_doubt_does_not_fill_an_action_slot():
    [f] = [f for f in winlint.lint_text("By staying silent, you are making them doubt themselves.") if f.rule == "WW102"]
    assert f.suggestions and not any("doubt" in s.lower() for s in f.suggestions), f.suggestions


@pytest.mark.parametrize("text,expected", [
    ("my Lunch Break", "my lunch break"),
    ("cover the Holiday Rota", "cover the holiday rota"),
    ("ask the Team About Priya", "ask the team about Priya"),
    ("the QA backlog", "the QA backlog"),
])
def test_a_headline_keeps_its_capitals_out_of_a_phrase(text, expected):
    assert phrases.unheadline(text) == expected


def test_headline_capitals_do_not_leak_into_suggestions():
    import re

    from winlint.reframe import inflect

    found = winlint.lint_text("I Made My Team Cover the Holiday Rota and Then Taught Them a Lesson")
    assert found
    for f in found:
        for s in f.suggestions:
            mid = re.findall(r"(?<=[a-z,;] )[A-Z][a-z]+", s)
            assert not [w for w in mid if inflect.known(w.lower())], s
            assert "Rota" not in s, s


def test_a_topic_inside_the_match_is_used_when_none_stands_outside_it():
    [f] = [f for f in winlint.lint_text("Anyone who skips the safety briefing loses their parking spot.")
           if f.rule == "WW608"] or [None]
    assert f is not None
    assert any("the safety briefing" in s for s in f.suggestions), f.suggestions
