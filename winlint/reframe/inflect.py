"""English inflection: surface forms for matching, and verb forms for the generator.

`{LEMMA: get}` in a rule must match get/gets/got/getting/gotten on a blank
pipeline, so lemmas are expanded to their surface forms when rules compile
(`forms`). Over-generation is harmless (a form nobody writes never matches);
missing a form loses recall, so irregulars are listed explicitly.

The generator's verb forms (`lemma`, `inflect`) come from lemminflect, a
maintained lexicon that works offline; it is imported on first use, so
compiling rules never loads it.
"""
from __future__ import annotations

import functools

# base: (past, participle) — only verbs whose forms are not regular
IRREGULAR = {
    "be": ("was were", "been"), "have": ("had", "had"), "do": ("did", "done"),
    "get": ("got", "gotten got"), "make": ("made", "made"), "take": ("took", "taken"),
    "give": ("gave", "given"), "go": ("went", "gone"), "let": ("let", "let"),
    "put": ("put", "put"), "set": ("set", "set"), "hold": ("held", "held"),
    "bring": ("brought", "brought"), "throw": ("threw", "thrown"), "show": ("showed", "shown showed"),
    "win": ("won", "won"), "lose": ("lost", "lost"), "beat": ("beat", "beaten beat"),
    "fight": ("fought", "fought"), "teach": ("taught", "taught"), "keep": ("kept", "kept"),
    "leave": ("left", "left"), "tell": ("told", "told"), "say": ("said", "said"),
    "think": ("thought", "thought"), "see": ("saw", "seen"), "stand": ("stood", "stood"),
    "catch": ("caught", "caught"), "break": ("broke", "broken"), "drive": ("drove", "driven"),
    "grind": ("ground", "ground"), "shut": ("shut", "shut"), "cut": ("cut", "cut"),
    "hit": ("hit", "hit"), "run": ("ran", "run"), "sell": ("sold", "sold"),
    "buy": ("bought", "bought"), "pay": ("paid", "paid"), "feel": ("felt", "felt"),
    "lead": ("led", "led"), "write": ("wrote", "written"), "speak": ("spoke", "spoken"),
    "choose": ("chose", "chosen"), "forget": ("forgot", "forgotten"), "bite": ("bit", "bitten"),
    "strike": ("struck", "struck stricken"), "bend": ("bent", "bent"), "send": ("sent", "sent"),
    "spend": ("spent", "spent"), "meet": ("met", "met"), "sit": ("sat", "sat"),
    "stick": ("stuck", "stuck"), "wear": ("wore", "worn"), "tear": ("tore", "torn"),
    "freeze": ("froze", "frozen"), "steal": ("stole", "stolen"), "shake": ("shook", "shaken"),
    "fall": ("fell", "fallen"), "eat": ("ate", "eaten"), "grow": ("grew", "grown"),
    "know": ("knew", "known"), "blow": ("blew", "blown"), "draw": ("drew", "drawn"),
    "fly": ("flew", "flown"), "begin": ("began", "begun"), "ride": ("rode", "ridden"),
    "rise": ("rose", "risen"), "hide": ("hid", "hidden"), "shoot": ("shot", "shot"),
    "come": ("came", "come"), "find": ("found", "found"), "hear": ("heard", "heard"),
    "mean": ("meant", "meant"), "understand": ("understood", "understood"),
    "lay": ("laid", "laid"), "deal": ("dealt", "dealt"), "swear": ("swore", "sworn"),
    "overrule": ("overruled", "overruled"), "outsmart": ("outsmarted", "outsmarted"),
    "undercut": ("undercut", "undercut"), "overrun": ("overran", "overrun"),
    "override": ("overrode", "overridden"), "outdo": ("outdid", "outdone"),
    "undo": ("undid", "undone"), "mislead": ("misled", "misled"), "upset": ("upset", "upset"),
    "crush": ("crushed", "crushed"), "spin": ("spun", "spun"), "sting": ("stung", "stung"),
    "burn": ("burned burnt", "burned burnt"), "dig": ("dug", "dug"), "feed": ("fed", "fed"),
    "bleed": ("bled", "bled"), "sweep": ("swept", "swept"), "weep": ("wept", "wept"),
    "wring": ("wrung", "wrung"), "slay": ("slew slayed", "slain slayed"),
    "foresee": ("foresaw", "foreseen"), "withhold": ("withheld", "withheld"),
    "uphold": ("upheld", "upheld"), "outfight": ("outfought", "outfought"),
}
IRREGULAR_PRESENT = {"be": "am is are 's 're ’s ’re", "have": "has 've ’ve 's ’s", "do": "does"}
VOWELS = set("aeiou")
# final-syllable-stressed verbs that double their last consonant (others ending CVC do not)
_NO_DOUBLE = {"open", "listen", "happen", "offer", "visit", "limit", "target", "budget", "pressure",
              "order", "enter", "answer", "deliver", "consider", "gather", "bother", "hammer",
              "threaten", "weaken", "shorten", "blacken", "sharpen", "cancel", "label", "travel",
              "model", "signal", "level", "market", "credit", "profit", "edit", "exit", "solicit",
              "develop", "envelop", "gallop", "benefit", "focus", "bias", "pilot", "cover", "lower",
              "power", "counter", "water", "wonder", "murder", "render", "alter", "filter", "master"}


def _doubles(word: str) -> bool:
    if word in _NO_DOUBLE or len(word) < 3:
        return False
    a, b, c = word[-3], word[-2], word[-1]
    return a not in VOWELS and b in VOWELS and c not in VOWELS and c not in "wxy"


def _suffix(word: str, suffix: str) -> str:
    """Attach -s/-ed/-ing with English spelling rules."""
    if suffix == "s":
        if word.endswith(("s", "x", "z", "ch", "sh", "o")):
            return word + "es"
        if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
            return word[:-1] + "ies"
        return word + "s"
    if word.endswith("ie") and suffix == "ing":
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "oe", "ye")):
        return word[:-1] + suffix
    if word.endswith("e"):
        return word + ("d" if suffix == "ed" else suffix)
    if suffix == "ed" and word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return word[:-1] + "ied"
    if _doubles(word):
        return word + word[-1] + suffix
    return word + suffix


@functools.lru_cache(maxsize=None)
def forms(lemma: str) -> tuple[str, ...]:
    """Every surface form of `lemma` (lower case), verb and noun readings alike."""
    lemma = lemma.lower()
    if lemma == "be":
        return ("be", "being", "been", "was", "were", "am", "is", "are", "'s", "'re", "’s", "’re")
    if " " in lemma or not lemma.replace("-", "").replace("'", "").isalpha():
        return (lemma,)
    out = [lemma, _suffix(lemma, "s"), _suffix(lemma, "ed"), _suffix(lemma, "ing")]
    if lemma in IRREGULAR:
        past, part = IRREGULAR[lemma]
        out += past.split() + part.split()
        out = [f for f in out if f != _suffix(lemma, "ed")] if lemma not in ("crush", "burn") else out
    if lemma in IRREGULAR_PRESENT:
        out += IRREGULAR_PRESENT[lemma].split()
    if _doubles(lemma) and lemma not in IRREGULAR:  # also the undoubled spelling people use (e.g. "targeting")
        out += [lemma + "ed", lemma + "ing"]
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The base form of a verb as written ("signing" -> "sign", "got" -> "get"); the word itself
    when the lexicon does not know it as a verb."""
    from .lexicon import getLemma

    low = word.lower()
    if low in ("'s", "’s", "'re", "’re", "am", "is", "are", "was", "were"):
        return "be"
    found = getLemma(low, upos="VERB", lemmatize_oov=False)
    return found[0] if found else low


@functools.lru_cache(maxsize=4096)
def inflect(base: str, tag: str) -> str:
    """`base` in a Penn tag's form: VBZ (wants), VBD (wanted), VBG (wanting), VBN, VBP, VB."""
    from .lexicon import getInflection

    if tag in ("VB", "VBP"):
        return base
    found = getInflection(base, tag=tag, inflect_oov=True)
    return found[0] if found else base


def gerund(base: str) -> str:
    """sign -> signing, make -> making, run -> running."""
    return inflect(base, "VBG")


@functools.lru_cache(maxsize=8192)
def known(word: str) -> bool:
    """Whether the lexicon knows the word at all (names mostly it does not)."""
    from .lexicon import getAllLemmas

    return bool(getAllLemmas(word.lower()))


@functools.lru_cache(maxsize=8192)
def can_be(word: str, upos: str) -> bool:
    """Whether the lexicon knows `word` as this part of speech (VERB, NOUN, ADJ, ...)."""
    from .lexicon import getAllLemmas

    if upos in getAllLemmas(word.lower(), upos=upos):
        return True
    # a word the lexicon does not know at all ("rota", "runbook") is most likely a noun
    return upos == "NOUN" and word.isalpha() and not getAllLemmas(word.lower())
