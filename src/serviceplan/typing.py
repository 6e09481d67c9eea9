"""Public typing helpers: the :class:`Serialiser` protocol and aliases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:
    from serviceplan.model import PlanSet, ServicePlan

__all__ = ["PlanLike", "Serialiser"]

PlanLike: TypeAlias = "ServicePlan | PlanSet"
"""What serialisers read and write: one plan or a set of plans."""


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
