"""Public typing helpers: the :class:`Serialiser` protocol and aliases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:
    from serviceplan.model import PlanSet, ServicePlan

__all__ = ["BinaryFormat", "PlanLike", "Serialiser", "TextFormat"]

PlanLike: TypeAlias = "ServicePlan | PlanSet"
"""What serialisers read and write: one plan or a set of plans."""

TextFormat: TypeAlias = Literal["json", "yaml", "markdown"]
"""The built-in formats whose ``dumps`` gives ``str``: ``serviceplan.dumps(plan, format="json")`` is typed ``str``."""

BinaryFormat: TypeAlias = Literal["csv", "parquet", "excel"]
"""The built-in formats whose ``dumps`` gives ``bytes`` (a zip bundle, a workbook)."""


@runtime_checkable
class Serialiser(Protocol):
    """What a format must provide to be registered.

    ``name`` is what ``format=`` takes; ``suffixes`` are the file suffixes it
    claims (".json"); ``binary`` says whether ``dumps`` returns bytes.
    ``loads`` receives ``bytes``; ``dumps`` returns ``str`` or ``bytes``.
    """

    name: str
    suffixes: tuple[str, ...]
    binary: bool

    def loads(self, data: bytes, *, source: str | None = None) -> PlanLike: ...

    def dumps(self, plan: PlanLike) -> str | bytes: ...
