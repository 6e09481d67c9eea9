"""Shared fixtures and Hypothesis profiles.

Profiles: ``ci`` (the default, thorough but bounded) and ``fast`` (for a quick
local loop), chosen with ``HYPOTHESIS_PROFILE=fast``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import serviceplan

settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fast", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"  # copies of ../shared/seeds, the documents the examples transcribe
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def examples() -> dict[str, serviceplan.ServicePlan]:
    """Every bundled example plan, loaded once."""
    loaded = {}
    for name in serviceplan.available_examples():
        plan = serviceplan.load(serviceplan.example_path(name))
        assert isinstance(plan, serviceplan.ServicePlan)
        loaded[name] = plan
    return loaded


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile-input corpus of tests/data/make_hostile.py, written once per session by today's writers."""
    from tests.data.make_hostile import write

    folder = tmp_path_factory.mktemp("hostile")
    write(folder)
    return folder


def needs_program(name: str) -> str:
    """The path of an external program a test drives (``soffice``, ``chromium``).

    Locally, a test that needs a program the machine lacks is skipped and says
    which one. Under CI (``CI`` set), where ``.ci/run`` installs them, a missing
    program fails the test instead, so a broken install step cannot hide.
    """
    import shutil

    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (.ci/run installs it from Debian's packages)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found
