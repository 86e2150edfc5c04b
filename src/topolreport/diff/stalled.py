"""When a recommendation counts as stalled from one edition to the next.

Following DESIGN.md: the newer entry brings no new initiative, no metric that moved, and a
narrative substantially the same (word similarity at least the threshold, 0.9 by default);
or the entry is only a cross-reference ("See DM3.") in both editions.

Read symmetrically, so that diff(A, B) and diff(B, A) flag the same entries: any change to the
entry's initiatives (new, removed, renamed) or metrics (changed, new, removed) means someone
worked on it, and it is not stalled.
"""

from __future__ import annotations

from ..codes import DEFAULT, CodeGrammar
from ..crossrefs import only_crossrefs
from .changes import StallReason

DEFAULT_THRESHOLD = 0.9


def stall_reasons(
    old_narrative: str,
    new_narrative: str,
    *,
    initiatives_changed: bool,
    metrics_changed: bool,
    similarity: float,
    threshold: float = DEFAULT_THRESHOLD,
    grammar: CodeGrammar = DEFAULT,
) -> list[StallReason]:
    """Why the entry is stalled; empty when it is not."""
    if only_crossrefs(old_narrative, grammar) and (
        new_narrative == old_narrative or only_crossrefs(new_narrative, grammar)
    ):
        return ["cross-reference only"]
    if initiatives_changed or metrics_changed or similarity < threshold:
        return []
    same: StallReason = (
        "narrative unchanged"
        if old_narrative == new_narrative
        else "narrative substantially the same"
    )
    return ["no new initiative", "no metric moved", same]
