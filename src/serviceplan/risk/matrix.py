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
import importlib.resources
import json
import numbers
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.resources.abc import Traversable
from typing import Any

import attrs
import cattrs

from serviceplan import _hooks
from serviceplan._optional import require
from serviceplan._strict import problems_of, strict_converter
from serviceplan.errors import LevelError, MatrixError, NotFoundError
from serviceplan.model import Assessment
from serviceplan.model._base import check_ident, check_optional_text, check_text, tuple_of
from serviceplan.values._text import normalise_space
from serviceplan.values.levels import MAX_BANDS, MAX_LEVELS

__all__ = [
    "MAX_BANDS",
    "MAX_LEVELS",
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
    code: str = attrs.field(validator=check_ident)
    label: str = attrs.field(validator=check_text)
    descriptor: str | None = attrs.field(default=None, validator=check_optional_text)


def _key(value: str) -> str:
    return normalise_space(value).casefold()


@attrs.frozen(kw_only=True)
class Scale:
    """A likelihood or impact scale: levels numbered 1..n, lowest first.

    n is at most :data:`~serviceplan.values.levels.MAX_LEVELS` (12).

    A level is found by its number (4), its code ("4", "B") or its label
    ("Likely"); codes and labels match without regard to case or spacing.

    Raises:
        MatrixError: no levels, more than :data:`~serviceplan.values.levels.MAX_LEVELS`, numbers out of
            order, or one code or label for two levels.
    """

    name: str = attrs.field(validator=check_text)
    levels: tuple[Level, ...] = attrs.field(factory=tuple, converter=tuple_of[Level])
    _lookup: dict[str, Level] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise MatrixError(f"the {self.name} scale has no levels")
        if len(self.levels) > MAX_LEVELS:
            raise MatrixError(
                f"the {self.name} scale has {len(self.levels)} levels; the largest scale the library accepts has "
                f"{MAX_LEVELS}"
            )
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

    name: str = attrs.field(validator=check_ident)
    colour: str = attrs.field(validator=check_text)
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

    Validated on construction: scales are non-empty, numbered in order and at
    most :data:`~serviceplan.values.levels.MAX_LEVELS` long; band names are unique (at most
    :data:`~serviceplan.values.levels.MAX_BANDS`), listed lowest first; and every cell falls in exactly
    one band (by score range, or through ``cells``, one band name per
    likelihood row and impact column, lowest likelihood first). Score-range
    bands must be listed in ascending order of score, so that band order and
    score order agree.

    **How risks are ordered.** A risk is more severe when its band is higher
    (later in ``bands``), and, within one band, when its score is higher
    (:meth:`severity`). On a score-range matrix that is simply score order; on
    a matrix with a band per cell (``as4360``) the band decides, because the
    score of such a matrix is only a product of the levels, not its ranking.
    Ranking, appetite and movement all use this one order.

    ``appetite`` is the highest score accepted without further action, or the
    name of the highest band accepted; a matrix with a band per cell takes a
    band name only (its scores do not order risks).
    """

    name: str = attrs.field(validator=check_ident)
    likelihood: Scale
    impact: Scale
    bands: tuple[Band, ...] = attrs.field(factory=tuple, converter=tuple_of[Band])
    rule: ScoringRule = ScoringRule.PRODUCT
    cells: tuple[tuple[str, ...], ...] | None = None
    appetite: int | str | None = None  #: the highest score (or band name) accepted without further action
    source: str | None = attrs.field(default=None, validator=check_optional_text)  #: the document the matrix follows
    _cache: dict[str, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise MatrixError(f"matrix {self.name!r} has no bands")
        if len(self.bands) > MAX_BANDS:
            raise MatrixError(f"matrix {self.name!r} has {len(self.bands)} bands; the library accepts {MAX_BANDS}")
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
            previous: Band | None = None
            for band in self.bands:
                if band.min_score is None or band.max_score is None or band.min_score > band.max_score:
                    raise MatrixError(f"matrix {self.name!r}: band {band.name!r} needs min_score <= max_score")
                if previous is not None and previous.max_score is not None and band.min_score <= previous.max_score:
                    overlap = previous.min_score is not None and band.max_score >= previous.min_score
                    raise MatrixError(
                        f"matrix {self.name!r}: band {band.name!r} ({band.min_score}-{band.max_score}) "
                        + (
                            f"and band {previous.name!r} ({previous.min_score}-{previous.max_score}) share scores "
                            "(an overlap)"
                            if overlap
                            else f"comes after band {previous.name!r} ({previous.min_score}-{previous.max_score}): "
                            "list score bands lowest first"
                        )
                    )
                previous = band
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
        self._cache["position"] = {b.name: n for n, b in enumerate(self.bands)}
        if self.appetite is not None:
            try:
                self.appetite_of(self.appetite)
            except LevelError as err:
                raise MatrixError(f"matrix {self.name!r}: {err}") from None

    @property
    def banded_by_cell(self) -> bool:
        """Whether the bands come from ``cells`` (one band per cell) rather than score ranges."""
        return self.cells is not None

    def band_position(self, band: Band | str) -> int:
        """The position of a band (or band name) in ``bands``, lowest first.

        Raises:
            LevelError: no band of that name on this matrix.
        """
        name = band.name if isinstance(band, Band) else band
        position: dict[str, int] = self._cache["position"]
        found = position.get(name) if isinstance(name, str) else None
        if found is None:
            raise LevelError(f"{name!r} is not a band of matrix {self.name!r} (bands: {', '.join(self.band_names)})")
        return found

    def appetite_of(self, appetite: object) -> tuple[int, int]:
        """An appetite as the :meth:`severity` of the most severe risk it accepts.

        A whole-number score accepts every risk whose score is at most it (on a
        score-range matrix); a band name accepts every risk in that band or a
        lower one.

        Raises:
            LevelError: not a whole number or a band name of this matrix (``4.5``,
                ``True``, ``"Hihg"``), or a score on a matrix with a band per cell.
        """
        if isinstance(appetite, str):
            if appetite not in self._cache["position"]:
                raise LevelError(
                    f"appetite {appetite!r} is neither a whole number (a score) nor a band name of matrix "
                    f"{self.name!r} (bands: {', '.join(self.band_names)})"
                )
            return (self.band_position(appetite), _NO_LIMIT)
        if isinstance(appetite, bool) or not isinstance(appetite, numbers.Integral):
            raise LevelError(
                f"appetite {appetite!r} is neither a whole number (a score) nor a band name of matrix {self.name!r}"
            )
        if self.banded_by_cell:
            raise LevelError(
                f"appetite {appetite!r} is a score, but matrix {self.name!r} gives each cell its band, so its scores "
                f"do not order risks: give a band name ({', '.join(self.band_names)})"
            )
        value = int(appetite)
        below = [n for n, b in enumerate(self.bands) if b.min_score is not None and b.min_score <= value]
        return (below[-1], value) if below else (-1, value)

    def severity(self, assessment: Assessment) -> tuple[int, int] | None:
        """How severe an assessment is on this matrix: (band position, score); ``None`` when not scored.

        Compare severities to rank risks or to tell which way one moved: the
        band decides, then the score (see the class notes).

        Raises:
            LevelError: levels or a score alone that this matrix does not have.
        """
        band = self.band_assessment(assessment)
        score = self.score_assessment(assessment)
        if band is None or score is None:
            return None
        return (self.band_position(band), score)

    # -- scalar scoring ------------------------------------------------------------

    def _rule(self, likelihood: int, impact: int) -> int:
        if self.rule is ScoringRule.SUM:
            return likelihood + impact
        return likelihood * impact

    def _cells(self) -> tuple[tuple[tuple[int, Band] | None, ...], ...]:
        """``cells[l][i]``: the score and band of level numbers ``l`` and ``i``, ``None`` off the matrix.

        Indexed by every level number an assessment can hold (0 to MAX_LEVELS), so a
        lookup never raises; built once per matrix, the scalar path's one table.
        """
        cached = self._cache.get("cells")
        if cached is None:
            grid: list[list[Band]] = self._cache["grid"]
            n_lk, n_im = len(self.likelihood), len(self.impact)
            cached = tuple(
                tuple(
                    (self._rule(lk, im), grid[lk - 1][im - 1]) if 1 <= lk <= n_lk and 1 <= im <= n_im else None
                    for im in range(MAX_LEVELS + 1)
                )
                for lk in range(MAX_LEVELS + 1)
            )
            self._cache["cells"] = cached
        return cached

    def score(self, likelihood: object, impact: object) -> int:
        """The score of a likelihood and an impact, each a number, code or label.

        Raises:
            LevelError: either names no level.
        """
        if type(likelihood) is int and type(impact) is int and 0 < likelihood <= MAX_LEVELS >= impact > 0:
            found = self._cells()[likelihood][impact]
            if found is not None:
                return found[0]
        return self._rule(self.likelihood.level(likelihood).number, self.impact.level(impact).number)

    def band(self, likelihood: object, impact: object) -> Band:
        """The band of a likelihood and an impact."""
        if type(likelihood) is int and type(impact) is int and 0 < likelihood <= MAX_LEVELS >= impact > 0:
            found = self._cells()[likelihood][impact]
            if found is not None:
                return found[1]
        grid: list[list[Band]] = self._cache["grid"]
        return grid[self.likelihood.level(likelihood).number - 1][self.impact.level(impact).number - 1]

    def score_and_band(self, assessment: Assessment) -> tuple[int | None, Band | None]:
        """The score and band of an assessment in one call: :meth:`score_assessment` and :meth:`band_assessment`.

        >>> from serviceplan.model import Assessment
        >>> from serviceplan.values import AssessmentKind
        >>> assessment = Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=3)
        >>> score, band = risk_matrix("5x5").score_and_band(assessment)
        >>> score, band.name
        (12, 'High')

        Raises:
            LevelError: as :meth:`score_assessment` and :meth:`band_assessment` do.
        """
        lk, im = assessment.likelihood, assessment.impact
        if lk is not None and im is not None:
            found = self._cells()[lk][im]  # levels on an assessment are whole numbers from 1 to MAX_LEVELS
            if found is not None:
                return found
        return self.score_assessment(assessment), self.band_assessment(assessment)

    def scorer(self) -> Callable[[Assessment], tuple[int | None, Band | None]]:
        """A function scoring one assessment after another on this matrix: ``score, band = scorer(assessment)``.

        The fast way to score a register object by object: the function holds
        the matrix's one table of cells (built once per matrix), so each call
        is two attribute reads and a lookup. Assessments without levels (a
        score alone, or not scored) go the careful way, with the same errors
        as :meth:`score_assessment` and :meth:`band_assessment`.

        >>> from serviceplan.model import Assessment
        >>> from serviceplan.values import AssessmentKind
        >>> scorer = risk_matrix("5x5").scorer()
        >>> pairs = [Assessment(kind=AssessmentKind.CURRENT, likelihood=lk, impact=5) for lk in (1, 5)]
        >>> [(s, b.name) for s, b in map(scorer, pairs)]
        [(5, 'Medium'), (25, 'High')]
        """
        cells = self._cells()
        score_assessment, band_assessment = self.score_assessment, self.band_assessment

        def scorer(assessment: Assessment) -> tuple[int | None, Band | None]:
            lk, im = assessment.likelihood, assessment.impact
            if lk is not None and im is not None:
                found = cells[lk][im]  # levels on an assessment are whole numbers from 1 to MAX_LEVELS
                if found is not None:
                    return found
            return score_assessment(assessment), band_assessment(assessment)

        return scorer  # made afresh: a matrix pickles, and a function made here would not

    def score_assessments(self, assessments: Iterable[Assessment]) -> list[tuple[int | None, Band | None]]:
        """The score and band of each assessment, in order: :meth:`scorer` over a whole register at once.

        One pass with no call per assessment that has levels on the matrix; the
        rest go the careful way, with its errors.

        >>> from serviceplan.model import Assessment
        >>> from serviceplan.values import AssessmentKind
        >>> now = AssessmentKind.CURRENT
        >>> found = risk_matrix("5x5").score_assessments(
        ...     [Assessment(kind=now, likelihood=4, impact=4), Assessment(kind=now, score=6)]
        ... )
        >>> [(s, b.name) for s, b in found]
        [(16, 'High'), (6, 'Medium')]
        """
        cells = self._cells()
        careful = self.score_and_band
        return [
            found
            if (lk := a.likelihood) is not None
            and (im := a.impact) is not None
            and (found := cells[lk][im]) is not None
            else careful(a)
            for a in assessments
        ]

    def band_for_score(self, score: int, *, strict: bool = True) -> Band | None:
        """The band of a score alone (old registers print just "16").

        With ``strict=False``, a score whose cells fall in different bands gives
        ``None`` instead of raising (a score that no cell has still raises).

        Raises:
            LevelError: a score no cell of this matrix has, or (for a matrix with
                a band per cell, when ``strict``) one whose cells fall in different bands.
        """
        by_score: dict[int, int] = self._score_bands()
        found = by_score.get(score) if type(score) is int else None
        if found is None:
            raise LevelError(f"score {score!r} is not a score of matrix {self.name!r}")
        if found < 0:
            if not strict:
                return None
            names = sorted(
                {
                    self.band(lk.number, im.number).name
                    for lk in self.likelihood
                    for im in self.impact
                    if self._rule(lk.number, im.number) == score
                }
            )
            raise LevelError(f"score {score} falls in bands {names} of matrix {self.name!r}: give the levels")
        return self.bands[found]

    def _score_bands(self) -> dict[int, int]:
        """Each score some cell has, with its band's position (-1 where its cells fall in different bands)."""
        cached: dict[int, int] | None = self._cache.get("score_bands")
        if cached is None:
            cached = {}
            grid: list[list[Band]] = self._cache["grid"]
            for lk in self.likelihood:
                for im in self.impact:
                    value = self._rule(lk.number, im.number)
                    position = self.band_position(grid[lk.number - 1][im.number - 1])
                    cached[value] = position if cached.get(value, position) == position else -1
            self._cache["score_bands"] = cached
        return cached

    def score_table(self) -> Any:
        """Band positions by score alone, as a NumPy int8 array indexed by score (for printed scores in bulk).

        -1 where no cell has the score; -2 where its cells fall in different bands.
        """
        cached = self._cache.get("score_table")
        if cached is None:
            np = require("numpy")

            by_score = self._score_bands()
            cached = np.full(max(by_score) + 1, -1, dtype=np.int8)
            for value, position in by_score.items():
                cached[value] = position if position >= 0 else -2
            cached.setflags(write=False)
            self._cache["score_table"] = cached
        return cached

    def score_assessment(self, assessment: Assessment) -> int | None:
        """The score of an assessment: computed from its levels, else its printed score; ``None`` when not scored.

        **Printed against computed.** Where an assessment has levels, the score
        is always computed from them on this matrix; a printed score beside
        them is a fact of the document and stays on the assessment as written,
        even when it disagrees (``likelihood 4, impact 4, score 15``).
        :func:`serviceplan.check` reports every disagreement
        (``risk-score-mismatch``) and :meth:`printed_disagrees` tells one. A
        score alone must be a score some cell of this matrix has.

        Raises:
            LevelError: levels outside this matrix, or a score alone that no cell has.
        """
        lk, im = assessment.likelihood, assessment.impact
        if lk is not None and im is not None:
            found = self._cells()[lk][im]
            return found[0] if found is not None else self.score(lk, im)
        if assessment.score is not None:
            self.band_for_score(assessment.score, strict=False)
        return assessment.score

    def printed_disagrees(self, assessment: Assessment) -> str | None:
        """Why the printed score of an assessment disagrees with its levels on this matrix, or ``None``.

        >>> from serviceplan.values import AssessmentKind
        >>> risk_matrix("5x5").printed_disagrees(Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4,
        ...                                                 score=15))
        "printed score 15 is not 4 × 4 = 16 on matrix '5x5'"

        Raises:
            LevelError: levels outside this matrix.
        """
        if assessment.score is None or assessment.likelihood is None or assessment.impact is None:
            return None
        computed = self.score(assessment.likelihood, assessment.impact)
        if computed == assessment.score:
            return None
        sign = "+" if self.rule is ScoringRule.SUM else "×"
        return (
            f"printed score {assessment.score} is not {assessment.likelihood} {sign} {assessment.impact} = {computed} "
            f"on matrix {self.name!r}"
        )

    def band_assessment(self, assessment: Assessment) -> Band | None:
        """The band of an assessment (its cell's, else its score's), or ``None`` when it is not scored.

        Raises:
            LevelError: levels outside this matrix; a score alone that no cell has,
                or whose cells fall in different bands.
        """
        lk, im = assessment.likelihood, assessment.impact
        if lk is not None and im is not None:
            found = self._cells()[lk][im]
            return found[1] if found is not None else self.band(lk, im)
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


_NO_LIMIT = 1 << 30  # a band-name appetite accepts every score of its band


def _structure_appetite(value: Any, _: Any) -> int | str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise MatrixError(f"appetite {value!r} is neither a whole number (a score) nor a band name")
    return value


@functools.cache
def _converter() -> cattrs.Converter:
    """The strict converter of plan files' rules, for matrices (built on first use)."""
    converter = strict_converter()
    converter.register_structure_hook_func(lambda t: t == (int | str | None), _structure_appetite)
    return converter


# -- presets ---------------------------------------------------------------------------

_PRESET_SUFFIX = ".json"


def _preset_files() -> dict[str, Traversable]:
    """The preset definitions shipped in ``serviceplan/risk/presets/``, by name (the file's stem)."""
    folder = importlib.resources.files("serviceplan.risk") / "presets"
    return {
        entry.name[: -len(_PRESET_SUFFIX)]: entry
        for entry in folder.iterdir()
        if entry.name.endswith(_PRESET_SUFFIX) and entry.is_file()
    }


@functools.cache
def _presets() -> dict[str, Traversable]:
    return _preset_files()


def available_risk_matrices() -> tuple[str, ...]:
    """Names of the preset matrices.

    >>> available_risk_matrices()
    ('4x4', '5x5', 'as4360')
    """
    return tuple(sorted(_presets()))


def risk_matrix(name: str) -> RiskMatrix:
    """A preset matrix by name; each preset's ``source`` names the document it follows.

    Presets are data: one JSON file per matrix in ``serviceplan/risk/presets/``,
    in the form :meth:`RiskMatrix.from_dict` reads (a council's own matrix is
    the same kind of file).

    * ``"5x5"``: Rare … Almost certain × Insignificant … Catastrophic, product, Low/Medium/High.
    * ``"4x4"``: Low … Severe × Low … Severe, product, Low/Medium/High.
    * ``"as4360"``: letters A–E × 1–5 with a band per cell (Low/Moderate/High/Extreme).

    Raises:
        NotFoundError: no preset of that name.
    """
    cached = _BUILT.get(name)
    if cached is None:
        found = _presets().get(name) if isinstance(name, str) else None
        if found is None:
            raise NotFoundError(f"no risk matrix named {name!r}; available: {', '.join(available_risk_matrices())}")
        cached = RiskMatrix.from_dict(json.loads(found.read_text(encoding="utf-8")))
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
