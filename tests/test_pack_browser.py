"""The quarterly pack in a real browser: Debian's chromium, headless, draws it and prints it to PDF.

Locally the tests skip when chromium is missing; under CI (``.ci/run`` installs it) they fail instead.
The browser gets a fresh profile per test and no network, and each run has a timeout.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import serviceplan
from serviceplan.model import ServicePlan
from serviceplan.render.pack import write_pack
from tests.conftest import needs_program

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT = 120  # seconds for one run of the browser, start-up included


def _chromium(program: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / "profile"
    command = [program, *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, cwd=tmp_path)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    plan = serviceplan.load(serviceplan.example_path("salford-2009-12"))
    assert isinstance(plan, ServicePlan)
    return write_pack(plan, "2010/11-Q1", tmp_path / "pack.html")


def test_screenshot(tmp_path: Path, page: Path) -> None:
    program = needs_program("chromium")
    png = tmp_path / "pack.png"
    done = _chromium(program, tmp_path, f"--screenshot={png}", "--window-size=1240,1754", page.as_uri())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1240, 1754)
    assert len(data) > 50_000  # a drawn page of tables and badges, not a blank one (a blank PNG is a few kB)


def test_print_to_pdf(tmp_path: Path, page: Path) -> None:
    program = needs_program("chromium")
    pdf = tmp_path / "pack.pdf"
    done = _chromium(program, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 20_000
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages > 1
    # A4 in points is 595.28 x 841.89; chromium writes each page's MediaBox
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes
    assert all(abs(float(w) - 595.28) < 2 and abs(float(h) - 841.89) < 2 for w, h in boxes)
