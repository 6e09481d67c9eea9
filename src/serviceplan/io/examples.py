"""The bundled example plans: the five seed documents, transcribed.

In an installed wheel they live in ``serviceplan/example_plans/``; in a source
checkout (an editable install) they are read from the repository's
``examples/`` folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from serviceplan.errors import NotFoundError

__all__ = ["DEFAULT_EXAMPLE", "available_examples", "example_path"]

DEFAULT_EXAMPLE = "salford-2009-12"
"""The example ``python -m serviceplan report`` shows with no file: Salford's 2009/12 business plan."""


def _folder() -> Path:
    packaged = Path(str(resources.files("serviceplan"))) / "example_plans"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "examples"


def available_examples() -> tuple[str, ...]:
    """Names of the bundled example plans.

    >>> "salford-2009-12" in available_examples()
    True
    """
    return tuple(sorted(p.stem for p in _folder().glob("*.yaml")))


def example_path(name: str = DEFAULT_EXAMPLE) -> Path:
    """The file of a bundled example plan.

    Raises:
        NotFoundError: no example of that name (a LookupError).
    """
    path = _folder() / f"{name}.yaml"
    if not path.is_file():
        raise NotFoundError(f"no example named {name!r}; available: {', '.join(available_examples())}")
    return path
