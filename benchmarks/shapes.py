"""The same plan shape in msgspec and pydantic v2, for same-process baselines (benchmarks only).

Each baseline models the parts of a plan the benchmark plan uses: actions with
a deadline, resourcing, links and progress updates; priorities; risks with
assessments. Text stays text in every baseline: they decode and validate the
same JSON document that serviceplan reads.
"""

from __future__ import annotations

import msgspec
import pydantic


class MsResourcing(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    status: str
    text: str | None = None


class MsLink(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    name: str
    indicator: str | None = None


class MsUpdate(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    period: str
    text: str
    by: str | None = None


class MsAction(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    id: str
    title: str
    number: str | None = None
    priorities: list[str] = []
    deadline: str | None = None
    lead_officer: str | None = None
    delegate: str | None = None
    resourcing: MsResourcing | None = None
    outcome: str | None = None
    risks: list[str] = []
    links: list[MsLink] = []
    updates: list[MsUpdate] = []


class MsPriority(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    id: str
    title: str
    why: str | None = None


class MsAssessment(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    kind: str
    likelihood: int | None = None
    impact: int | None = None
    score: int | None = None


class MsRisk(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    id: str
    title: str
    owner: str | None = None
    assessments: list[MsAssessment] = []


class MsPlan(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    format_version: int
    kind: str
    id: str
    title: str
    council: str | None = None
    years: list[str] = []
    priorities: list[MsPriority] = []
    actions: list[MsAction] = []
    risks: list[MsRisk] = []


class _Strict(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", strict=True, frozen=True)


class PdResourcing(_Strict):
    status: str
    text: str | None = None


class PdLink(_Strict):
    name: str
    indicator: str | None = None


class PdUpdate(_Strict):
    period: str
    text: str
    by: str | None = None


class PdAction(_Strict):
    id: str
    title: str
    number: str | None = None
    priorities: tuple[str, ...] = ()
    deadline: str | None = None
    lead_officer: str | None = None
    delegate: str | None = None
    resourcing: PdResourcing | None = None
    outcome: str | None = None
    risks: tuple[str, ...] = ()
    links: tuple[PdLink, ...] = ()
    updates: tuple[PdUpdate, ...] = ()


class PdPriority(_Strict):
    id: str
    title: str
    why: str | None = None


class PdAssessment(_Strict):
    kind: str
    likelihood: int | None = None
    impact: int | None = None
    score: int | None = None


class PdRisk(_Strict):
    id: str
    title: str
    owner: str | None = None
    assessments: tuple[PdAssessment, ...] = ()


class PdPlan(_Strict):
    format_version: int
    kind: str
    id: str
    title: str
    council: str | None = None
    years: tuple[str, ...] = ()
    priorities: tuple[PdPriority, ...] = ()
    actions: tuple[PdAction, ...] = ()
    risks: tuple[PdRisk, ...] = ()


def msgspec_round_trip(data: bytes) -> bytes:
    plan = msgspec.json.decode(data, type=MsPlan)
    return msgspec.json.encode(plan)


def pydantic_round_trip(data: bytes) -> bytes:
    plan = PdPlan.model_validate_json(data)
    return plan.model_dump_json(exclude_defaults=True).encode()
