"""The error tree of serviceplan.

Every exception the library raises on purpose derives from
:class:`ServicePlanError` *and* from the builtin it most resembles, so callers
can catch either::

    ServicePlanError (Exception)
    ├── ParseError (ValueError)            text that cannot be read: 'Marhc 2011'
    ├── ModelError (ValueError)            an object that breaks its own invariants
    ├── LoadError (ValueError)             a file or data that cannot become a plan;
    │   │                                  carries every problem with its path
    │   └── LimitError                     input over a size or nesting limit
    ├── MatrixError (ValueError)           a risk matrix definition with gaps, overlaps or empty scales
    ├── LevelError (ValueError)            a likelihood or impact that names no level of the matrix
    │   └── RiskInputError                 bad rows in a vectorised scoring: how many, where, what
    ├── NotFoundError (LookupError)        no example (or other named thing) of that name
    │   └── UnknownFormatError             no serialiser of that name or suffix
    ├── SerialiserExistsError (ValueError) registering a name that is taken
    └── MissingDependencyError (ImportError)  an optional extra is not installed

All of them pickle (Dask and multiprocessing workers pickle exceptions); a
test proves it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "DumpError",
    "LevelError",
    "LimitError",
    "LoadError",
    "MatrixError",
    "MissingDependencyError",
    "ModelError",
    "NotFoundError",
    "ParseError",
    "Problem",
    "RiskInputError",
    "SerialiserExistsError",
    "ServicePlanError",
    "UnknownFormatError",
]


class ServicePlanError(Exception):
    """Root of every error serviceplan raises on purpose."""


class ParseError(ServicePlanError, ValueError):
    """Text that a value type cannot read.

    Args:
        what: what was being read ("deadline", "money", "financial year").
        text: the offending text, quoted in the message.
        reason: optional detail.

    >>> str(ParseError("deadline", "Marhc 2011"))
    "cannot read deadline 'Marhc 2011'"
    """

    def __init__(self, what: str, text: str, reason: str | None = None) -> None:
        self.what = what
        self.text = text
        self.reason = reason
        message = f"cannot read {what} {text!r}"
        if reason:
            message += f": {reason}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, str, str | None]]:
        return (type(self), (self.what, self.text, self.reason))


class ModelError(ServicePlanError, ValueError):
    """An object whose own fields contradict each other (likelihood and impact not given together)."""


@attrs.frozen
class Problem:
    """One problem found while loading: where it is and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class LoadError(ServicePlanError, ValueError):
    """Data that cannot become a plan. Lists every problem with its path.

    >>> err = LoadError([Problem("actions[3].deadline", "cannot read deadline 'Marhc 2011'")])
    >>> print(err)
    1 problem loading plan:
      actions[3].deadline: cannot read deadline 'Marhc 2011'
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} loading plan"
        if source:
            head += f" from {source}"
        lines = [head + ":"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type[LoadError], tuple[tuple[Problem, ...], str | None]]:
        return (type(self), (self.problems, self.source))


class LimitError(LoadError):
    """Input larger or more deeply nested than the loader accepts."""


class MatrixError(ServicePlanError, ValueError):
    """A risk matrix whose definition contradicts itself: gaps, overlaps, empty or unordered scales."""


class LevelError(ServicePlanError, ValueError):
    """A likelihood or impact that names no level of the matrix (9 on a 1..5 scale, "Likley")."""


class RiskInputError(LevelError):
    """Bad rows in a vectorised scoring: how many, and the first few positions and values.

    >>> err = RiskInputError("likelihood", 3, ((4, 9), (17, "Likley"), (20, 2.5)), "5x5")
    >>> print(err)
    3 bad likelihood values for matrix '5x5'; first at rows 4 (9), 17 ('Likley'), 20 (2.5)
    """

    def __init__(self, column: str, count: int, examples: tuple[tuple[int, object], ...], matrix: str) -> None:
        self.column = column
        self.count = count
        self.examples = tuple(examples)
        self.matrix = matrix
        shown = ", ".join(f"{row} ({value!r})" for row, value in self.examples)
        plural = "s" if count != 1 else ""
        rows = "rows" if len(self.examples) > 1 else "row"
        super().__init__(f"{count} bad {column} value{plural} for matrix {matrix!r}; first at {rows} {shown}")

    def __reduce__(self) -> tuple[type[RiskInputError], tuple[str, int, tuple[tuple[int, object], ...], str]]:
        return (type(self), (self.column, self.count, self.examples, self.matrix))


class NotFoundError(ServicePlanError, LookupError):
    """Nothing of that name: an example plan, a preset."""


class UnknownFormatError(NotFoundError):
    """No serialiser is registered under that name or for that file suffix."""


class SerialiserExistsError(ServicePlanError, ValueError):
    """A serialiser of that name is already registered (pass ``replace=True``)."""


class DumpError(ServicePlanError, OSError):
    """A plan cannot be written where asked: the place holds something that is not a plan to replace."""


class MissingDependencyError(ServicePlanError, ImportError):
    """An optional dependency is missing; the message says which extra to install."""
