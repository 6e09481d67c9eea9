"""The fast paths of vectorised scoring give exactly what the scalar rule gives.

Two paths beside the general one: a matrix whose bands are score ranges is
scored by arithmetic and banded by counting thresholds; any other is looked up
in its cell tables a chunk at a time. Both are held to ``matrix.score`` and
``matrix.band`` on every matrix size the library accepts, every rule, every
integer dtype, and (with a tiny chunk) across chunk boundaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from serviceplan.errors import LevelError
from serviceplan.model import Assessment
from serviceplan.risk import register
from serviceplan.risk.matrix import risk_matrix
from serviceplan.risk.register import _thresholds, score_array
from serviceplan.values import AssessmentKind
from serviceplan.values.levels import MAX_LEVELS
from tests.test_risk_matrix_sizes import square


@contextmanager
def small_chunks() -> Iterator[None]:
    """Chunks of 7 pairs, so that a few dozen pairs cross several chunk boundaries."""
    saved = register._CHUNK
    register._CHUNK = 7
    try:
        yield
    finally:
        register._CHUNK = saved


CHUNK = register._CHUNK  # as shipped, before any test shrinks it
DTYPES = [np.int8, np.uint8, np.int16, np.int32, np.int64]


@st.composite
def matrices(draw: st.DrawFn) -> object:
    n = draw(st.integers(1, MAX_LEVELS))
    kind = draw(st.sampled_from(["product", "sum", "cells"]))
    return square(n, cells=True) if kind == "cells" else square(n, rule=kind)


def _expected(m: object, lk: list[int | None], im: list[int | None]) -> tuple[list[object], list[object]]:
    scores: list[object] = []
    bands: list[object] = []
    for a, b in zip(lk, im, strict=True):
        if a is None or b is None:
            scores.append(None)
            bands.append(None)
        else:
            scores.append(m.score(a, b))  # type: ignore[attr-defined]
            bands.append(m.band(a, b).name)  # type: ignore[attr-defined]
    return scores, bands


@given(data=st.data())
def test_both_fast_paths_agree_with_the_scalar_rule_across_chunks(data: st.DataObject) -> None:
    m = data.draw(matrices())
    n_lk, n_im = len(m.likelihood), len(m.impact)  # type: ignore[attr-defined]
    rows = data.draw(st.integers(0, 40))
    lk = data.draw(st.lists(st.integers(1, n_lk), min_size=rows, max_size=rows))
    im = data.draw(st.lists(st.integers(1, n_im), min_size=rows, max_size=rows))
    dtype = data.draw(st.sampled_from(DTYPES))
    with small_chunks():
        result = score_array(np.array(lk, dtype=dtype), np.array(im, dtype=dtype), m)  # type: ignore[arg-type]
    scores, bands = _expected(m, lk, im)  # type: ignore[arg-type]
    assert result.score.tolist() == scores
    assert result.band_labels().tolist() == bands


@given(data=st.data())
def test_the_general_path_with_missing_levels_agrees_across_chunks(data: st.DataObject) -> None:
    m = data.draw(matrices())
    n_lk, n_im = len(m.likelihood), len(m.impact)  # type: ignore[attr-defined]
    rows = data.draw(st.integers(1, 40))
    lk = data.draw(st.lists(st.one_of(st.none(), st.integers(1, n_lk)), min_size=rows, max_size=rows))
    im = data.draw(st.lists(st.one_of(st.none(), st.integers(1, n_im)), min_size=rows, max_size=rows))
    as_float = [np.nan if v is None else float(v) for v in lk], [np.nan if v is None else float(v) for v in im]
    with small_chunks():
        result = score_array(np.array(as_float[0]), np.array(as_float[1]), m)  # type: ignore[arg-type]
    scores, bands = _expected(m, lk, im)  # type: ignore[arg-type]
    assert result.score.tolist() == scores
    assert result.band_labels().tolist() == bands


@pytest.mark.parametrize(("name", "fast"), [("4x4", True), ("5x5", True), ("as4360", False)])
def test_which_matrices_take_the_threshold_path(name: str, fast: bool) -> None:
    assert (_thresholds(risk_matrix(name)) is not None) is fast


@pytest.mark.parametrize("n", [1, 2, 11, 12])
def test_every_size_of_product_and_sum_matrix_takes_the_threshold_path(n: int) -> None:
    assert _thresholds(square(n)) is not None
    assert _thresholds(square(n, rule="sum")) is not None
    assert _thresholds(square(n, cells=True)) is None


def test_the_inputs_are_not_widened_whole() -> None:
    import tracemalloc

    n = 1_000_000
    rng = np.random.default_rng(7)
    lk = rng.integers(1, 6, n, dtype=np.int8)
    im = rng.integers(1, 6, n, dtype=np.int8)
    for name in ("5x5", "as4360"):
        m = risk_matrix(name)
        score_array(lk[:10], im[:10], m)  # tables built outside the measurement
        tracemalloc.start()
        score_array(lk, im, m)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        # the outputs are 3 bytes a pair (int16 score, int8 band), with one byte a pair of compares on the
        # threshold path or a chunk's index on the cell path; widening an input whole to int64 is 8 more a pair
        assert peak < 4 * n + 16 * CHUNK + 65_536, (name, peak)


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    kind = AssessmentKind.CURRENT
    if draw(st.booleans()):
        return Assessment(
            kind=kind, likelihood=draw(st.integers(1, MAX_LEVELS)), impact=draw(st.integers(1, MAX_LEVELS))
        )
    return Assessment(kind=kind, score=draw(st.integers(1, MAX_LEVELS * MAX_LEVELS)))


def _careful(m: object, a: Assessment) -> object:
    try:
        return m.score_assessment(a), m.band_assessment(a)  # type: ignore[attr-defined]
    except LevelError as err:
        return type(err), str(err)


def _fast(fn: object, a: Assessment) -> object:
    try:
        return fn(a)  # type: ignore[operator]
    except LevelError as err:
        return type(err), str(err)


@given(matrices(), st.lists(assessments(), max_size=30))
def test_the_scalar_fast_forms_agree_with_score_and_band_assessment(m: object, given_: list[Assessment]) -> None:
    expected = [_careful(m, a) for a in given_]
    assert [_fast(m.scorer(), a) for a in given_] == expected  # type: ignore[attr-defined]
    assert [_fast(m.score_and_band, a) for a in given_] == expected  # type: ignore[attr-defined]
    if all(not isinstance(e[0], type) for e in expected):  # type: ignore[index]
        assert m.score_assessments(given_) == expected  # type: ignore[attr-defined]
    for a in given_:
        if a.likelihood is not None and a.impact is not None:
            try:
                assert m.score(a.likelihood, a.impact) == m.score_assessment(a)  # type: ignore[attr-defined]
                assert m.band(a.likelihood, a.impact) == m.band_assessment(a)  # type: ignore[attr-defined]
            except LevelError:
                pass
