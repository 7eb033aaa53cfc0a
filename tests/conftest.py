"""Shared fixtures, hypothesis profiles, and the per-test markers for optional tools.

Markers (registered in ``setup.cfg``):

* ``needs_pygambit`` / ``crosscheck``: the test calls pygambit live (installed by the
  ``crosscheck`` extra); skipped when pygambit cannot be imported.  The default suite
  checks against the stored answers in ``tests/reference/`` instead.
* ``needs_chromium``: the test runs headless Chromium; skipped when it is not found.
* ``needs_pdflatex``: the test compiles LaTeX (pdflatex with sgame and TikZ); skipped
  when pdflatex or sgame.sty is not found.
* ``fuzz`` (the long fuzz mode, ``pytest -m fuzz``) and ``slow``.

With ``GAMETHEORY_CI_STRICT=1`` (set by ``.ci/run``) a skipped test is reported as a
failure unless it is marked ``needs_pygambit``/``crosscheck`` (the only tool CI may
lack): CI cannot go green by silently skipping the Chromium, LaTeX or reference tests.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = Path(__file__).resolve().parent / "reference"
# Gambit's catalog of textbook games (copied from pygambit 16.7; see tests/reference/README.md).
CATALOG = REFERENCE / "gambit-catalog"

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# The fuzzers' long mode (tests/test_fuzz_readers.py): pytest -m fuzz --hypothesis-profile=long
settings.register_profile("long", max_examples=200_000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile("ci" if os.environ.get("CI") else "dev")


# ---------------------------------------------------------------------- optional tools
@cache
def chromium() -> str | None:
    """Path of a headless-capable Chromium, or None."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@cache
def pdflatex() -> str | None:
    return shutil.which("pdflatex")


@cache
def has_sgame() -> bool:
    kpse = shutil.which("kpsewhich")
    if not kpse:
        return False
    run = subprocess.run([kpse, "sgame.sty"], capture_output=True, text=True, check=False)
    return bool(run.stdout.strip())


@cache
def has_pygambit() -> bool:
    return importlib.util.find_spec("pygambit") is not None


def _missing(marker: str) -> str | None:
    """Why a test with this marker cannot run here (None when it can)."""
    if marker in ("needs_pygambit", "crosscheck"):
        if not has_pygambit():
            return ("pygambit is not installed (live cross-check; install the [crosscheck] "
                    "extra; the default suite uses tests/reference/ instead)")
    elif marker == "needs_chromium":
        if chromium() is None:
            return "Chromium is not installed (needs_chromium)"
    elif marker == "needs_pdflatex":
        if pdflatex() is None:
            return "pdflatex is not installed (needs_pdflatex)"
        if not has_sgame():
            return "the sgame LaTeX package is not installed (needs_pdflatex)"
    return None


ALLOWED_SKIPS = ("needs_pygambit", "crosscheck")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for marker in ("needs_pygambit", "crosscheck", "needs_chromium", "needs_pdflatex"):
            if item.get_closest_marker(marker) is not None:
                reason = _missing(marker)
                if reason:
                    item.add_marker(pytest.mark.skip(reason=reason))
                    break


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (os.environ.get("GAMETHEORY_CI_STRICT") == "1" and report.skipped
            and not hasattr(report, "wasxfail")
            and not any(item.get_closest_marker(m) for m in ALLOWED_SKIPS)):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = (f"skipped under GAMETHEORY_CI_STRICT=1 (only needs_pygambit/crosscheck "
                           f"tests may skip in CI): {reason}")


# ---------------------------------------------------------------------- fixtures
@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def data_dir() -> Path:
    return DATA
