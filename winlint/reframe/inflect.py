"""English inflection without a lemmatizer.

`{LEMMA: get}` in a rule must match get/gets/got/getting/gotten on a blank
pipeline, so lemmas are expanded to their surface forms when rules compile.
Over-generation is harmless (a form nobody writes never matches); missing a
form loses recall, so irregulars are listed explicitly.
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
def base_form(word: str) -> str:
    """Best-effort base form of an inflected verb ("signing" -> "sign")."""
    low = word.lower()
    for lemma, (past, part) in IRREGULAR.items():
        if low in past.split() or low in part.split():
            return lemma
    for lemma, present in IRREGULAR_PRESENT.items():
        if low in present.split() and "'" not in low and "’" not in low:
            return lemma
    for suffix in ("ing", "ed"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            if suffix == "ed" and stem.endswith("i"):
                return stem[:-1] + "y"
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz" and _doubles(stem[:-1]):
                return stem[:-1]
            if (stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3:-2] not in ("", *VOWELS)
                    and stem[-1] not in "wxy" and len(stem) <= 4 and stem not in _NO_DOUBLE):
                return stem + "e"  # making -> make, taking -> take
            if stem.endswith(("at", "iz", "iv", "ur", "us", "ag", "uc", "ir", "ov")) and len(stem) > 3:
                return stem + "e"  # motivated -> motivate, organized -> organize, forced? see below
            if stem.endswith(("rc", "dg", "ng", "rg", "ls", "ps", "ns")) and stem + "e" in _E_FINAL:
                return stem + "e"
            return stem
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    if low.endswith(("shes", "ches", "sses", "xes")):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return low[:-1]
    return low


# verbs ending in e after a consonant cluster, which the heuristics above cannot restore
_E_FINAL = {"force", "change", "charge", "judge", "merge", "urge", "lunge", "pledge", "nudge",
            "challenge", "arrange", "engage", "manage", "emerge", "release", "collapse", "rinse",
            "tense", "cleanse", "dispense", "sense", "condense", "lapse", "eclipse", "pulse",
            "bulge", "indulge", "divulge", "plunge", "avenge", "revenge", "exchange", "oblige"}


def gerund(base: str) -> str:
    """sign -> signing, make -> making, run -> running."""
    return "being" if base == "be" else _suffix(base, "ing")
