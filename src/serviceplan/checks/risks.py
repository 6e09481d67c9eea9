"""Risk rules of ``check``: assessments against the matrix they are scored on.

A plan holds any level of the largest matrix the library accepts (1 to
:data:`~serviceplan.values.levels.MAX_LEVELS`), and keeps a printed score as
written even when it disagrees with its levels: real registers do both. These
rules say so, per assessment, against the matrix the assessment is scored on:

* the matrix the assessment names (``Assessment.matrix``), when it is the one
  given to :func:`serviceplan.check` or a preset;
* otherwise the matrix given to :func:`serviceplan.check` (``matrix=``), else
  the library's default, the ``5x5`` preset (:data:`DEFAULT_MATRIX`).

Codes (also in :data:`serviceplan.checks.CODES`):

* ``risk-level-off-matrix`` (error): a likelihood or impact that is not a level of the matrix;
* ``risk-score-mismatch`` (error): a printed score that is not the matrix's score of the levels beside it;
* ``risk-score-off-matrix`` (error): a score printed alone that no cell of the matrix has;
* ``risk-score-ambiguous`` (warning): a score printed alone whose cells fall in different bands
  (a matrix with a band per cell), so it has no band: give the levels;
* ``risk-matrix-unknown`` (warning): an assessment names a matrix that is neither given nor a preset.
"""

from __future__ import annotations

from collections.abc import Iterator

from serviceplan.checks import Finding, Severity
from serviceplan.errors import LevelError, NotFoundError
from serviceplan.model import Assessment, ServicePlan
from serviceplan.risk.matrix import RiskMatrix, risk_matrix

__all__ = ["DEFAULT_MATRIX", "RISK_CODES", "check_risks"]

DEFAULT_MATRIX = "5x5"
"""The matrix assessments are checked on when they name none and ``check`` is given none."""

RISK_CODES: dict[str, str] = {
    "risk-level-off-matrix": "a likelihood or impact is not a level of the matrix the assessment is scored on",
    "risk-score-mismatch": "a printed score disagrees with the matrix's score of its likelihood and impact",
    "risk-score-off-matrix": "a score printed alone is not a score of the matrix the assessment is scored on",
    "risk-score-ambiguous": "a score printed alone falls in several bands of its matrix, so it has no band",
    "risk-matrix-unknown": "an assessment names a risk matrix that is neither given to check nor a preset",
}
"""The finding codes of these rules, with what they mean."""


def _finding(code: str, path: str, message: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code=code, severity=severity, path=path, message=message)


def _matrix_for(assessment: Assessment, given: RiskMatrix | None) -> RiskMatrix | str:
    """The matrix an assessment is scored on, or the name it gives when no such matrix is known."""
    name = assessment.matrix
    if name is None:
        return given if given is not None else risk_matrix(DEFAULT_MATRIX)
    if given is not None and name == given.name:
        return given
    try:
        return risk_matrix(name)
    except NotFoundError:
        return name


def _check_assessment(path: str, risk_id: str, assessment: Assessment, matrix: RiskMatrix) -> Iterator[Finding]:
    what = f"risk {risk_id!r} ({assessment.kind.value})"
    off_levels = False
    for axis, value, scale in (
        ("likelihood", assessment.likelihood, matrix.likelihood),
        ("impact", assessment.impact, matrix.impact),
    ):
        if value is not None and not 1 <= value <= len(scale):
            off_levels = True
            yield _finding(
                "risk-level-off-matrix",
                f"{path}.{axis}",
                f"{what}: {axis} {value} is not a level of matrix {matrix.name!r} (levels 1 to {len(scale)})",
            )
    if off_levels:
        return
    if assessment.likelihood is not None:
        reason = matrix.printed_disagrees(assessment)
        if reason is not None:
            yield _finding(
                "risk-score-mismatch",
                f"{path}.score",
                f"{what}: {reason}; the score is taken from the levels",
            )
        return
    if assessment.score is None:
        return
    try:
        banded = matrix.band_for_score(assessment.score, strict=False)
    except LevelError as err:
        yield _finding("risk-score-off-matrix", f"{path}.score", f"{what}: {err}")
        return
    if banded is None:
        try:
            matrix.band_for_score(assessment.score)
        except LevelError as err:
            yield _finding("risk-score-ambiguous", f"{path}.score", f"{what}: {err}", Severity.WARNING)


def check_risks(plan: ServicePlan, prefix: str = "", matrix: RiskMatrix | None = None) -> Iterator[Finding]:
    """The risk findings of one plan (paths start with ``prefix``), each assessment on its own matrix.

    >>> from serviceplan import Assessment, Risk, ServicePlan
    >>> from serviceplan.checks.risks import check_risks
    >>> from serviceplan.values import AssessmentKind
    >>> plan = ServicePlan(id="p", title="t", risks=[Risk(id="D", title="Pay review", assessments=[
    ...     Assessment(kind=AssessmentKind.CURRENT, likelihood=4, impact=4, score=15)])])
    >>> [(f.code, f.path) for f in check_risks(plan)]
    [('risk-score-mismatch', 'risks[0].assessments[0].score')]
    >>> print(next(check_risks(plan)).message)
    risk 'D' (current): printed score 15 is not 4 × 4 = 16 on matrix '5x5'; the score is taken from the levels
    """
    for i, risk in enumerate(plan.risks):
        for j, assessment in enumerate(risk.assessments):
            path = f"{prefix}risks[{i}].assessments[{j}]"
            found = _matrix_for(assessment, matrix)
            if isinstance(found, str):
                yield _finding(
                    "risk-matrix-unknown",
                    f"{path}.matrix",
                    f"risk {risk.id!r} ({assessment.kind.value}) is scored on matrix {found!r}, which is neither "
                    "given to check nor a preset: its levels and score are not checked",
                    Severity.WARNING,
                )
                continue
            yield from _check_assessment(path, risk.id, assessment, found)
