"""Reframes reuse the writer's words from around the match: the sentence before or after, the one a
pronoun stands for, a possessive's owner, the act the writer turns from; and never make a harm done to
someone into something they might want to do."""
import pytest
import spacy

from winlint import reframe
from winlint.reframe import phrases
from winlint.reframe.generate import Party, fill
from winlint.schema import Rule


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def rule(rewrites, suggestions=()):
    return Rule(code="WW999", name="x", category="control", level="warning", step="goals", message="m",
                why="w", patterns=[], suggestions=list(suggestions), bad=[], good=[], rewrites=list(rewrites))


def sentence(nlp, text, before="", after=""):
    """The flagged sentence as the engine hands it over: its own Doc, the paragraph around it kept."""
    doc = nlp(text)
    doc.user_data["before"] = before
    doc.user_data["after"] = after
    return doc


def span(doc, words):
    toks = [t.text for t in doc]
    first = words.split()
    for i in range(len(toks)):
        if toks[i:i + len(first)] == first:
            return i, i + len(first)
    raise AssertionError(f"{words!r} not in {toks}")


# ---- what is done to someone never fills {action}

@pytest.mark.parametrize("text,action", [
    ("Keep pinging the vendor until they cave on the price.", "cave on the price"),
    ("I want to make the new hire quit by Friday.", "quit by Friday"),
    ("Push the reviewers until they back down completely.", "back down completely"),
    ("Stall the landlord so he has to admit the fault.", "admit the fault"),
])
def test_a_harm_done_to_them_never_fills_an_action(nlp, text, action):
    doc = nlp(text)
    a, b = span(doc, action)
    r = rule(["What would make {who:object} want to {action}?", "I want to ask {who:object} what would help."])
    who = span(doc, next(w for w in ("the vendor", "the new hire", "the reviewers", "the landlord") if w in text))
    out = list(reframe.suggest(r, doc, a, b, {"who": who, "action": (a, b)}))
    assert out and not any(f"want to {action.split()[0]}" in s for s in out), out
    assert phrases.harms(action)


@pytest.mark.parametrize("action", ["leave gracefully", "approve this", "stop pushing back", "pay the invoice",
                                    "submit the form", "cover Saturday"])
def test_ordinary_acts_are_not_harms(action):
    assert not phrases.harms(action)


def test_the_thing_a_harm_is_about_becomes_the_topic(nlp):
    doc = nlp("Keep pinging the vendor until they cave on the parking fees.")
    a, b = span(doc, "cave on the parking fees")
    r = rule(["I want to understand what {who:subject} {who:verb=need} from {topic}.",
              "I want to help {who:object} {action:base}."])
    out = list(reframe.suggest(r, doc, a, b, {"who": span(doc, "the vendor"), "action": (a, b)}))
    assert out[0] == "I want to understand what the vendor needs from the parking fees."


# ---- whom a pronoun stands for

@pytest.mark.parametrize("text,pronoun,expected", [
    ("Hand a freelancer the worst tickets until they give up.", "they", "the freelancer"),
    ("If your designer won't reply by noon, cancel the review until she does.", "she", "your designer"),
    ("Some people only listen to volume, so shout at them.", "them", "people"),
])
def test_a_pronoun_names_who_it_stands_for(nlp, text, pronoun, expected):
    doc = nlp(text)
    i = [t.text for t in doc].index(pronoun)
    assert phrases.antecedent(doc, i) == expected


def test_a_possessive_pronoun_captured_as_the_party_is_written_in_its_case():
    assert fill("I want to hear {who:object} out first.", {"who": "their"}) == "I want to hear them out first."
    assert fill("What {who:verb=do} {who:subject} need?", {"who": "his"}) == "What does he need?"


def test_someone_is_they_on_a_second_mention():
    assert fill("I want to help {who:object} find a role where {who:subject} can grow.", {"who": "someone"}) == \
        "I want to help someone find a role where they can grow."


def test_a_pronoun_inside_the_match_names_the_party_when_nothing_captured_one(nlp):
    doc = sentence(nlp, "Every ticket she closes is one I lose.",
                   before="My teammate Priyanka keeps grabbing the easy tickets. ")
    a, b = 0, len(doc) - 1
    r = rule(["I want a plan with {who:object} that works for both of us.", "I want a plan that works for both of us."])
    assert list(reframe.suggest(r, doc, a, b, {}))[0] == "I want a plan with Priyanka that works for both of us."


# ---- the sentence before or after

def test_a_long_sentence_without_a_topic_takes_the_previous_sentences(nlp):
    doc = sentence(nlp, "I showed up on my second morning and laid it out plainly so nobody argues anymore.",
                   before="The warehouse schedule was a mess when I started. ")
    a, b = span(doc, "laid it out plainly")
    r = rule(["I want us to agree together on how we handle {topic}.", "I want us to agree on this together."])
    assert list(reframe.suggest(r, doc, a, b, {}))[0] == \
        "I want us to agree together on how we handle the warehouse schedule."


def test_a_sentence_that_names_nobody_takes_the_party_from_the_one_before(nlp):
    doc = sentence(nlp, "Never giving an inch.",
                   before="I'm keeping the ticket open until the architect admits the cache was a mistake. ")
    a, b = 0, len(doc) - 1
    r = rule(["I want to understand what {who:subject} might see about {topic} that I'm missing.",
              "I want to understand what {who:subject} might see that I'm missing.",
              "I want to understand what the people involved might see that I'm missing."])
    assert list(reframe.suggest(r, doc, a, b, {}))[0] == \
        "I want to understand what the architect might see about the ticket that I'm missing."


def test_a_neighbours_party_gives_way_to_a_topic_that_holds_it(nlp):
    doc = sentence(nlp, "LAST CHANCE.", after="I put that in the vendors thread. ")
    r = rule(["I'd like to sort out {topic} together with {who:object}.", "I'd like to sort out {topic} together.",
              "I'd like to sort this out together."])
    assert list(reframe.suggest(r, doc, 0, 2, {}))[0] == "I'd like to sort out the vendors thread together."


@pytest.mark.parametrize("before", [
    "Non-negotiable. ",                          # half of a compound
    "We ship in October. ",                      # a month
    "I'd rather not. ",                          # a contraction of the writer's
])
def test_a_neighbour_gives_no_party_that_is_not_someone(nlp, before):
    doc = sentence(nlp, "Never giving an inch.", before=before)
    r = rule(["I want to hear {who:object} out.", "I want to hear everyone out."])
    assert list(reframe.suggest(r, doc, 0, 4, {}))[0] == "I want to hear everyone out."


def test_the_neighbour_topic_is_never_a_name_or_a_clause_cut_short(nlp):
    for before in ("Ask Dara. ", "The remote folks want it. "):
        doc = sentence(nlp, "Not budging.", before=before)
        r = rule(["I want to talk about {topic} first.", "I want to talk first."])
        assert list(reframe.suggest(r, doc, 0, 2, {}))[0] == "I want to talk first.", before


def test_party_is_not_a_function_word_in_a_headline(nlp):
    doc = nlp("How I Beat Procurement Every Quarter")
    found = phrases.party(doc, 0, len(doc), 2, 3)
    assert found is None or doc[found[0]:found[1]].text != "Every"
    assert Party.of("someone").again is not None


def test_a_bare_plural_of_people_is_what_they_stand_for(nlp):
    doc = nlp("The secret with interns is keeping them guessing.")
    assert phrases.antecedent(doc, [t.text for t in doc].index("them")) == "interns"


def test_a_neighbours_pronoun_names_the_party_by_what_it_stands_for(nlp):
    doc = sentence(nlp, "A bit of shame works wonders.",
                   before="Whenever my crew grumbles about the rota, I remind them who signs the timesheets. ")
    r = rule(["I want to understand what {who:subject} {who:verb=want} here.", "I want to understand what they want."])
    assert list(reframe.suggest(r, doc, 0, 4, {}))[0] == "I want to understand what my crew wants here."


def test_an_order_with_you_as_its_subject_is_the_demand(nlp):
    doc = nlp("You file the report by Monday or you're off the rota.")
    a = [t.text for t in doc].index("or")
    assert phrases.demand(doc, a, 0) == "file the report by Monday"


@pytest.mark.parametrize("before", ["I've run this desk for fifteen years. ", "We argued for 3 weeks. "])
def test_a_span_of_time_is_no_neighbour_topic(nlp, before):
    doc = sentence(nlp, "Not budging.", before=before)
    r = rule(["I want to talk about {topic} first.", "I want to talk first."])
    assert list(reframe.suggest(r, doc, 0, 2, {}))[0] == "I want to talk first."
