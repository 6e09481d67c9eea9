"""Every how-to script in examples/ runs, on the seed plans, and says what it should."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

EXPECTED = {
    "score_risk_register.py": ["D  16  High", "Above an appetite of 8: ['D', 'G', 'H', 'M']", "Pay review"],
    "savings_across_departments.py": ["£0 of £1,000,000 identified", "posts 703"],
    "convert_formats.py": ["plan.json", "identical after the round trip: True"],
    "serialiser_plugin.py": ["round trip identical: True", "cannot be replaced by accident"],
    "embed_in_app.py": ["actions[3].deadline: cannot read deadline 'Marhc 2011'", "loaded in threads"],
    "score_at_scale.py": ["scored 1,000,000 risks", "High on Dask:"],
    "salford_indicators_rag.py": ["no_target_yet"],
    "sefton_q1_progress.py": ["overdue (61 days)"],
    "typed_app.py": ["round trip identical: True", "priorities stored as tuple", "NI 181 in 2010/11 is green"],
}


def test_every_script_is_listed() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_script_runs(script: str) -> None:
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / script)], capture_output=True, text=True, check=True, timeout=300
    )
    for words in EXPECTED[script]:
        assert words in out.stdout, (words, out.stdout[-2000:])
