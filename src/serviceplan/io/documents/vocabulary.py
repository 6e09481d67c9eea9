"""What the proforma's column headers mean, matched by words, not by position or exact wording.

Headers are normalised (case, spacing, punctuation, the OCR confusion of "ls" for "Is")
and each word of a known phrase must appear, allowing small misspellings, for the
header to take that meaning.

>>> column_meaning("ls it resourced?")
('resourced', None)
>>> column_meaning("Target\\n2009/10")
('target', '2009/10')
>>> column_meaning("Officer responsible for risk")
('owner', None)
"""

from __future__ import annotations

import difflib
import functools
import re

from serviceplan.errors import ParseError
from serviceplan.values import FinancialYear

__all__ = ["KINDS", "column_meaning", "fuzzy_contains", "normalise"]

# meaning -> phrases (each word must be present); the longest matching phrase wins
_PHRASES: dict[str, tuple[str, ...]] = {
    "priority_title": ("priorities for the service", "key priorities", "service priorities", "priority", "priorities"),
    "why": ("why are they priorities", "why is it a priority", "why", "reason", "rationale"),
    "priority_link": ("which priority does it link", "priority link", "link to priority", "linked priority"),
    "action": ("main actions", "actions for improvement", "actions", "action", "activity", "what will we do"),
    "resourced": ("is it resourced", "resourced", "resources"),
    "deadline": ("deadline", "by when", "target date", "completion date", "due date"),
    "outcome": ("outcomes of doing", "outcomes", "outcome", "expected outcome"),
    "update": ("update position", "progress update", "update", "progress"),
    "objective": ("service objectives", "service objective", "objective"),
    "links": ("strategic links", "links to", "strategic link"),
    "lead": ("lead officer", "responsible officer", "lead", "officer responsible"),
    "measures": ("performance measures", "measures", "monitoring arrangements measures"),
    "equality": ("equality implications", "equality impact", "equality", "eqia"),
    "risk_refs": ("risks identified", "risk references", "risks"),
    "ind_code": (
        "national indicator no",
        "lpi no",
        "pi number",
        "bvpi no",
        "indicator no",
        "pi no",
        "pi ref",
        "indicator ref",
        "indicator code",
        "code",
    ),
    "ind_title": ("indicator definition", "definition", "indicator title", "indicator description", "indicator"),
    "target": ("target",),
    "actual": ("actual", "outturn", "performance"),
    "risk_area": ("area of risk", "identified risk", "risk description", "risk"),
    "current_score": ("current score", "current risk score", "current rating", "score now"),
    "target_score": ("target score", "target risk score", "target rating", "residual score"),
    "controls": ("what do we do now", "existing controls", "current controls", "controls in place", "controls"),
    "risk_actions": ("what are we going to do", "further actions", "actions to mitigate", "mitigating actions"),
    "milestones": ("milestones",),
    "owner": ("officer responsible for risk", "risk owner", "owner", "officer responsible"),
    "timescale": ("timescales for completion", "timescales", "timescale", "deadlines"),
    "monitoring": ("how will levels of risk be monitored", "monitoring arrangements", "monitoring", "monitored"),
    "division": ("division", "area of spend", "service area", "section", "unit", "team"),
    "posts": ("number of posts", "number of staff", "posts", "fte", "staff numbers", "headcount"),
    "gross": ("gross budget", "gross expenditure", "gross"),
    "net": ("net budget", "total net budget", "net expenditure", "net"),
    "staffing_budget": ("staffing budget", "employee costs", "staffing costs", "staff budget"),
    "positive": ("positive impact",),
    "neutral": ("neutral impact",),
    "negative": ("negative impact",),
    "corporate_objective": ("corporate objective",),
    "capital": ("capital expenditure",),
}

# table kind -> (required meanings: any of each inner tuple)
KINDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "objective_impacts": (("positive", "neutral", "negative"),),
    "financial": (("capital",),),
    "risks": (("current_score", "target_score", "controls", "risk_actions"), ("risk_area", "owner", "monitoring")),
    "indicators": (("target", "actual"), ("ind_code", "ind_title")),
    "budget": (("gross", "net", "staffing_budget"),),
    "staffing": (("posts",), ("division",)),
    "priorities": (("priority_title",), ("why",)),
    "actions": (("action",), ("deadline", "resourced", "lead", "outcome", "priority_link", "measures")),
}

_LS = re.compile(r"\bls\b")  # OCR reads "Is" as "ls"
_YEAR = re.compile(r"\b(19|20)\d\d\s*[/-]\s*\d{1,5}\b")
_STOP = frozenset({"the", "of", "a", "an", "to", "for", "it", "be", "we", "do", "does", "are", "is", "will"})


def normalise(text: str) -> str:
    """Lower case, words only, OCR's "ls" read as "is"."""
    text = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return _LS.sub("is", text)


@functools.lru_cache(maxsize=4096)
def _word_in(word: str, words: tuple[str, ...]) -> bool:
    if word in words:
        return True
    return any(len(w) >= 5 and len(word) >= 5 and difflib.SequenceMatcher(None, word, w).ratio() >= 0.84 for w in words)


def fuzzy_contains(text: str, phrase: str) -> bool:
    """Whether every significant word of ``phrase`` is in ``text``, allowing small misspellings.

    >>> fuzzy_contains("Priorities i the Servic", "priorities for the service")
    True
    """
    words = tuple(normalise(text).split())
    want = [w for w in normalise(phrase).split() if w not in _STOP] or normalise(phrase).split()
    return all(_word_in(w, words) for w in want)


@functools.lru_cache(maxsize=4096)
def column_meaning(header: str) -> tuple[str | None, str | None]:
    """The meaning of a column header, and the financial year it names (for targets and actuals)."""
    norm = normalise(header)
    if not norm or len(norm) > 160:
        return None, None
    best: tuple[int, str] | None = None
    for meaning, phrases in _PHRASES.items():
        for phrase in phrases:
            size = len([w for w in normalise(phrase).split() if w not in _STOP])
            if (best is None or size > best[0]) and fuzzy_contains(header, phrase):
                best = (size, meaning)
    if best is None:
        return None, None
    meaning = best[1]
    year = None
    if meaning in ("target", "actual"):
        found = _YEAR.search(header)
        if found:
            try:
                year = str(FinancialYear.parse(found.group(0)))
            except ParseError:
                year = None
    return meaning, year


def kind_of(meanings: set[str]) -> str | None:
    """The kind of table whose columns have these meanings, or ``None``."""
    for kind, needs in KINDS.items():
        if all(any(m in meanings for m in group) for group in needs):
            return kind
    return None
