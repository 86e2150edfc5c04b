"""Names as the narratives write them, reduced to what identifies them.

"NHS Digital Academy programmes", "Digital Academy programme" and "the Digital Academy" name
one thing: `name_key` drops case, plurals, a leading "the" or "NHS" and a trailing
"programme(s)", so that they meet. And a link text such as "guide", "a policy" or "two types of
information on coronavirus" names nothing at all: `not_a_name` says why.
"""

from __future__ import annotations

import re

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_SMALL_WORDS = {"and", "of", "for", "in", "the", "on", "to", "&", "a", "an"}
_PREFIXES = ("the", "nhs")
_SUFFIXES = ("programme", "programmes", "program", "programs")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def name_key(name: str) -> str:
    """What identifies a name: "The NHS Genomic Laboratory Hubs" -> "genomic laboratory hub"."""
    text = re.sub(r"['’]s\b", "", name.lower()).replace("&", " and ")
    words = _TOKEN_RE.findall(text)
    while words and words[0] in _PREFIXES and len(words) > 1:
        words = words[1:]
    while words and words[-1] in _SUFFIXES and len(words) > 1:
        words = words[:-1]
    return " ".join(_singular(word) for word in words)


def stem_key(name: str) -> str:
    """A looser key, each word cut to its first six letters: "Scientist Training" and
    "Scientific Training", "Digital Health Leadership" and "… Leaders" meet. Only ever used
    to group what an import proposes, for a person to confirm."""
    return " ".join(word[:6] for word in name_key(name).split())


def is_acronym(name: str) -> bool:
    return re.fullmatch(r"[A-Z]{2,6}", name.strip()) is not None


def initials(name: str) -> str:
    """The capitals of a name's words: "Genomics Education Programme" -> "GEP"."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in _SMALL_WORDS]
    return "".join(w[0].upper() for w in words) if len(words) >= 2 else ""


# --- names that are not initiatives ---------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common nouns a link's text can be without naming anything: "published a [guide](…)".
GENERIC_WORDS = _words(
    """guide guides guidance report reports toolkit toolkits catalogue catalogues collection
    collections policy policies research paper papers review reviews resource resources
    information document documents framework frameworks tool tools page pages website site
    article articles blog video videos course courses module modules publication
    publications study studies survey surveys series list map maps project projects here
    link links more material materials briefing briefings case cases webinar webinars
    evaluation summary competency competencies"""
)
# Words that open a description rather than a name: "two types of information on coronavirus".
_QUANTITIES = _words(
    """one two three four five six seven eight nine ten several various some many few range
    number variety series"""
)
_DETERMINERS = _words("""a an the this these that those our its their his her""")
# An award, a prize, a shortlisting: they recognise a programme, they are not one.
_RECOGNITION_RE = re.compile(r"\b(?:Awards?|Prizes?|Shortlist(?:ed)?|Winners?|Medal)\b")
# Heads of organisations' names: "Directorate of …", "… University", "… Colleges".
_BODIES = _words(
    """Directorate Department Council Agency University Universities College Colleges Trust
    Trusts Institute Society Association Foundation Commission Ministry Office Authority"""
)


def not_a_name(name: str) -> str | None:
    """Why a proposed name is not an initiative, or None when it may well be one."""
    words = name.split()
    if _RECOGNITION_RE.search(name):
        return "an award, not an initiative"
    if words and (
        words[-1].strip(",.") in _BODIES
        or (len(words) > 2 and words[0] in _BODIES and words[1] == "of")
    ):
        return "an organisation, not an initiative"
    rest = words[1:] if words and words[0].lower() in _DETERMINERS else words
    if any(ch.isupper() for ch in " ".join(rest)):
        return None  # a capitalised word: a name, for a person to judge
    if len(rest) <= 1:
        return "a lone common noun"
    first = rest[0].lower()
    if first in _QUANTITIES or first.isdigit():
        return "a description, not a name"
    if all(word.lower().strip(",.:") in GENERIC_WORDS for word in rest):
        return "common nouns only"
    if len(rest) > 6:
        return "a description, not a name"
    return None
