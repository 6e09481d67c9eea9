"""Risk matrices as data: scales of likelihood and impact, a scoring rule, and bands.

A council's risk matrix is data, not code: a likelihood scale and an impact
scale (levels with a number, a code such as "4" or "B", a label and a
descriptor), a scoring rule (likelihood × impact by default), and bands that
name and colour the scores — by score range, or one band per cell for
matrices whose colours are not a function of the product.

Presets for common shapes ship with the library (:func:`risk_matrix`,
:func:`available_risk_matrices`); any council's own matrix loads from a dict
or YAML with :meth:`RiskMatrix.from_dict`.

>>> m = risk_matrix("5x5")
>>> m.score(4, "Major"), m.band("Likely", 4).name
(16, 'High')
>>> m.band_for_score(5).name
'Medium'
"""

from __future__ import annotations

import enum
import functools
import numbers
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import cattrs

from serviceplan import _hooks
from serviceplan._optional import require
from serviceplan._strict import problems_of, strict_converter
from serviceplan.errors import LevelError, MatrixError, NotFoundError
from serviceplan.model import Assessment
from serviceplan.model._base import ident, optional_text, seq, text
from serviceplan.values._text import normalise_space

__all__ = [
    "Band",
    "Level",
    "RiskMatrix",
    "Scale",
    "ScoringRule",
    "available_risk_matrices",
    "band",
    "risk_matrix",
    "score",
]


@attrs.frozen(kw_only=True)
class Level:
    """One step of a scale: ``Level(number=4, code="4", label="Likely")``."""

    number: int
    code: str = ident()
    label: str = text()
    descriptor: str | None = optional_text()


def _key(value: str) -> str:
    return normalise_space(value).casefold()


@attrs.frozen(kw_only=True)
class Scale:
    """A likelihood or impact scale: levels numbered 1..n, lowest first.

    A level is found by its number (4), its code ("4", "B") or its label
    ("Likely"); codes and labels match without regard to case or spacing.
    """

    name: str = text()
    levels: tuple[Level, ...] = seq()
    _lookup: dict[str, Level] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise MatrixError(f"the {self.name} scale has no levels")
        numbers_seen = [level.number for level in self.levels]
        if numbers_seen != list(range(1, len(self.levels) + 1)):
            raise MatrixError(
                f"the {self.name} scale must number its levels 1..{len(self.levels)} in order, not {numbers_seen}"
            )
        for level in self.levels:
            for key in {_key(level.code), _key(level.label)}:
                other = self._lookup.get(key)
                if other is not None and other is not level:
                    raise MatrixError(
                        f"the {self.name} scale uses {key!r} for levels {other.number} and {level.number}"
                    )
                self._lookup[key] = level

    def __len__(self) -> int:
        return len(self.levels)

    def __iter__(self) -> Iterator[Level]:
        return iter(self.levels)

    def level(self, value: object) -> Level:
        """The level named by a number, code or label.

        Raises:
            LevelError: a value that names no level (0, 9, 2.5, "Likley", True).
        """
        if type(value) is int and 0 < value <= len(self.levels):  # the common case, first
            return self.levels[value - 1]
        if isinstance(value, bool):
            raise LevelError(f"{self.name} {value!r} is not a level")
        if isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer()):
            number = int(value)
            if 1 <= number <= len(self.levels):
                return self.levels[number - 1]
            raise LevelError(f"{self.name} {value!r} is outside the scale 1..{len(self.levels)}")
        if isinstance(value, str):
            found = self._lookup.get(_key(value))
            if found is not None:
                return found
            if value.strip().isascii() and value.strip().isdigit():  # not "٣" or "²"
                return self.level(int(value.strip()))
            known = ", ".join(f"{lv.code} {lv.label}" for lv in self.levels)
            raise LevelError(f"{self.name} {value!r} names no level (levels: {known})")
        raise LevelError(f"{self.name} {value!r} is not a level: expected a whole number, a code or a label")


@attrs.frozen(kw_only=True)
class Band:
    """A named, coloured group of scores: ``Band(name="High", colour="#c00000", min_score=12, max_score=25)``.

    Matrices with a band per cell leave ``min_score`` and ``max_score`` out.
    """

    name: str = ident()
    colour: str = text()
    min_score: int | None = None
    max_score: int | None = None

    def __contains__(self, score: object) -> bool:
        return (
            isinstance(score, int)
            and self.min_score is not None
            and self.max_score is not None
            and self.min_score <= score <= self.max_score
        )


class ScoringRule(enum.StrEnum):
    """How a matrix turns likelihood and impact into a score."""

    PRODUCT = "product"  #: likelihood × impact
    SUM = "sum"  #: likelihood + impact


@attrs.frozen(kw_only=True)
class RiskMatrix:
    """A risk matrix: two scales, a scoring rule and bands.

    Validated on construction: scales are non-empty and numbered in order,
    band names are unique, and every cell falls in exactly one band (by score
    range, or through ``cells``, one band name per likelihood row and impact
    column, lowest likelihood first).
    """

    name: str = ident()
    likelihood: Scale
    impact: Scale
    bands: tuple[Band, ...] = seq()
    rule: ScoringRule = ScoringRule.PRODUCT
    cells: tuple[tuple[str, ...], ...] | None = None
    appetite: int | None = None  #: the highest score the council accepts without further action
    source: str | None = optional_text()  #: the document the matrix follows
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise MatrixError(f"matrix {self.name!r} has no bands")
        names = [b.name for b in self.bands]
        if len(set(names)) != len(names):
            raise MatrixError(f"matrix {self.name!r} repeats a band name: {names}")
        by_name = {b.name: b for b in self.bands}
        grid: list[list[Band]] = []
        problems: list[str] = []
        if self.cells is not None:
            if len(self.cells) != len(self.likelihood) or any(len(row) != len(self.impact) for row in self.cells):
                shape = f"{len(self.likelihood)} rows of {len(self.impact)} band names"
                raise MatrixError(f"matrix {self.name!r}: cells must have {shape}")
            for row in self.cells:
                unknown = [name for name in row if name not in by_name]
                if unknown:
                    raise MatrixError(f"matrix {self.name!r}: cells name unknown bands {unknown}")
                grid.append([by_name[name] for name in row])
        else:
            for band in self.bands:
                if band.min_score is None or band.max_score is None or band.min_score > band.max_score:
                    raise MatrixError(f"matrix {self.name!r}: band {band.name!r} needs min_score <= max_score")
            for lk in self.likelihood:
                cells_of_row: list[Band] = []
                for im in self.impact:
                    score = self._rule(lk.number, im.number)
                    matches = [b for b in self.bands if score in b]
                    if len(matches) != 1:
                        where = "no band (a gap)" if not matches else f"{len(matches)} bands (an overlap)"
                        problems.append(f"{lk.label} × {im.label} = {score} falls in {where}")
                        continue
                    cells_of_row.append(matches[0])
                grid.append(cells_of_row)
            if problems:
                raise MatrixError(f"matrix {self.name!r}: " + "; ".join(problems))
        self._cache["grid"] = grid
        if self.appetite is not None and not isinstance(self.appetite, int):
            raise MatrixError(f"matrix {self.name!r}: appetite must be a whole-number score")

    # -- scalar scoring ------------------------------------------------------------

    def _rule(self, likelihood: int, impact: int) -> int:
        if self.rule is ScoringRule.SUM:
            return likelihood + impact
        return likelihood * impact

    def score(self, likelihood: object, impact: object) -> int:
        """The score of a likelihood and an impact, each a number, code or label.

        Raises:
            LevelError: either names no level.
        """
        return self._rule(self.likelihood.level(likelihood).number, self.impact.level(impact).number)

    def band(self, likelihood: object, impact: object) -> Band:
        """The band of a likelihood and an impact."""
        grid: list[list[Band]] = self._cache["grid"]
        return grid[self.likelihood.level(likelihood).number - 1][self.impact.level(impact).number - 1]

    def band_for_score(self, score: int) -> Band:
        """The band of a score alone (old registers print just "16").

        Raises:
            LevelError: a score no cell of this matrix has, or (for a matrix with
                a band per cell) one whose cells fall in different bands.
        """
        bands = {
            self.band(lk.number, im.number).name
            for lk in self.likelihood
            for im in self.impact
            if self._rule(lk.number, im.number) == score
        }
        if isinstance(score, bool) or not isinstance(score, int) or not bands:
            raise LevelError(f"score {score!r} is not a score of matrix {self.name!r}")
        if len(bands) > 1:
            raise LevelError(f"score {score} falls in bands {sorted(bands)} of matrix {self.name!r}: give the levels")
        (name,) = bands
        return next(b for b in self.bands if b.name == name)

    def score_assessment(self, assessment: Assessment) -> int | None:
        """The score of an assessment: from its levels, else its recorded score; ``None`` when not scored.

        Raises:
            LevelError: levels outside this matrix, or a recorded score that
                contradicts the levels.
        """
        if assessment.likelihood is not None and assessment.impact is not None:
            score = self.score(assessment.likelihood, assessment.impact)
            if assessment.score is not None and assessment.score != score:
                raise LevelError(
                    f"recorded score {assessment.score} is not {assessment.likelihood} × {assessment.impact} = {score} "
                    f"on matrix {self.name!r}"
                )
            return score
        return assessment.score

    def band_assessment(self, assessment: Assessment) -> Band | None:
        """The band of an assessment, or ``None`` when it is not scored."""
        if assessment.likelihood is not None and assessment.impact is not None:
            self.score_assessment(assessment)
            return self.band(assessment.likelihood, assessment.impact)
        if assessment.score is not None:
            return self.band_for_score(assessment.score)
        return None

    # -- tables for the vectorised path ---------------------------------------------------

    def tables(self) -> tuple[Any, Any]:
        """Score and band-index lookup tables as NumPy arrays, indexed ``[likelihood, impact]``.

        Row and column 0 hold -1 (no level 0). Built once per matrix.
        """
        cached = self._cache.get("tables")
        if cached is None:
            np = require("numpy")

            shape = (len(self.likelihood) + 1, len(self.impact) + 1)
            scores = np.full(shape, -1, dtype=np.int16)
            band_index = np.full(shape, -1, dtype=np.int8)
            position = {b.name: n for n, b in enumerate(self.bands)}
            for lk in self.likelihood:
                for im in self.impact:
                    scores[lk.number, im.number] = self._rule(lk.number, im.number)
                    band_index[lk.number, im.number] = position[self.band(lk.number, im.number).name]
            scores.setflags(write=False)
            band_index.setflags(write=False)
            cached = (scores, band_index)
            self._cache["tables"] = cached
        return cached

    @property
    def band_names(self) -> tuple[str, ...]:
        """Band names, lowest first: the categories of a ``band`` column."""
        return tuple(b.name for b in self.bands)

    # -- data ----------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RiskMatrix:
        """Build a matrix from plain data (as :meth:`to_dict` writes it, or a council's YAML).

        Raises:
            MatrixError: the definition is incomplete or contradicts itself; lists every problem with its path.
        """
        try:
            return _converter().structure(data, cls)
        except MatrixError:
            raise
        except Exception as exc:
            found = problems_of(exc)
            matrix_errors = [p for p in found if "matrix" in p.message or "scale" in p.message]
            detail = "; ".join(str(p) for p in (matrix_errors or found))
            raise MatrixError(f"cannot read risk matrix: {detail}") from exc

    def to_dict(self) -> dict[str, Any]:
        """The matrix as plain data (YAML- and JSON-friendly)."""
        data: dict[str, Any] = _converter().unstructure(self)
        return data

    # -- notebooks -----------------------------------------------------------------------

    def _repr_html_(self) -> str:
        return _hooks.html(self)


@functools.cache
def _converter() -> cattrs.Converter:
    """The strict converter of plan files' rules, for matrices (built on first use)."""
    return strict_converter()


# -- presets ---------------------------------------------------------------------------

_GREEN, _AMBER, _RED, _DARK_RED = "#70ad47", "#ffc000", "#ff0000", "#c00000"


def _scale(name: str, labels: list[str], codes: list[str] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "levels": [
            {"number": n, "code": codes[n - 1] if codes else str(n), "label": label}
            for n, label in enumerate(labels, start=1)
        ],
    }


_PRESETS: dict[str, dict[str, Any]] = {
    "5x5": {
        "name": "5x5",
        "likelihood": _scale("likelihood", ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]),
        "impact": _scale("impact", ["Insignificant", "Minor", "Moderate", "Major", "Catastrophic"]),
        "bands": [
            {"name": "Low", "colour": _GREEN, "min_score": 1, "max_score": 4},
            {"name": "Medium", "colour": _AMBER, "min_score": 5, "max_score": 11},
            {"name": "High", "colour": _RED, "min_score": 12, "max_score": 25},
        ],
        "source": (
            "The common UK public-sector 5 × 5 likelihood × impact product matrix (Rare … Almost certain × "
            "Insignificant … Catastrophic; Low 1–4, Medium 5–10, High 12–25). Salford's 2009/12 business plan "
            "(seed 003, section 8) scores its register on such a scale: its scores 5 and 10 exist only on a 5 × 5."
        ),
    },
    "4x4": {
        "name": "4x4",
        "likelihood": _scale("likelihood", ["Low", "Medium", "High", "Severe"]),
        "impact": _scale("impact", ["Low", "Medium", "High", "Severe"]),
        "bands": [
            {"name": "Low", "colour": _GREEN, "min_score": 1, "max_score": 3},
            {"name": "Medium", "colour": _AMBER, "min_score": 4, "max_score": 7},
            {"name": "High", "colour": _RED, "min_score": 8, "max_score": 16},
        ],
        "source": (
            "The 4 × 4 grid of public-sector risk management handbooks (likelihood and impact each Low, Medium, "
            "High, Severe; rating = likelihood × impact, 1–16, coloured green, amber and red), chosen over 3 × 3 "
            "because it leaves no middle ground to plump for."
        ),
    },
    "as4360": {
        "name": "as4360",
        "likelihood": _scale(
            "likelihood", ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"], ["E", "D", "C", "B", "A"]
        ),
        "impact": _scale("impact", ["Insignificant", "Minor", "Moderate", "Major", "Catastrophic"]),
        "bands": [
            {"name": "Low", "colour": _GREEN},
            {"name": "Moderate", "colour": _AMBER},
            {"name": "High", "colour": _RED},
            {"name": "Extreme", "colour": _DARK_RED},
        ],
        "cells": [
            # rows: likelihood E (Rare) … A (Almost certain); columns: impact 1 … 5
            ["Low", "Low", "Moderate", "High", "High"],
            ["Low", "Low", "Moderate", "High", "Extreme"],
            ["Low", "Moderate", "High", "Extreme", "Extreme"],
            ["Moderate", "High", "High", "Extreme", "Extreme"],
            ["High", "High", "Extreme", "Extreme", "Extreme"],
        ],
        "source": (
            "The qualitative risk analysis matrix of AS/NZS 4360:2004 (Risk management) and its handbook HB 436: "
            "likelihood lettered A (almost certain) to E (rare), consequence 1 (insignificant) to 5 (catastrophic), "
            "and a level of risk (Low, Moderate, High, Extreme) for each cell that is not a function of a product."
        ),
    },
}


def available_risk_matrices() -> tuple[str, ...]:
    """Names of the preset matrices.

    >>> available_risk_matrices()
    ('4x4', '5x5', 'as4360')
    """
    return tuple(sorted(_PRESETS))


def risk_matrix(name: str) -> RiskMatrix:
    """A preset matrix by name; each preset's ``source`` names the document it follows.

    * ``"5x5"``: Rare … Almost certain × Insignificant … Catastrophic, product, Low/Medium/High.
    * ``"4x4"``: Low … Severe × Low … Severe, product, Low/Medium/High.
    * ``"as4360"``: letters A–E × 1–5 with a band per cell (Low/Moderate/High/Extreme).

    Raises:
        NotFoundError: no preset of that name.
    """
    cached = _BUILT.get(name)
    if cached is None:
        if name not in _PRESETS:
            raise NotFoundError(f"no risk matrix named {name!r}; available: {', '.join(available_risk_matrices())}")
        cached = RiskMatrix.from_dict(_PRESETS[name])
        _BUILT[name] = cached
    return cached


_BUILT: dict[str, RiskMatrix] = {}


def _matrix(matrix: RiskMatrix | str) -> RiskMatrix:
    return matrix if isinstance(matrix, RiskMatrix) else risk_matrix(matrix)


def score(likelihood: object, impact: object, matrix: RiskMatrix | str = "5x5") -> int:
    """The score of one likelihood and impact on a matrix (a :class:`RiskMatrix` or a preset's name).

    The scalar form of :func:`serviceplan.risk.score_array` and
    :func:`serviceplan.risk.score_frame`: the same rule for one pair.

    >>> score(4, 4), score("Likely", "Major"), score(4, 4, "4x4")
    (16, 16, 16)

    Raises:
        LevelError: a likelihood or impact that names no level of the matrix.
        NotFoundError: no preset of that name.
    """
    return _matrix(matrix).score(likelihood, impact)


def band(likelihood: object, impact: object, matrix: RiskMatrix | str = "5x5") -> Band:
    """The band of one likelihood and impact on a matrix (a :class:`RiskMatrix` or a preset's name).

    >>> band(4, 4).name, band("B", 5, "as4360").name
    ('High', 'Extreme')

    Raises:
        LevelError: a likelihood or impact that names no level of the matrix.
        NotFoundError: no preset of that name.
    """
    return _matrix(matrix).band(likelihood, impact)
