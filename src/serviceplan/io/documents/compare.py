"""Field-by-field agreement of an imported plan with a hand-made one: recall and precision.

A plan becomes a set of fields, each keyed by what it belongs to (a priority
or action by its title, an indicator by its code, a risk by its letter, a budget
or staffing line by its label) and the field's name; values are compared as
canonical text (a deadline as printed, money as its amount, a resourcing answer
as its classification). *Recall* is the share of the reference's fields the
import recovered with an equal value; *precision* the share of the import's
fields (of the same kinds) that are right.

>>> from serviceplan.model import Priority, ServicePlan
>>> ref = ServicePlan(id="p", title="P", priorities=(Priority(id="1", title="Do A", why="Because"),))
>>> got = ServicePlan(id="q", title="Q", priorities=(Priority(id="x", title="Do  A", why="Because of C"),))
>>> score = field_agreement(ref, got)
>>> score.recall, score.precision, score.missing
(0.5, 0.5, (('priority', 'do a', 'why'),))
"""

from __future__ import annotations

import re

import attrs

from serviceplan.model import ServicePlan

__all__ = ["FieldKey", "FieldScore", "field_agreement", "plan_fields"]

FieldKey = tuple[str, str, str]  #: (kind, the thing's key, field)

_KEEP = re.compile(r"[^a-z0-9£%.\-/]+")


def _norm(text: object) -> str:
    return " ".join(_KEEP.sub(" ", str(text).lower()).split()).strip(" .")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())[:60]


def plan_fields(plan: ServicePlan) -> dict[FieldKey, str]:
    """The compared fields of a plan: priorities; actions with deadline, lead and resourcing;
    indicators with targets per year; risks with scores; budget and staffing lines and totals; savings."""
    out: dict[FieldKey, str] = {}

    def put(kind: str, key: str, field: str, value: object) -> None:
        if value is None or value == "":
            return
        out[(kind, key, field)] = _norm(value)

    for p in plan.priorities:
        k = _key(p.title)
        put("priority", k, "title", p.title)
        put("priority", k, "why", p.why)
    for a in plan.actions:
        k = _key(a.title)
        put("action", k, "title", a.title)
        put("action", k, "deadline", a.deadline.text if a.deadline else None)
        put("action", k, "lead_officer", a.lead_officer)
        put("action", k, "resourcing", a.resourcing.status.value if a.resourcing else None)
    for i in plan.indicators:
        k = _key(i.code)
        put("indicator", k, "title", i.title)
        for t in i.targets:
            put("indicator", k, f"target {t.period}", t.value.text)
    for r in plan.risks:
        put("risk", r.id, "title", r.title)
        for assessment in r.assessments:
            put("risk", r.id, f"{assessment.kind.value} score", assessment.score)
    for table in plan.budgets:
        blines = [("", x) for x in table.lines] + ([("total ", table.total)] if table.total else [])
        for prefix, line in blines:
            k = prefix + _key(line.label)
            put("budget", k, "label", line.label)
            for name in ("gross", "net", "staffing"):
                money = getattr(line, name)
                put("budget", k, name, money.amount if money is not None else None)
    for staff in plan.staffing:
        slines = [("", x) for x in staff.lines] + ([("total ", staff.total)] if staff.total else [])
        for prefix, sline in slines:
            k = prefix + _key(sline.label)
            put("staffing", k, "label", sline.label)
            put("staffing", k, "posts", sline.posts)
            put("staffing", k, "fte", sline.fte)
    for s in plan.savings:
        for amount in s.amounts:
            if amount.target is not None:
                put("saving", f"{amount.year} {amount.target.amount}", "target", amount.target.amount)
    return out


@attrs.frozen(kw_only=True)
class FieldScore:
    """How an imported plan agrees with a reference, field by field."""

    expected: int  #: fields in the reference
    recovered: int  #: fields in the import (of the compared kinds)
    right: int  #: fields of the import equal to the reference's
    missing: tuple[FieldKey, ...]  #: reference fields not recovered, or recovered with another value
    wrong: tuple[FieldKey, ...]  #: import fields that differ from, or are absent in, the reference

    @property
    def recall(self) -> float:
        """Share of the reference's fields recovered with an equal value."""
        return self.right / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        """Share of the import's fields that are right."""
        return self.right / self.recovered if self.recovered else 1.0

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """Per kind of field: (missing, wrong)."""
        kinds = sorted({k[0] for k in (*self.missing, *self.wrong)})
        return {k: (sum(m[0] == k for m in self.missing), sum(w[0] == k for w in self.wrong)) for k in kinds}


def field_agreement(reference: ServicePlan, imported: ServicePlan) -> FieldScore:
    """Compare an imported plan with a reference (hand-made) plan, field by field."""
    want = plan_fields(reference)
    got = plan_fields(imported)
    right = {k for k, v in got.items() if want.get(k) == v}
    return FieldScore(
        expected=len(want),
        recovered=len(got),
        right=len(right),
        missing=tuple(sorted(k for k in want if k not in right)),
        wrong=tuple(sorted(k for k in got if k not in right)),
    )
