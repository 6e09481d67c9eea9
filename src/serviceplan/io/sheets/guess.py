"""Guess a :class:`~serviceplan.io.sheets.mapping.ColumnMapping` from a sheet's headers.

Headers are compared after :func:`header_key`: case, spacing and punctuation do not
count ("Likelihood", "LIKELIHOOD:", "likelihood " are one header; "Impact x Likelihood",
"Impact X Likelihood" and "impact*likelihood" too). A header that names an assessment
kind ("Inherent", "Gross", "Residual", "Current", "Net", "Target") fills that
assessment; without one it is the current assessment, except that when the same
unqualified header comes twice ("L", "I", … then "L", "I" again), the first is read
as inherent and the second as current (registers print the inherent score first).
A financial year or quarter in a header ("Target 2009/10", "2010/11 Q1 update")
is the column's period. A column named "Impact x Likelihood", "Rating" or "Score"
is a combined ``rating`` when its cells read as "4x3" or "D4", and a ``score`` when
they are whole numbers.

The guess is shown for confirmation (``python -m serviceplan import FILE --kind risks
--guess``) and can be saved, edited and given back with ``--mapping``.

>>> header_key("  Prob. ")
'prob'
>>> [c.field for c in guess_mapping(["Ref", "Risk", "L", "I", "Residual score"], [], "risks").columns]
['id', 'title', 'current_likelihood', 'current_impact', 'current_score']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from serviceplan.errors import ParseError
from serviceplan.io.sheets.cells import CellError, CombinedOrder, LetterOrder, read_score
from serviceplan.io.sheets.mapping import ASSESSMENT_PARTS, Column, ColumnMapping, SheetKind
from serviceplan.values.periods import FinancialYear, Period

__all__ = ["find_header_row", "guess_field", "guess_mapping", "header_key"]


def header_key(text: str) -> str:
    """A header as compared: lower case, ``&`` as "and", punctuation as spaces, spaces collapsed.

    "x", "×" and "*" between words stay, as " x ": "Impact x Likelihood".
    """
    key = text.lower().replace("&", " and ").replace("×", " x ").replace("*", " x ")
    key = re.sub(r"[^\w£%]+", " ", key)
    return " ".join(key.split())


_PERIOD = re.compile(
    r"(?:q(?:uarter)?\s*[1-4]\s*)?(?:(?:19|20)\d{2}\s*[/-]\s*(?:19|20)?\d{2}|fy\s*\d{2}\s*[/-]?\s*\d{2})(?:\s*q(?:uarter)?\s*[1-4])?",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"£\s*(?:k|000|'000)\b|\(\s*£\s*000\s*\)|£000s?|\bk\b|£k", re.IGNORECASE)

_KINDS = {
    "inherent": (
        "inherent",
        "gross",
        "original",
        "raw",
        "untreated",
        "uncontrolled",
        "pre control",
        "before controls",
        "pre mitigation",
        "initial",
        "unmitigated",
    ),
    "current": (
        "residual",
        "current",
        "net",
        "post control",
        "after controls",
        "post mitigation",
        "controlled",
        "revised",
        "managed",
        "mitigated",
    ),
    "target": ("target", "future", "desired", "aim", "tolerable", "planned"),
}

_PARTS = {
    "likelihood": ("likelihood", "l", "prob", "probability", "likelihood score", "p", "lhood", "likeli hood", "chance"),
    "impact": ("impact", "i", "consequence", "c", "severity", "impact score", "consequences", "imp"),
    "score": ("score", "risk score", "total", "total score", "overall score", "score l x i", "value"),
    "rating": (
        "rating",
        "risk rating",
        "impact x likelihood",
        "likelihood x impact",
        "l x i",
        "i x l",
        "lxi",
        "ixl",
        "p x i",
        "i x p",
        "pxi",
        "c x l",
        "l x c",
        "risk",
        "risk level",
        "level",
        "matrix",
        "grid ref",
        "matrix position",
    ),
    "rag": ("rag", "rag status", "colour", "color", "rag rating", "status colour", "band"),
}

_PLAIN: dict[SheetKind, dict[str, tuple[str, ...]]] = {
    SheetKind.RISKS: {
        "id": (
            "id",
            "ref",
            "reference",
            "risk ref",
            "risk id",
            "risk no",
            "risk number",
            "no",
            "number",
            "risk code",
            "code",
            "ref no",
        ),
        "title": ("risk", "title", "risk title", "risk name", "name", "risk event", "risk identified", "short name"),
        "description": (
            "description",
            "risk description",
            "details",
            "cause and effect",
            "causes and consequences",
            "risk detail",
            "cause",
            "consequences of risk",
            "effect",
        ),
        "owner": ("owner", "risk owner", "lead", "responsible officer", "responsible", "lead officer", "managed by"),
        "category": ("category", "risk category", "type", "risk type", "theme"),
        "unit": ("service", "directorate", "department", "unit", "service area", "portfolio"),
        "controls": (
            "controls",
            "existing controls",
            "current controls",
            "what do we do now",
            "mitigation",
            "controls in place",
            "existing measures",
            "key controls",
            "mitigating controls",
        ),
        "actions": (
            "actions",
            "further actions",
            "planned actions",
            "what are we going to do",
            "further mitigation",
            "action plan",
            "additional controls",
            "further action required",
            "mitigating actions",
        ),
        "deadline": (
            "deadline",
            "target date",
            "timescale",
            "timescales",
            "by when",
            "due date",
            "review date",
            "timescales for completion",
        ),
        "monitoring": ("monitoring", "monitoring arrangements", "how will levels of risk be monitored", "review"),
        "commentary": (
            "commentary",
            "comments",
            "comment",
            "progress",
            "progress update",
            "latest position",
            "update",
            "direction of travel commentary",
        ),
    },
    SheetKind.INDICATORS: {
        "code": (
            "code",
            "pi",
            "pi code",
            "ref",
            "id",
            "indicator code",
            "ni",
            "pi ref",
            "no",
            "ni no",
            "measure ref",
            "indicator no",
            "number",
        ),
        "title": (
            "title",
            "indicator",
            "description",
            "definition",
            "measure",
            "pi description",
            "indicator title",
            "name",
            "performance indicator",
            "indicator name",
        ),
        "polarity": ("polarity", "good is", "direction", "good performance is", "aim"),
        "frequency": ("frequency", "reported", "reporting frequency", "collection frequency"),
        "notes": ("notes", "comments", "comment", "note"),
    },
    SheetKind.ACTIONS: {
        "id": ("id", "ref", "reference", "action ref", "action id", "no", "action no", "action number", "number"),
        "title": (
            "action",
            "title",
            "actions",
            "description",
            "action description",
            "what are the main actions",
            "task",
            "activity",
            "milestone",
            "project",
        ),
        "priorities": (
            "priority",
            "priorities",
            "priority ref",
            "links to priority",
            "which priority does it link to",
            "objective",
        ),
        "unit": ("service", "unit", "team", "directorate", "department", "division"),
        "deadline": (
            "deadline",
            "due",
            "due date",
            "target date",
            "completion date",
            "by when",
            "timescale",
            "end date",
            "date due",
        ),
        "lead_officer": (
            "lead officer",
            "lead",
            "owner",
            "responsible officer",
            "responsible",
            "action owner",
            "officer",
            "who",
        ),
        "status": ("status", "progress status", "current status", "state"),
        "outcome": ("outcome", "outcomes", "expected outcome", "what are the outcomes", "success measure"),
        "notes": (
            "notes",
            "comments",
            "comment",
            "commentary",
            "progress",
            "progress update",
            "update",
            "latest update",
        ),
    },
    SheetKind.SAVINGS: {
        "id": ("id", "ref", "reference", "saving ref", "saving id", "no", "number", "proposal ref", "code"),
        "title": (
            "title",
            "saving",
            "savings",
            "description",
            "proposal",
            "saving description",
            "savings proposal",
            "name",
            "proposal title",
        ),
        "unit": ("service", "unit", "directorate", "department", "service area", "division"),
        "workstream": ("workstream", "work stream", "programme", "theme", "project"),
        "category": ("category", "type of saving", "saving type", "type"),
        "kind": ("recurrent", "one off", "recurrent one off", "recurring", "recurring one off", "nature"),
        "status": ("status", "saving status", "delivery status", "stage"),
        "confidence": ("rag", "rag status", "confidence", "delivery confidence", "risk", "colour", "deliverability"),
        "contributes_to": ("contributes to", "parent", "parent target", "target ref"),
        "notes": ("notes", "comments", "comment", "commentary"),
    },
}

_PER_PERIOD: dict[SheetKind, dict[str, tuple[str, ...]]] = {
    SheetKind.RISKS: {},
    SheetKind.INDICATORS: {
        "target": ("target", "targets", "tgt"),
        "actual": ("actual", "actuals", "outturn", "result", "performance", "value", "out turn"),
        "rag": ("rag", "status", "rag status", "colour"),
        "commentary": ("commentary", "comments", "comment", "narrative"),
    },
    SheetKind.ACTIONS: {
        "update": (
            "update",
            "progress",
            "update position",
            "update position at",
            "progress update",
            "position",
            "commentary",
        ),
        "rag": ("rag", "status", "rag status"),
    },
    SheetKind.SAVINGS: {
        "target": (
            "target",
            "saving",
            "savings",
            "savings target",
            "budget reduction",
            "proposed",
            "saving target",
            "planned",
            "amount",
            "value",
        ),
        "forecast": ("forecast", "projected", "projection", "forecast outturn", "expected"),
        "delivered": ("delivered", "achieved", "actual", "realised", "saved", "outturn"),
    },
}


_IMPACT_FIRST = re.compile(r"^(impact|i|c|consequence|severity) x ")
_DUPLICATE = re.compile(r"\s*\(\d\)\s*$")  # the reader's mark on a repeated header: "L (2)"
_SCALE = re.compile(r"\(\s*[0-9A-Ea-e]\s*(?:-|–|to)\s*[0-9A-Ea-e]{1,2}\s*\)")


def _period_reads(kind: SheetKind, period: str) -> bool:
    read: Any = FinancialYear.parse if kind is SheetKind.SAVINGS else Period.parse
    try:
        read(period)
    except ParseError:
        return False
    return True


def _lookup(table: dict[str, tuple[str, ...]], key: str) -> str | None:
    for field, words in table.items():
        if key in words:
            return field
    return None


def _strip_units(key: str) -> str:
    key = re.sub(r"\b(£\s*000s?|£\s*k|£|k|000)\b", " ", key)
    key = key.replace("£", " ")
    return " ".join(key.split())


def _assessment(key: str) -> tuple[str | None, str] | None:
    """The assessment kind a header names (or None) and the rest of it, for an assessment part."""
    words = key
    kind = None
    for name, prefixes in _KINDS.items():
        for prefix in sorted(prefixes, key=len, reverse=True):
            pattern = rf"\b{re.escape(prefix)}\b"
            if re.search(pattern, words):
                kind = name
                words = " ".join(re.sub(pattern, " ", words).split())
                break
        if kind:
            break
    words = " ".join(w for w in words.split() if w not in ("risk", "rating", "score") or w == words) or words
    for part in ("likelihood", "impact", "rag", "rating", "score"):
        if words in _PARTS[part]:
            return kind, part
    # "Residual Risk Score", "Inherent rating": only the kind word and a score/rating word
    if kind and key.rsplit(maxsplit=1)[-1] in ("score", "rating", "risk", "level", "total"):
        return kind, "rating"
    return None


def guess_field(header: str, kind: SheetKind | str) -> tuple[str, str | None, bool] | None:
    """The field a header names for a kind of sheet, its period and whether it counts in £000; or ``None``.

    For risks an unqualified assessment field comes back as ``current_…``.

    >>> guess_field("Target 2009/10", "indicators")
    ('target', '2009/10', False)
    >>> guess_field("2011/12 Saving £K", "savings")
    ('target', '2011/12', True)
    """
    kind = SheetKind(kind)
    header = _DUPLICATE.sub("", _SCALE.sub(" ", header))
    raw_key = header_key(header)
    if not raw_key:
        return None
    thousands = bool(_THOUSANDS.search(header)) and kind is SheetKind.SAVINGS
    match = _PERIOD.search(header)
    if match and _PER_PERIOD[kind]:
        period = " ".join(match.group(0).split())
        rest = header_key(header[: match.start()] + " " + header[match.end() :])
        rest = _strip_units(rest)
        rest = " ".join(w for w in rest.split() if w not in ("for", "at", "in", "of", "the"))
        field = _lookup(_PER_PERIOD[kind], rest)
        if field is None and kind is SheetKind.SAVINGS and not rest:
            field = "target"
        if field and _period_reads(kind, period):
            return field, period, thousands
    key = _strip_units(raw_key) if kind is SheetKind.SAVINGS else raw_key
    field = _lookup(_PLAIN[kind], key)
    if field:
        return field, None, False
    if kind is SheetKind.RISKS:
        found = _assessment(key)
        if found:
            which, part = found
            return f"{which or 'current'}_{part}", None, False
    return None


def _reads(cells: Sequence[str], read: object) -> int:
    count = 0
    for cell in cells:
        if not cell.strip():
            continue
        try:
            read(cell)  # type: ignore[operator]
        except CellError:
            return -1
        count += 1
    return count


def guess_mapping(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    kind: SheetKind | str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    letters: LetterOrder = LetterOrder.A_HIGHEST,
    combined: CombinedOrder = CombinedOrder.LIKELIHOOD_FIRST,
) -> ColumnMapping:
    """A mapping guessed from a sheet's header row and (to tell scores from combined cells) its rows.

    Headers it cannot place are left out (the reader reports them as ignored columns).
    """
    kind = SheetKind(kind)
    columns: list[Column] = []
    used: set[tuple[str, str | None]] = set()
    for index, text in enumerate(header):
        if not text.strip():
            continue
        guessed = guess_field(text, kind)
        if guessed is None:
            continue
        field, period, thousands = guessed
        which, _, part = field.partition("_")
        if kind is SheetKind.RISKS and part in ASSESSMENT_PARTS:
            if part in ("rating", "score"):
                cells = [row[index] if index < len(row) else "" for row in rows[:200]]
                scores = _reads(cells, read_score)  # -1: a cell is not a whole number
                part = "score" if scores > 0 or (scores == 0 and part == "score") else "rating"
                if part == "rating" and _IMPACT_FIRST.match(header_key(text)):
                    combined = CombinedOrder.IMPACT_FIRST
            if _qualified(text) is None and (f"current_{part}", None) in used:
                if (f"inherent_{part}", None) not in used:
                    # the same unqualified header again: the first was inherent, this one is current
                    first = next(i for i, c in enumerate(columns) if c.field == f"current_{part}")
                    columns[first] = Column(field=f"inherent_{part}", header=columns[first].header)
                    used.add((f"inherent_{part}", None))
                    used.discard((f"current_{part}", None))
                    which = "current"
                else:
                    which = "target"
            field = f"{which}_{part}"
        if (field, period) in used:
            continue
        used.add((field, period))
        columns.append(Column(field=field, header=text, period=period, thousands=thousands))
    return ColumnMapping(
        kind=kind, columns=columns, sheet=sheet, header_row=header_row, letters=letters, combined=combined
    )


def _qualified(header: str) -> str | None:
    key = header_key(_DUPLICATE.sub("", header))
    for name, prefixes in _KINDS.items():
        if any(re.search(rf"\b{re.escape(p)}\b", key) for p in prefixes):
            return name
    return None


def find_header_row(rows: Sequence[Sequence[str]], kind: SheetKind | str, *, search: int = 20) -> int:
    """The 0-based index of the first row (of the first ``search``) with the most headers of ``kind``.

    A title row ("Corporate Risk Register 2010/11") above the headers is passed over.
    """
    kind = SheetKind(kind)
    best, best_count = 0, 0
    for index, row in enumerate(rows[:search]):
        count = sum(1 for cell in row if cell.strip() and guess_field(cell, kind) is not None)
        if count > best_count and count >= 2:
            best, best_count = index, count
    return best
