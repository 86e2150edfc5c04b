"""Initiatives, metrics and owners proposed from an entry's narrative.

These are proposals: the importer stores them in the snapshot, where people can correct names,
ids and units. What matters most is that ids stay put when next year's figure changes, so a
metric's id is made of the entry code and the unit, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .model import MAX_METRIC_DECIMALS, MAX_METRIC_MAGNITUDE, Initiative, Metric
from .slugs import slug as slug  # re-exported: importers, forms and the diff use it
from .text import link_texts as link_texts  # re-exported: importers and forms use it
from .text import links, mask_link_targets, unlinked

# --- initiatives -------------------------------------------------------------------------

# Words that end a programme's name. Only "programme" and "partnership" are also accepted in
# lower case: the report writes "Digital Readiness programme" but "digital literacy training".
_KEYWORDS = (
    r"(?:Programme|programme|Fellowships?|Academy|Hub|Network|Partnership|partnership|Compact"
    r"|Pathway|Toolkit|Training|Initiative|Framework)s?"
)
_WORD_RE = re.compile(r"[A-Za-z0-9][\w'’&-]*")
_KEYWORD_RE = re.compile(rf"^{_KEYWORDS}(?:['’]s)?$")
_CONNECTORS = {"and", "for", "of", "in", "&"}
# Words that open a sentence or a mention rather than a name: "The HEE TEL programme".
_LEADING = {"The", "A", "An", "HEE", "These", "This", "Those", "Its", "Our", "Their", "Each"}
_LEADING |= {"All", "Other", "Several", "New", "Both", "Any", "Some", "Such", "Every"}


def extract_initiatives(narrative: str, known_names: Iterable[str] = ()) -> list[Initiative]:
    """Named initiatives in the narrative, in order of appearance, unique by id.

    Three sources: every link (named by its text); capitalised names ending in a word such as
    Programme, Academy, Hub or Fellowships; and plain mentions of `known_names` (the names the
    edition links to somewhere, e.g. "GeNotes" mentioned again without its link).
    """
    text = mask_link_targets(narrative)  # a link's target is no name and holds no figure
    found: list[tuple[int, int, str, str | None]] = []  # start, end, name, url
    for one in links(narrative):
        if one.image or not one.text.strip():
            continue
        target = one.url.strip()
        name = one.text.strip()
        found.append((one.start, one.end, name, None if target in ("", "#") else target))
    taken = [(start, end) for start, end, _, _ in found]

    for start, end, name in _programme_names(text):
        if not _overlaps(start, end, taken):
            found.append((start, end, name, None))
            taken.append((start, end))

    for name in sorted(set(known_names), key=len, reverse=True):
        if not _worth_matching(name):
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        for m in pattern.finditer(text):
            # Case is ignored after the first letter only: "Topol Digital fellowships" is the
            # linked "Topol Digital Fellowships", "clinical data science" is just a subject.
            if m.group()[0] != name[0]:
                continue
            if not _overlaps(m.start(), m.end(), taken):
                found.append((m.start(), m.end(), name, None))
                taken.append((m.start(), m.end()))

    initiatives: dict[str, Initiative] = {}
    for _, _, name, url in sorted(found, key=lambda item: item[0]):
        key = slug(name)
        if key not in initiatives:
            initiatives[key] = Initiative(id=key, name=name, url=url)
        elif initiatives[key].url is None and url is not None:
            # Named before it is linked: the link's address is still the initiative's.
            initiatives[key] = initiatives[key].model_copy(update={"url": url})
    return list(initiatives.values())


# "Partnering with the Health Innovation Network", "links with the NHS Leadership Academy":
# what the work is done *with* is a body, not a programme of the review.
_PARTNERING_RE = re.compile(
    r"\b(?:partner(?:ing|ed|s)?|partnership|links?|work(?:ing|s|ed)?|collaborat(?:ing|ion|es|ed))"
    r"\s+with\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def partner_names(narrative: str, names: Iterable[str]) -> set[str]:
    """Those of `names` the narrative names as something the work is done with."""
    text = unlinked(narrative)
    found = set()
    for name in names:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if _PARTNERING_RE.search(text[max(0, m.start() - 40) : m.start()]):
                found.add(name)
                break
    return found


def _programme_names(text: str) -> list[tuple[int, int, str]]:
    """Capitalised word runs ending in a programme keyword: "NHS Digital Academy"."""
    words = list(_WORD_RE.finditer(text))
    names = []
    for i, word in enumerate(words):
        if not _KEYWORD_RE.match(word.group()):
            continue
        # "Workforce Partnership Board", "Digital Academy programme": the keyword is inside a
        # longer name, not its end.
        following = words[i + 1] if i + 1 < len(words) else None
        if (
            following
            and _adjacent(word, following, text)
            and (following.group()[0].isupper() or _KEYWORD_RE.match(following.group()))
        ):
            continue
        first = i
        while first > 0 and _adjacent(words[first - 1], words[first], text):
            before = words[first - 1].group()
            if re.search(r"['’]s$", before):  # "HEE's Digital Readiness programme"
                break
            if before in _CONNECTORS and first - 2 >= 0 and words[first - 2].group()[0].isupper():
                first -= 1
                continue
            if not before[0].isupper():
                break
            first -= 1
        while first < i and words[first].group() in _LEADING | _CONNECTORS:
            first += 1
        # "the Hub", "The Network", "Developed in partnership": too little to name anything.
        if first == i or not words[i - 1].group()[0].isupper():
            continue
        end = word.end() - (2 if re.search(r"['’]s$", word.group()) else 0)
        names.append((words[first].start(), end, text[words[first].start() : end]))
    return names


def _adjacent(left: re.Match[str], right: re.Match[str], text: str) -> bool:
    return text[left.end() : right.start()] == " "


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _worth_matching(name: str) -> bool:
    """Known names worth finding in plain text: not "report" or "guide", not a bare acronym."""
    if re.fullmatch(r"[A-Z]{2,6}", name):  # "GEP": an owner, mentioned everywhere
        return False
    return any(ch.isupper() for ch in name) or len(name.split()) >= 3


# --- metrics -----------------------------------------------------------------------------

_NUMBER_RE = re.compile(
    r"(?:(?<![\w./£-])|(?<=\bc)|(?<=\bc\.)|(?<=£))"  # "c5,000" and "£3" but not "G3", "14-19"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"  # ASCII: not "٣"
    r"(?P<mult>\s(?:million|billion|thousand)\b)?"
    r"(?P<plus>\+)?"
    r"(?P<pct>%|\s?per\s?cent\b)?"
    r"(?![\w/-]|[.,]\d)"
)
_QUALIFIER_RE = re.compile(
    r"(?:\b(?P<word>(?i:over|more than|circa|around|about|approximately|up to|at least|under"
    r"|fewer than|less than))\s+|\b(?P<c>c)\.?\s?)(?P<cur>£)?$"
)
_QUALIFIERS = {
    "over": "over",
    "more than": "over",
    "c": "about",
    "circa": "about",
    "around": "about",
    "about": "about",
    "approximately": "about",
    "up to": "up to",
    "at least": "at least",
    "under": "under",
    "fewer than": "under",
    "less than": "under",
}
QUALIFIER_WORDS = _QUALIFIERS  # each word a narrative writes before a figure -> its qualifier
QUALIFIER_BEFORE = _QUALIFIER_RE  # a qualifier (and "£") ending right before a number
_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# A number after these words is a position, not a count: "level 7", "Tier 2", "cohort 4".
_ORDINAL_WORDS = {"level", "tier", "phase", "stage", "band", "step", "cohort", "version", "year"}
_DURATIONS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours"}
_DURATIONS |= {"minute", "minutes"}
# Words that end the unit: "2,449 NHS staff have completed", "2200 alumni from".
_UNIT_STOP = {
    "to",
    "have",
    "has",
    "had",
    "with",
    "from",
    "in",
    "on",
    "at",
    "by",
    "for",
    "across",
    "who",
    "that",
    "which",
    "is",
    "are",
    "was",
    "were",
    "will",
    "be",
    "been",
    "the",
    "a",
    "an",
    "of",
    "into",
    "over",
    "under",
    "more",
    "than",
    "about",
    "around",
    "circa",
    "per",
    "since",
    "or",
    "as",
    "while",
    "when",
    "it",
    "its",
    "their",
    "this",
    "these",
    "so",
    "but",
    "now",
    "each",
    "said",
    "also",
    "through",
    "via",
    "within",
    "during",
    "after",
    "before",
    "between",
    "including",
    "such",
    "like",
    "against",
    "among",
    "until",
    "without",
    "towards",
    "toward",
    "upon",
    "onto",
    "up",
    "if",
    "then",
    "because",
    "where",
    "whose",
    "whom",
}
_UNIT_WORD_RE = re.compile(r"\s(?P<word>[A-Za-z][\w'’-]*)")
# "viewed 145,000 times" counts views.
_TIMES = {"viewed": "views", "accessed": "accesses", "downloaded": "downloads", "used": "uses"}
# Where a clause ends; not the comma inside "33,700".
_CLAUSE_BREAK_RE = re.compile(r",(?!\d)|[;:()\n—–]|\.\s")
_CLAUSE_MARKS = frozenset(",;:()\n—–.")  # what `_CLAUSE_BREAK_RE` breaks at or after


def extract_metrics(narrative: str, code: str, as_of: str | None = None) -> list[Metric]:
    """Numbers with what they count: "over 2 million registered users", "over 90%".

    Years, ranges and compounds ("2014/15", "2021-22", "10-minute", "14-19"), positions
    ("level 7"), durations ("2 years") and numbers with nothing counted after them are left out.
    """
    text = mask_link_targets(narrative)
    # Clauses end at brackets, but not at a link's "(target)".
    clauses = _blank_link_targets(narrative)
    metrics: list[Metric] = []
    seen: dict[str, int] = {}
    for m in _NUMBER_RE.finditer(text):
        number = m.group("num")
        qualifier_match = _QUALIFIER_RE.search(text[max(0, m.start() - 20) : m.start()])
        qualifier = None
        start = m.start()
        if qualifier_match:
            word = (qualifier_match.group("word") or qualifier_match.group("c")).lower()
            qualifier = _QUALIFIERS[" ".join(word.split())]
            start = m.start() - (len(qualifier_match.group()))
        if _is_year(number) and not qualifier and not m.group("plus"):
            continue
        before = text[: m.start()].split()
        if before and before[-1].lower().rstrip(".") in _ORDINAL_WORDS:
            continue

        value = _worth(number, m.group("mult"))
        exponent = value.normalize().as_tuple().exponent
        if abs(value) >= MAX_METRIC_MAGNITUDE or (
            isinstance(exponent, int) and exponent < -MAX_METRIC_DECIMALS
        ):
            continue  # no figure a report prints: a reference number or a typo
        end = m.end()
        if m.group("pct"):
            unit = "percent"
        else:
            unit, end = _unit_after(text, m.end())
            if unit and unit.split()[0].lower() in _DURATIONS:
                continue
            if unit == "times" and before:
                unit = _TIMES.get(before[-1].lower(), unit)
            if not unit:
                unit = _unit_before(text, m.start())
                if not unit:  # "a further 100 to follow": nothing says what is counted
                    continue
            if "£" in text[max(0, m.start() - 2) : m.start()]:
                unit = "GBP"
        if qualifier is None and m.group("plus"):
            qualifier = "plus"

        base = f"{slug(code)}-{slug(unit)}"
        seen[base] = seen.get(base, 0) + 1
        metric_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        metrics.append(
            Metric(
                id=metric_id,
                value=int(value) if value == value.to_integral_value() else float(value),
                qualifier=qualifier,
                unit=unit,
                label=_label(narrative, clauses, start, end),
                text=narrative[start:end],
                as_of=as_of,
            )
        )
    return metrics


def _worth(number: str, multiplier: str | None) -> Decimal:
    """What a number as written is worth. Decimal arithmetic: "1.1 million" is 1100000, not
    1100000.0000000002."""
    value = Decimal(number.replace(",", ""))
    return value * _MULTIPLIERS[multiplier.strip()] if multiplier else value


@dataclass(frozen=True)
class Number:
    """A number where a narrative writes it: "2 million" in "over 2 million users"."""

    start: int
    end: int  # past the number and its multiplier word; a "+" or "%" after it is not in it
    value: Decimal
    multiplier: str  # "thousand", "million", "billion" or ""


# The number and multiplier parts of _NUMBER_RE, to find another number in a figure's place.
NUMBER_PART = r"(?<![0-9])(?<![0-9][.,])"
NUMBER_PART += r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
NUMBER_PART += r"(?![0-9]|[.,][0-9])"
NUMBER_PART += r"(?P<mult>\s(?:million|billion|thousand)\b)?"


def number_worth(match: re.Match[str]) -> Decimal:
    """The worth of a match of NUMBER_PART (or of the extractor's own pattern)."""
    return _worth(match.group("num"), match.group("mult"))


def numbers_in(text: str) -> list[Number]:
    """Every number the metric extractor reads in `text`, where it is and what it is worth."""
    found = []
    for m in _NUMBER_RE.finditer(text):
        multiplier = (m.group("mult") or "").strip()
        end = m.end("mult") if multiplier else m.end("num")
        found.append(Number(m.start("num"), end, number_worth(m), multiplier))
    return found


def _is_year(number: str) -> bool:
    # "2019", "June 2022", "to 2030": a bare 19xx/20xx is read as a year, never as a count.
    return re.fullmatch(r"(19|20)\d\d", number) is not None


def _unit_after(text: str, pos: int) -> tuple[str, int]:
    """The words after a number naming what it counts, and where they end."""
    words: list[re.Match[str]] = []
    while len(words) < 6:
        m = _UNIT_WORD_RE.match(text, pos)
        if not m:
            break
        word = m.group("word")
        lower = word.lower()
        if lower in _UNIT_STOP:
            break
        # Verbs end the unit ("UK learners completing"), unless they open it ("registered users").
        if words and re.search(r"(ing|ed)$", lower):
            break
        if lower == "and" and not words:
            break
        words.append(m)
        pos = m.end()
    while words and (words[-1].group("word").lower() == "and"):
        words.pop()
    if not words:
        return "", pos
    return " ".join(w.group("word") for w in words), words[-1].end()


def _unit_before(text: str, pos: int) -> str:
    """For a bare figure, what its clause says is growing: "increase in workforce … from 46,000"."""
    sentence = re.split(r"\.\s", text[:pos])[-1]
    found = re.findall(
        r"\b(?i:increase|growth|rise|fall|decrease|reduction|number|numbers)\s+(?:in|of)\s+"
        r"(?:the\s+)?([A-Za-z][\w-]*)",
        sentence,
    )
    return found[-1] if found else ""


def _blank_link_targets(narrative: str) -> str:
    """`narrative` with each link's "(target)", brackets included, blanked, and the marks of
    its text that could end a clause too ("[The Hub, Leeds](…)" names one thing); offsets
    unchanged."""
    chars = list(narrative)
    for one in links(narrative):
        opening = one.start + len(one.text) + 2  # at the "(" after "[text]"
        chars[opening : one.end] = " " * (one.end - opening)
        for at in range(one.start + 1, opening - 1):
            if chars[at] in _CLAUSE_MARKS:
                chars[at] = " "
    return "".join(chars)


def _label(narrative: str, clauses: str, start: int, end: int) -> str:
    """The clause around a figure, links reduced to their text: what the figure counts.
    `clauses` is the narrative with its link targets blanked, where clause breaks are sought."""
    breaks = list(_CLAUSE_BREAK_RE.finditer(clauses, 0, start))
    left = breaks[-1].end() if breaks else 0
    if len(narrative[left:start].split()) < 2 and breaks and breaks[-1].group() in (",", ";"):
        # "…, viewed 145,000 times" says little alone: take in the clause before it.
        left = breaks[-2].end() if len(breaks) >= 2 else 0
    after = _CLAUSE_BREAK_RE.search(clauses, end)
    right = after.start() if after else len(narrative)
    before_words = narrative[left:start].split()[-10:]
    after_words = narrative[end:right].split()[:8]
    label = " ".join([*before_words, narrative[start:end], *after_words])
    label = unlinked(label)
    return re.sub(r"^-\s+", "", label).strip(" .\"'“”")


# --- owners ------------------------------------------------------------------------------

_OWNERS = {
    "GEP": re.compile(r"\bGEP\b|Genomics Education Programme"),
    "KLS": re.compile(r"\bKLS\b|Knowledge and Library Services"),
    "TEL": re.compile(
        r"\bTEL\b|Technology Enhanced Learning|elearning for healthcare|Learning Hub"
    ),
    "NSHCS": re.compile(r"\bNSHCS\b|National School of Healthcare Science"),
    "Digital Readiness": re.compile(r"Digital Readiness|Digital Academy"),
}


def propose_owners(narrative: str) -> list[str]:
    """The programmes the narrative credits with the work, sorted."""
    return sorted(owner for owner, pattern in _OWNERS.items() if pattern.search(narrative))
