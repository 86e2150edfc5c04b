"""When a recommendation counts as stalled from one edition to the next.

Following DESIGN.md: the newer entry brings no new initiative, no metric that moved, and a
narrative substantially the same (word similarity at least the threshold, 0.9 by default);
or the entry is only a cross-reference ("See DM3.") in both editions.

Read symmetrically, so that diff(A, B) and diff(B, A) flag the same entries: any change to the
entry's initiatives (new, removed, renamed) or metrics (changed, new, removed) means someone
worked on it, and it is not stalled.
"""

from __future__ import annotations

import re

from ..crossrefs import find_crossrefs
from .changes import StallReason

DEFAULT_THRESHOLD = 0.9

# What may surround the codes of a cross-reference-only entry: "See also DM2 and OD1."
_FILLER_RE = re.compile(r"\b(?:see|also|and|or)\b|[\s.,;()]", re.IGNORECASE)
# Nothing but those words, codes and marks: a quick test that turns away every ordinary
# narrative at its first word, before the cross-references are looked for.
_ONLY_REFS_SHAPE = re.compile(
    r"(?:[\s.,;()]|\b(?:[Ss]ee|also|and|or)\b|[A-Z]{1,5}\d{1,3}(?:/\s?[A-Z]{1,5}\d{1,3})*)*"
)


def only_crossrefs(narrative: str) -> bool:
    """Whether the narrative says nothing but where to look ("See DM3.", "See also G3 and G6.")."""
    if not _ONLY_REFS_SHAPE.fullmatch(narrative):
        return False
    refs = find_crossrefs(narrative)
    if not refs:
        return False
    rest, last = [], 0
    for ref in refs:
        rest.append(narrative[last : ref.start])
        last = ref.end
    rest.append(narrative[last:])
    return not _FILLER_RE.sub("", "".join(rest))


def stall_reasons(
    old_narrative: str,
    new_narrative: str,
    *,
    initiatives_changed: bool,
    metrics_changed: bool,
    similarity: float,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[StallReason]:
    """Why the entry is stalled; empty when it is not."""
    if only_crossrefs(old_narrative) and only_crossrefs(new_narrative):
        return ["cross-reference only"]
    if initiatives_changed or metrics_changed or similarity < threshold:
        return []
    same: StallReason = (
        "narrative unchanged"
        if old_narrative == new_narrative
        else "narrative substantially the same"
    )
    return ["no new initiative", "no metric moved", same]
