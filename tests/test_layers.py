"""The layers point down: the import-linter contracts in setup.cfg hold.

``lint-imports`` (import-linter) reads ``[importlinter]`` in setup.cfg and checks every
import, the ones inside functions too; see "Layers" in docs/explanation/architecture.md.
"""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [shutil.which("lint-imports") or "lint-imports"]
    return subprocess.run(command + ["--no-cache"], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_import_contracts_are_kept():
    run = _lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Contracts: 2 kept, 0 broken." in run.stdout, run.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    # The same contracts on a copy of the package where the game layer imports the
    # report layer: lint-imports must fail and name that import.
    shutil.copytree(ROOT / "gametheory", tmp_path / "gametheory",
                    ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "setup.cfg", tmp_path / "setup.cfg")
    (tmp_path / "gametheory" / "game" / "upward.py").write_text(
        "def show(game):\n    from ..report.notebook import game_html\n    return game_html(game)\n")
    run = _lint_imports(tmp_path)
    assert run.returncode != 0
    assert "gametheory.game is not allowed to import gametheory.report" in run.stdout, run.stdout
    assert "gametheory.game.upward -> gametheory.report.notebook" in run.stdout, run.stdout
