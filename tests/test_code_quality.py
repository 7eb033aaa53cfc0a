"""The code base's lint rules (``ruff.toml`` at the repository root), run in CI through
the test suite: pyflakes, pycodestyle, no ``eval``/``exec``/unsafe ``yaml.load``, and no
function above cyclomatic complexity 20 (mccabe, as ruff's C901 counts it)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # ruff comes with the [test] extra; --no-cache writes nothing into the tree.
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=300)


def test_package_passes_the_project_lint_rules():
    run = _ruff("--output-format", "concise", "gametheory")
    assert run.returncode == 0, (
        "ruff check gametheory (rules in ruff.toml) found problems:\n" + run.stdout + run.stderr)


def _branches(name: str, k: int) -> str:
    """A function of cyclomatic complexity ``k``: one ``if`` per extra path."""
    body = "".join(f"    if x == {j}:\n        return {j}\n" for j in range(k - 1))
    return f"def {name}(x):\n{body}    return -1\n"


def test_rules_catch_what_they_promise(tmp_path):
    # The configuration is in force (not an empty rule set): complexity 20 passes and 21
    # fails; eval, exec and yaml.load are refused; an unused import is reported.
    src = tmp_path / "sample.py"
    src.write_text("import os\nimport yaml\n\n\n" + _branches("twenty", 20) + "\n\n"
                   + _branches("twenty_one", 21) + "\n\n"
                   "def unsafe(text):\n    exec(text)\n    yaml.load(text)\n    return eval(text)\n",
                   encoding="utf-8")
    run = _ruff("--config", str(ROOT / "ruff.toml"), "--output-format", "concise", src.name,
                cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    codes = sorted(line.split(": ")[1].split()[0] for line in run.stdout.splitlines()
                   if line.startswith(src.name + ":"))
    assert codes == ["C901", "F401", "S102", "S307", "S506"], run.stdout
    assert "`twenty_one` is too complex (21 > 20)" in run.stdout
    assert "`twenty`" not in run.stdout
