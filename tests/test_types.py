"""mypy on ``gametheory/``: the package ships ``py.typed``, so its annotations are a
promise to every user who type-checks against it.  The settings are setup.cfg's ``[mypy]``
section; mypy is in the ``test`` extra (with the stub packages it needs)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_reports_no_error_in_the_package(tmp_path: Path) -> None:
    # A cache under tmp_path: every run checks from scratch, and the worktree stays clean.
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "setup.cfg",
         "--cache-dir", str(tmp_path / "mypy-cache"), "gametheory"],
        cwd=ROOT, capture_output=True, text=True, check=False)
    output, status = run.stdout + run.stderr, run.returncode
    assert status == 0, f"mypy reports errors (exit {status}):\n{output}"
    # Not vacuous: mypy read every module of the package (a typo in the configuration or
    # an excluded folder would show as fewer files).
    n_modules = sum(1 for _ in (ROOT / "gametheory").rglob("*.py"))
    assert f"no issues found in {n_modules} source files" in output, output
