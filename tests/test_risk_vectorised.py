"""score_array and score_frame: the scalar rule, for many rows; missing stays missing; bad input is named."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import serviceplan
from serviceplan import risk_matrix, score_frame
from serviceplan.errors import LevelError, RiskInputError
from serviceplan.risk import score_array

MATRICES = ["4x4", "5x5", "as4360"]


@st.composite
def level_values(draw: st.DrawFn, name: str, axis: str) -> list[object]:
    matrix = risk_matrix(name)
    scale = getattr(matrix, axis)
    one = st.one_of(
        st.integers(1, len(scale)),
        st.sampled_from([lv.code for lv in scale]),
        st.sampled_from([lv.label for lv in scale]),
        st.sampled_from([lv.label.upper() for lv in scale]),
        st.none(),
    )
    return draw(st.lists(one, min_size=0, max_size=30))


def _scalar(matrix: serviceplan.RiskMatrix, lk: object, im: object) -> tuple[int | None, str | None]:
    if lk is None or im is None:
        return None, None
    return matrix.score(lk, im), matrix.band(lk, im).name


@pytest.mark.parametrize("name", MATRICES)
@given(data=st.data())
def test_array_agrees_with_scalar(name: str, data: st.DataObject) -> None:
    matrix = risk_matrix(name)
    lk = data.draw(level_values(name, "likelihood"))
    im = data.draw(
        st.lists(st.sampled_from([lv.number for lv in matrix.impact]) | st.none(), min_size=len(lk), max_size=len(lk))
    )
    result = score_array(np.array(lk, dtype=object), np.array(im, dtype=object), matrix)
    expected = [_scalar(matrix, a, b) for a, b in zip(lk, im, strict=True)]
    assert result.score.tolist() == [e[0] for e in expected]
    assert result.band_labels().tolist() == [e[1] for e in expected]


@pytest.mark.parametrize("name", MATRICES)
@given(data=st.data())
def test_frame_agrees_with_scalar(name: str, data: st.DataObject) -> None:
    matrix = risk_matrix(name)
    n = data.draw(st.integers(0, 40))
    lk = data.draw(st.lists(st.integers(1, len(matrix.likelihood)) | st.none(), min_size=n, max_size=n))
    im = data.draw(st.lists(st.integers(1, len(matrix.impact)) | st.none(), min_size=n, max_size=n))
    dtype = data.draw(st.sampled_from(["Int64", "float64", "object"]))
    frame = pd.DataFrame({"likelihood": pd.array(lk, dtype=dtype), "impact": pd.array(im, dtype=dtype)})
    scored = score_frame(frame, matrix)
    expected = [_scalar(matrix, a, b) for a, b in zip(lk, im, strict=True)]
    assert [None if pd.isna(v) else int(v) for v in scored["score"]] == [e[0] for e in expected]
    assert [None if pd.isna(v) else v for v in scored["band"]] == [e[1] for e in expected]
    assert str(scored["score"].dtype) == "Int16"
    assert list(scored["band"].cat.categories) == list(matrix.band_names)
    assert scored["band"].cat.ordered
    assert list(frame.columns) == ["likelihood", "impact"]  # the input is not changed


def test_integer_fast_path_and_column_names() -> None:
    matrix = risk_matrix("5x5")
    frame = pd.DataFrame({"L": np.array([1, 5, 3], dtype=np.int8), "I": np.array([1, 5, 4], dtype=np.int64)})
    scored = score_frame(frame, matrix, likelihood="L", impact="I", score="s", band="b")
    assert scored["s"].tolist() == [1, 25, 12]
    assert scored["b"].tolist() == ["Low", "High", "High"]
    labels = pd.DataFrame({"likelihood": pd.Categorical(["Rare", "Likely"]), "impact": ["Minor", "Major"]})
    assert score_frame(labels, matrix)["score"].tolist() == [2, 16]
    strings = pd.DataFrame({"likelihood": pd.array(["A", "E", None], dtype="string"), "impact": [5, 1, 2]})
    assert score_frame(strings, risk_matrix("as4360"))["band"].tolist()[:2] == ["Extreme", "Low"]


BAD = [
    ("out of range", [1, 2, 9, 0, 3], [1, 1, 1, 1, 1], "2 bad likelihood values", "rows 2 (9), 3 (0)"),
    ("non-integer float", [1.0, 2.5, 3.0], [1, 1, 1], "1 bad likelihood value", "row 1 (2.5)"),
    ("unknown label", ["Rare", "Likley", "Possible"], [1, 1, 1], "1 bad likelihood value", "row 1 ('Likley')"),
    ("bad impact", [1, 1, 1], [1, 6, 2], "1 bad impact value", "row 1 (6)"),
    ("booleans", [True, False], [1, 1], "2 bad likelihood values", "row"),
]


@pytest.mark.parametrize(("case", "lk", "im", "count", "where"), BAD, ids=[b[0] for b in BAD])
def test_bad_values_are_named(case: str, lk: list[object], im: list[object], count: str, where: str) -> None:
    with pytest.raises(RiskInputError) as info:
        score_array(np.array(lk), np.array(im), risk_matrix("5x5"))
    assert count in str(info.value)
    assert where in str(info.value)
    frame = pd.DataFrame({"likelihood": lk, "impact": im})
    with pytest.raises(RiskInputError):
        score_frame(frame, risk_matrix("5x5"))
    coerced = score_frame(frame, risk_matrix("5x5"), errors="coerce")
    assert coerced["score"].isna().sum() == int(count.split(maxsplit=1)[0])


def test_many_bad_rows_show_only_the_first_few() -> None:
    lk = np.array([9] * 1000)
    with pytest.raises(RiskInputError) as info:
        score_array(lk, np.ones(1000, dtype=int), risk_matrix("5x5"))
    assert info.value.count == 1000
    assert len(info.value.examples) == 5


def test_lengths_and_columns() -> None:
    with pytest.raises(LevelError, match="3 values but impact has 2"):
        score_array([1, 2, 3], [1, 2], risk_matrix("5x5"))
    with pytest.raises(LevelError, match="no 'impact' column"):
        score_frame(pd.DataFrame({"likelihood": [1]}), risk_matrix("5x5"))


def test_dask_partitions() -> None:
    import dask.dataframe as dd  # in the test extra: a missing install fails, never skips

    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"likelihood": rng.integers(1, 6, 1000), "impact": rng.integers(1, 6, 1000)})
    matrix = risk_matrix("5x5")
    meta = score_frame(frame.head(0), matrix)
    scored = dd.from_pandas(frame, npartitions=4).map_partitions(score_frame, matrix, meta=meta).compute()
    pd.testing.assert_frame_equal(scored, score_frame(frame, matrix))
