"""Every input the fuzzers (or the audit of issue #18) ever found is read again.

Each file in ``tests/data/fuzz/`` (see its README) must read within the time limit
and raise only the project's errors; the CLI must answer it with a one-line message
and exit status 2 (bad input), or 0 when the file is a valid game.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from fuzzing import FORMATS, check, time_limit
from gametheory.cli import main
from gametheory.exceptions import GameTheoryError, InvalidGameError, UnsupportedGameError
from gametheory.io import load

FUZZ = Path(__file__).resolve().parent / "data" / "fuzz"
FILES = sorted(p.name for p in FUZZ.iterdir() if p.suffix in FORMATS)


def test_the_regression_files_are_there():
    assert len(FILES) >= 19


@pytest.mark.parametrize("name", FILES)
def test_regression_file_reads_or_raises_project_errors(name):
    path = FUZZ / name
    check(path.read_bytes(), path.suffix)


@pytest.mark.parametrize("name", FILES)
def test_regression_file_gives_exit_2_and_one_line(name):
    with time_limit(20):
        result = CliRunner().invoke(main, ["show", str(FUZZ / name)])
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.output


# What each hand-made attack must be refused for (the limit or the reason named).
REFUSED = {
    "power-tower.yaml": "over the limit power=64",
    "exp-tower.yaml": "over the limit digits=2,000",
    "huge-exponent.yaml": "exponent 999999999",
    "log-zero.yaml": "not a finite real number",
    "sqrt-minus-one.yaml": "not a finite real number",
    "log-minus-one.yaml": "not a finite real number",
    "zero-to-minus-one.yaml": "0 raised to a negative power",
    "complex-payoff.yaml": "0 raised to a negative power",
    "nested-3000.yaml": "over the limit depth=1,000",
    "alias-million.yaml": "over the limit alias_nodes=100,000",
    "token-20000-digits.nfg": "expected the payoffs",
    "players-40.nfg": "over the limit players=31",
    "players-70.nfg": "numpy allows at most",
    "long-digit-payoff.yaml": "over the limit digits=2,000",
    "long-digit-outcome.nfg": "4985-digit number",
    "long-digit-outcome-number.efg": "digit",
    "long-digit-probability.efg": "over the limit digits=2,000",
    "unicode-digit-in-long-fraction.yaml": "a number with 4,841 digits, over the limit digits",
    "mapping-as-key-in-tree.yaml": "keys must be plain words",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_attack_is_refused_with_its_reason(name):
    with pytest.raises(InvalidGameError) as info:
        load(FUZZ / name)
    assert info.value.file == str(FUZZ / name) and info.value.line is not None
    if name.endswith(".yaml"):  # every problem of the file, the attack among them
        from gametheory.io.yaml_format import validate_yaml
        assert any(REFUSED[name] in str(p) for p in validate_yaml(FUZZ / name))
    else:
        assert REFUSED[name] in str(info.value)


def test_parameter_power_is_refused_at_substitution():
    game = load(FUZZ / "parameter-power.yaml")  # 2**c is a fine expression ...
    with pytest.raises(InvalidGameError, match="over the limit digits"):
        game.substitute()  # ... but not at c = 1,000,000 (301,030 digits)


def test_root_of_a_long_number_is_not_factored():
    from gametheory.payoffs import parse_value
    game = load(FUZZ / "sqrt-of-long-number.yaml")
    with pytest.raises(InvalidGameError, match="not finite"):
        game.substitute()  # about 10**999: no float holds it
    # Exact roots stay exact (3**300 is a perfect square), at any length.
    assert parse_value(f"({3 ** 300})**(1/2)") == 3 ** 150
    assert parse_value(f"({7 ** 200})**(3/2)") == 7 ** 300


def test_float_overflow_is_a_clean_error():
    game = load(FUZZ / "float-overflow.nfg")
    assert game.payoff((0, 0))[0] == 10 ** 400  # exact is fine
    with pytest.raises(UnsupportedGameError, match="does not fit a floating-point number"):
        game.float_payoffs()
    result = CliRunner().invoke(main, ["solve", str(FUZZ / "float-overflow.nfg"), "--float"])
    assert result.exit_code == 2 and "floating-point" in result.output
    assert issubclass(UnsupportedGameError, GameTheoryError)
