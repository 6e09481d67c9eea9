"""Closed vocabularies: string-valued enums found in real plans.

Each enum's values are the lower-case words the canonical format uses
(``Rag.AMBER == "amber"``). Where a plan answers in free text ("Use of
existing resources.", "EqIA's required"), the model keeps the text beside the
classification, and :func:`classify_resourcing` / :func:`classify_equality`
suggest the classification.
"""

from __future__ import annotations

import enum
import re

__all__ = [
    "ActionStatus",
    "AssessmentKind",
    "EqualityStatus",
    "Impact",
    "IndicatorKind",
    "IndicatorUnit",
    "Perspective",
    "PlanStatus",
    "Polarity",
    "PriorityKind",
    "Rag",
    "ResourcingStatus",
    "SavingEffect",
    "SavingKind",
    "SavingStatus",
    "UnitKind",
    "classify_equality",
    "classify_resourcing",
]


class Rag(enum.StrEnum):
    """Red / amber / green, plus "no data"."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NO_DATA = "no_data"


class PriorityKind(enum.StrEnum):
    """Sefton 2010/11 §2.2–2.3: a "must do" (not legal, unsafe or not viable without it) or desirable."""

    MUST_DO = "must_do"
    DESIRABLE = "desirable"


class ResourcingStatus(enum.StrEnum):
    """The answer to "Is it resourced?"."""

    YES = "yes"
    NO = "no"
    PARTLY = "partly"
    EXISTING_RESOURCES = "existing_resources"
    NOT_STATED = "not_stated"


class EqualityStatus(enum.StrEnum):
    """The answer to "Have the equality implications been considered?"."""

    DONE = "done"  #: "Yes. Accessibility … assessed", "Analysis undertaken"
    REQUIRED = "required"  #: "EqIA's required", "Whole process to be Impact Assessed"
    PLANNED = "planned"  #: "No – will be undertaken by 31/12/09", "Will be considered …"
    NOT_APPLICABLE = "not_applicable"  #: "N/A"
    NOT_STATED = "not_stated"  #: blank, "As above", "Need to review whether applicable"


class ActionStatus(enum.StrEnum):
    """Where an action stands, when a plan says so ("On target", "In progress")."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ON_TARGET = "on_target"
    DELAYED = "delayed"
    COMPLETE = "complete"
    CANCELLED = "cancelled"


class AssessmentKind(enum.StrEnum):
    """Which assessment of a risk: before controls, now, or where we aim to be."""

    INHERENT = "inherent"
    CURRENT = "current"
    TARGET = "target"


class Impact(enum.StrEnum):
    """Corporate objective monitoring: the plan's impact on an objective."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class IndicatorKind(enum.StrEnum):
    """National Indicator ("NI 181"), local PI ("LPI 21a"), or another measure."""

    NATIONAL = "national"
    LOCAL = "local"
    OTHER = "other"


class Polarity(enum.StrEnum):
    """Which way is good for an indicator."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    RANGE = "range"
    NOT_APPLICABLE = "not_applicable"


class IndicatorUnit(enum.StrEnum):
    """What an indicator counts (Salford 2009/12 §6 has each of these)."""

    PERCENTAGE = "percentage"  #: "98.70%", LPI 10 "0.90" (of the pay-bill): a share, 0 to 100
    PERCENTAGE_CHANGE = "percentage_change"  #: "% change in …": below 0 for a fall, above 100 for more than double
    DAYS = "days"  #: NI 181 "21 days"
    COUNT = "count"  #: NI 180 "22,500"
    MONEY = "money"  #: NI 179 "5.235M"
    RATIO = "ratio"  #: LPI 8 employees to HR staff
    RATE_PER_1000 = "rate_per_1000"  #: LPI 12 "per 1,000 employees"
    SCORE = "score"
    YES_NO = "yes_no"


class Perspective(enum.StrEnum):
    """Balanced-scorecard perspective (Salford 2009/12 §2)."""

    LEARNING_AND_GROWTH = "learning_and_growth"
    CUSTOMER = "customer"
    FINANCE = "finance"
    INTERNAL = "internal"


class PlanStatus(enum.StrEnum):
    """Where a plan is in its approval."""

    DRAFT = "draft"
    FOR_APPROVAL = "for_approval"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class UnitKind(enum.StrEnum):
    """Level of an organisational unit."""

    COUNCIL = "council"
    DIRECTORATE = "directorate"
    DEPARTMENT = "department"
    DIVISION = "division"
    SERVICE = "service"
    TEAM = "team"


class SavingKind(enum.StrEnum):
    """Whether a saving recurs every year or happens once."""

    RECURRENT = "recurrent"
    ONE_OFF = "one_off"


class SavingEffect(enum.StrEnum):
    """Whether a year's amount is the saving's full-year effect or only what falls in that year."""

    FULL_YEAR = "full_year"
    IN_YEAR = "in_year"


class SavingStatus(enum.StrEnum):
    """Where a saving stands."""

    TO_BE_IDENTIFIED = "to_be_identified"
    PROPOSED = "proposed"
    AGREED = "agreed"
    DELIVERED = "delivered"
    UNACHIEVABLE = "unachievable"


_PARTLY = re.compile(r"\b(part(ly|ially)?|only|some)\b", re.IGNORECASE)
_EXISTING = re.compile(r"\bexisting\b", re.IGNORECASE)
_NO = re.compile(r"^\s*no\b", re.IGNORECASE)
_YES = re.compile(r"^\s*yes\b|\bfund(ed|ing)\b|\bresourced\b|\bbudget\b", re.IGNORECASE)


def classify_resourcing(text: str | None) -> ResourcingStatus:
    """Suggest the classification of an "Is it resourced?" answer.

    >>> [classify_resourcing(t).value for t in ("Yes", "Use of existing resources.",
    ...     "Yes (for year 1 only)", "Part funded centrally", "No", "")]
    ['yes', 'existing_resources', 'partly', 'partly', 'no', 'not_stated']
    """
    if not text or not text.strip():
        return ResourcingStatus.NOT_STATED
    if _EXISTING.search(text):
        return ResourcingStatus.EXISTING_RESOURCES
    if _PARTLY.search(text):
        return ResourcingStatus.PARTLY
    if _NO.search(text):
        return ResourcingStatus.NO
    if _YES.search(text):
        return ResourcingStatus.YES
    return ResourcingStatus.NOT_STATED


_EQ_NA = re.compile(r"^\s*n\s*/\s*a\b|not applicable", re.IGNORECASE)
_EQ_PLANNED = re.compile(r"will be|to be undertaken|^\s*no\b", re.IGNORECASE)
_EQ_REQUIRED = re.compile(r"required|to be impact assessed", re.IGNORECASE)
_EQ_DONE = re.compile(r"^\s*yes\b|undertaken|done|assessed|considered|integral", re.IGNORECASE)


def classify_equality(text: str | None) -> EqualityStatus:
    """Suggest the classification of an equality-implications answer.

    >>> [classify_equality(t).value for t in ("EqIA’s required", "N/A",
    ...     "Yes. Accessibility to services for diverse range of customers assessed",
    ...     "No – will be undertaken by 31/12/09", "As above")]
    ['required', 'not_applicable', 'done', 'planned', 'not_stated']
    """
    if not text or not text.strip():
        return EqualityStatus.NOT_STATED
    if _EQ_NA.search(text):
        return EqualityStatus.NOT_APPLICABLE
    if _EQ_REQUIRED.search(text):
        return EqualityStatus.REQUIRED
    if _EQ_PLANNED.search(text):
        return EqualityStatus.PLANNED
    if _EQ_DONE.search(text):
        return EqualityStatus.DONE
    return EqualityStatus.NOT_STATED
