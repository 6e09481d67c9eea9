"""Deadlines as plans write them.

A deadline cell in a real plan is rarely a date: "March 2011" (due on the
month's last day), "31 st March 2011", "Ph 1 – March 2009 Ph 2 – March 2010",
"15 June 2010 (model scheme) 15 December 2010 (e-petitions)", "Depends on
business plan", "Continuous", "March 2010 and beyond", "from December, 2001".
:meth:`Deadline.parse` reads each into a kind and the date it falls due, and
keeps the text as written.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterable
from datetime import date

import attrs

from serviceplan.errors import ModelError, ParseError
from serviceplan.values._text import cached_parse, cached_reading, find_dates, normalise_space
from serviceplan.values.periods import FinancialYear, Quarter

__all__ = ["Deadline", "DeadlineKind", "DeadlineMilestone"]


class DeadlineKind(enum.StrEnum):
    """What a deadline means."""

    DATE = "date"  #: an exact day: "31 st March 2011", "01/04/2011"
    MONTH = "month"  #: a month, due on its last day: "March 2011"
    QUARTER = "quarter"  #: a quarter, due on its last day: "Q3 2010/11"
    YEAR = "year"  #: a financial year, due 31 March: "2010/11"
    MILESTONES = "milestones"  #: several dates; due with the last: "June 2010 October 2010"
    ONGOING = "ongoing"  #: never falls due: "Continuous", "from December, 2001"
    CONDITIONAL = "conditional"  #: depends on something else: "Depends on business plan"


@attrs.frozen
class DeadlineMilestone:
    """One dated point inside a deadline, with the words that label it."""

    label: str
    due: date


_ONGOING = re.compile(
    r"\b(continuous(ly)?|on-?\s?going|rolling|already commenced|in place|each year|every year|"
    r"annual(ly)?|monthly|quarterly|weekly|fortnightly|as required)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(
    r"\b(depend\w*|subject to|in accordance|tb[ca]|to be (confirmed|agreed|determined|decided|set)|"
    r"as and when|when (available|agreed|known)|once|following|unknown|not (yet )?known)\b",
    re.IGNORECASE,
)
_STARTS = re.compile(r"\b(from|commencing|starting|with effect from)\b", re.IGNORECASE)
_RECURS = re.compile(r"\b(each|every) year\b", re.IGNORECASE)
_OPEN = re.compile(r"(\band\b|&)\s*beyond\b|\bonwards?\b", re.IGNORECASE)
_QUARTER_IN_TEXT = re.compile(
    r"(?<!\w)(?:q|quarter\s*)[1-4]\s*(?:of\s+)?(?:19|20)[0-9][0-9]\s*[/\-–]\s*[0-9]{2,4}(?![0-9/])"
    r"|(?<![\w/])(?:19|20)[0-9][0-9]\s*[/\-–]\s*[0-9]{2,4}\s+(?:q|quarter\s*)[1-4](?!\w)",
    re.IGNORECASE,
)
_YEAR_IN_TEXT = re.compile(r"(?<![\w/])(?:19|20)[0-9][0-9]\s*[/–]\s*(?:[0-9]{2}|[0-9]{4})(?![\w/])")
_FILLER = re.compile(
    r"^(?:[\s,.;:()\-–—·•*&]|\b(?:by|and|end|of|the|before|no later than|deadline|due|completed?|"
    r"initially|target)\b)*$",
    re.IGNORECASE,
)
_EDGE = re.compile(
    r"^(?:[\s,.;:()\-–—·•*&]|\b(?:by|and|of|the|end|from)\b)+|(?:[\s,.;:()\-–—·•*&]|\b(?:by|and|of|the|end|from)\b)+$",
    re.IGNORECASE,
)


@attrs.frozen
class _Found:
    start: int
    end: int
    due: date
    first_day: date
    kind: DeadlineKind


def _scan(text: str) -> list[_Found]:
    found: list[_Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= f.start or a >= f.end for f in found)

    for m in _QUARTER_IN_TEXT.finditer(text):
        q = Quarter.parse(m.group())
        found.append(_Found(m.start(), m.end(), q.end, q.start, DeadlineKind.QUARTER))
    for m in _YEAR_IN_TEXT.finditer(text):
        if free(m.start(), m.end()):
            try:
                fy = FinancialYear.parse(m.group())
            except ParseError:
                continue
            found.append(_Found(m.start(), m.end(), fy.end, fy.start, DeadlineKind.YEAR))
    try:
        dates = find_dates(text)
    except ValueError as err:
        raise ParseError("deadline", text, str(err)) from err
    for d in dates:
        if free(d.start, d.end):
            kind = DeadlineKind.DATE if d.exact else DeadlineKind.MONTH
            first = d.day if d.exact else d.day.replace(day=1)
            found.append(_Found(d.start, d.end, d.day, first, kind))
    found.sort(key=lambda f: f.start)
    return found


def _label(segment: str) -> str:
    previous = None
    while previous != segment:
        previous = segment
        segment = _EDGE.sub("", segment).strip()
    return segment


def _milestones(value: Iterable[DeadlineMilestone]) -> tuple[DeadlineMilestone, ...]:
    return tuple(value)


@attrs.frozen
class Deadline:
    """When an action or milestone is due, as written and as understood.

    ``text`` is the cell as written (and what ``str`` returns); ``kind`` says
    what it means; ``due`` is the day it falls due (the last milestone's for
    several, ``None`` for ongoing and undated conditional deadlines);
    ``milestones`` lists every dated point with its label; ``starts`` is the
    first day of an ongoing deadline written "from December, 2001";
    ``open_ended`` marks "March 2010 and beyond".

    >>> Deadline.parse("March 2011").due
    datetime.date(2011, 3, 31)
    >>> d = Deadline.parse("Ph 1 – March 2009 Ph 2 – March 2010")
    >>> d.kind.value, d.due, [m.label for m in d.milestones]
    ('milestones', datetime.date(2010, 3, 31), ['Ph 1', 'Ph 2'])
    >>> Deadline.parse("Depends on business plan").kind
    <DeadlineKind.CONDITIONAL: 'conditional'>
    >>> Deadline.parse("01/04/2011").due  # UK dates are day first
    datetime.date(2011, 4, 1)
    >>> Deadline.parse("Marhc 2011")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    serviceplan.errors.ParseError: cannot read deadline 'Marhc 2011': no date, and no word such as ...
    """

    text: str
    kind: DeadlineKind
    due: date | None = None
    milestones: tuple[DeadlineMilestone, ...] = attrs.field(default=(), converter=_milestones)
    starts: date | None = None
    open_ended: bool = False

    @classmethod
    @cached_parse
    def parse(cls, text: str) -> Deadline:
        """Read a deadline cell.

        Raises:
            ParseError: empty text, an impossible date ("31/02/2010"), or text
                with no date that is neither ongoing nor conditional ("Marhc 2011").
        """
        if not isinstance(text, str):
            raise ParseError("deadline", repr(text), "expected text")
        return cls(text, *_read(text))

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise ModelError(f"Deadline.text must be text, not {self.text!r}")
        try:
            reading = _read(self.text)
        except ParseError as err:
            raise ModelError(f"Deadline.text: {err}") from None
        if reading != (self.kind, self.due, self.milestones, self.starts, self.open_ended):
            raise ModelError(
                f"a deadline's fields must be what its text {self.text!r} says ({_describe(*reading)}), "
                f"not {_describe(self.kind, self.due, self.milestones, self.starts, self.open_ended)}: "
                "the text is the value, so build a new one with Deadline.parse"
            )

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Deadline({self.text!r})"


_Reading = tuple[DeadlineKind, date | None, tuple[DeadlineMilestone, ...], date | None, bool]


def _describe(
    kind: DeadlineKind,
    due: date | None,
    milestones: tuple[DeadlineMilestone, ...],
    starts: date | None,
    open_ended: bool,
) -> str:
    parts = [kind.value if isinstance(kind, DeadlineKind) else repr(kind)]
    if due is not None:
        parts.append(f"due {due}")
    if milestones:
        parts.append(f"{len(milestones)} milestones")
    if starts is not None:
        parts.append(f"starting {starts}")
    if open_ended:
        parts.append("open-ended")
    return ", ".join(parts)


def _reading(
    kind: DeadlineKind,
    due: date | None = None,
    milestones: tuple[DeadlineMilestone, ...] = (),
    *,
    starts: date | None = None,
    open_ended: bool = False,
) -> _Reading:
    return kind, due, milestones, starts, open_ended


@cached_reading
def _read(text: str) -> _Reading:
    """What a deadline's text says: kind, due, milestones, starts, open_ended."""
    clean = normalise_space(text)
    if not clean:
        raise ParseError("deadline", text, "it is empty")
    found = _scan(clean)
    if not found:
        if _CONDITIONAL.search(clean):
            return _reading(DeadlineKind.CONDITIONAL)
        if _ONGOING.search(clean):
            return _reading(DeadlineKind.ONGOING)
        raise ParseError("deadline", text, "no date, and no word such as 'ongoing' or 'depends on'")

    gaps = [clean[: found[0].start]]
    gaps += [clean[a.end : b.start] for a, b in itertools.pairwise(found)]
    gaps.append(clean[found[-1].end :])
    labels_follow = bool(_FILLER.match(gaps[0])) and not _STARTS.search(gaps[0])
    labels = gaps[1:] if labels_follow else gaps[:-1]
    milestones = tuple(DeadlineMilestone(_label(lab), f.due) for lab, f in zip(labels, found, strict=True))
    leftover = " ".join(gaps)
    open_ended = bool(_OPEN.search(leftover))
    if open_ended:
        leftover = _OPEN.sub(" ", leftover)

    if _RECURS.search(clean):
        return _reading(DeadlineKind.ONGOING, None, milestones)
    if len(found) == 1 and _STARTS.search(gaps[0]) and not labels_follow:
        return _reading(DeadlineKind.ONGOING, None, milestones, starts=found[0].first_day)
    due = max(f.due for f in found)
    if _CONDITIONAL.search(leftover):
        return _reading(DeadlineKind.CONDITIONAL, due, milestones, open_ended=open_ended)
    if len(found) > 1:
        return _reading(DeadlineKind.MILESTONES, due, milestones, open_ended=open_ended)
    if not _FILLER.match(leftover):
        # one date with words beside it: "Training plan by April 09"
        return _reading(found[0].kind, due, milestones, open_ended=open_ended)
    return _reading(found[0].kind, due, open_ended=open_ended)
