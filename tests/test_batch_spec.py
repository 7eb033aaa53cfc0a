"""Sweep specifications (gametheory/batch/spec.py): every malformed grid, distribution
or point set is refused with a message naming the option and what was expected;
well-formed ones give the values worked out by hand."""
from __future__ import annotations

from fractions import Fraction as F

import pytest

from gametheory.batch.spec import (
    PointSet,
    grid_values,
    make_distribution,
    parse_distribution,
    parse_grid,
)
from gametheory.exceptions import InvalidGameError

# A parametrised prisoner's dilemma (parameters c and b), shared with test_batch_sweep.
from test_batch_sweep import DILEMMA


@pytest.mark.parametrize("text, needle", [
    ("c", "expected name=lo:hi:steps or name=v1,v2"),
    ("c=0:1", "three fields"),
    ("c=0:1:x", "steps must be a positive integer"),
    ("c=0:1:0", "steps must be a positive integer"),
    ("c=,", "no values"),
    ("c=1:0:3", "below the lower end"),
    ("c=a,b", "is not a number"),
])
def test_bad_grids_are_named(text, needle):
    with pytest.raises(InvalidGameError, match=needle) as exc:
        parse_grid(text)
    assert repr(text) in str(exc.value)


def test_grids_by_hand():
    assert parse_grid("c=0:1:5") == ("c", [F(0), F(1, 4), F(1, 2), F(3, 4), F(1)])
    assert parse_grid("b=1/3,2") == ("b", [F(1, 3), F(2)])
    assert grid_values(2, 7, 1) == [F(2)]            # one step: the lower end only
    with pytest.raises(InvalidGameError, match="at least 1"):
        grid_values(0, 1, 0)


@pytest.mark.parametrize("text, needle", [
    ("x=gauss(0, 1)", "unknown distribution .gauss.; expected one of uniform"),
    ("x uniform", "expected name=dist"),
    ("x=uniform(0)", "uniform takes 2 arguments, got 1"),
    ("x=normal(0, 0)", "sigma > 0"),
    ("x=triangular(0, 2, 1)", "a <= mode <= b"),
    ("x=triangular(1, 1, 1)", "a < b"),
    ("x=choice()", "at least one value"),
])
def test_bad_distributions_are_named(text, needle):
    with pytest.raises(InvalidGameError, match=needle):
        parse_distribution(text)


def test_point_sets_refuse_contradictions():
    u = make_distribution("uniform", [0, 1])
    with pytest.raises(InvalidGameError, match="both a grid and a distribution"):
        PointSet(grid={"c": [0, 1]}, sample={"c": u}, samples=3)
    with pytest.raises(InvalidGameError, match="needs --samples"):
        PointSet(sample={"c": u})
    with pytest.raises(InvalidGameError, match="needs at least one --sample"):
        PointSet(samples=5)
    with pytest.raises(InvalidGameError, match="at least one --grid or --sample"):
        PointSet()


def test_point_order_and_bounds():
    # Grid points vary the last name fastest; each grid point carries its draws.
    ps = PointSet(grid={"a": [0, 1], "b": [5, 6, 7]})
    assert len(ps) == 6
    assert [ps.point(k) for k in (0, 1, 3, 5)] == [{"a": 0, "b": 5}, {"a": 0, "b": 6},
                                                   {"a": 1, "b": 5}, {"a": 1, "b": 7}]
    with pytest.raises(IndexError):
        ps.point(6)
    draws = PointSet(grid={"a": [0, 1]}, sample={"x": make_distribution("choice", [3, 4])}, samples=2, seed=1)
    assert len(draws) == 4
    assert all(draws.point(k)["x"] in (3, 4) for k in range(4))
    assert [draws.point(k)["a"] for k in range(4)] == [0, 0, 1, 1]


# ---------------------------------------------------------------------- sweep settings
def test_sweep_settings_are_checked(tmp_path):
    from gametheory.batch.sweep import sweep
    from gametheory.exceptions import UnsupportedGameError
    path = tmp_path / "d.yaml"
    path.write_text(DILEMMA)
    with pytest.raises(UnsupportedGameError, match="unknown method 'nope'"):
        sweep(path, grid={"c": [0]}, method="nope")
    with pytest.raises(InvalidGameError, match="grid c: no values"):
        sweep(path, grid={"c": []})
    with pytest.raises(InvalidGameError, match="sample c: expected a string like"):
        sweep(path, sample={"c": 3}, samples=2)
    with pytest.raises(InvalidGameError, match="chunk size must be at least 1"):
        sweep(path, grid={"c": [0]}, chunk_size=-1, executor="serial")
    # A grid given as (lo, hi, steps) is the same as "lo:hi:steps": c = 0, 2, 4.
    t = sweep(path, grid={"c": (0, 4, 3)}, executor="serial")
    assert [F(v) for v in t.column("c")] == [0, 2, 4]
    # and --resume refuses a results file longer than the sweep
    out = tmp_path / "r.jsonl"
    sweep(path, grid={"c": "0:4:5"}, out=out, executor="serial")
    with pytest.raises(InvalidGameError):
        sweep(path, grid={"c": "0:4:3"}, out=out, resume=True, executor="serial")


def test_cli_sweep_usage_errors(tmp_path):
    from click.testing import CliRunner

    from gametheory.cli import main
    path = tmp_path / "d.yaml"
    path.write_text(DILEMMA)
    out = str(tmp_path / "r.jsonl")
    for args, fragment in [
        (["--grid", "c=0:1:2", "--grid", "c=0,1"], "parameter 'c' given twice"),
        (["--sample", "c=uniform(0, 1)", "--sample", "c=normal(0, 1)", "--samples", "3"],
         "parameter 'c' given twice"),
        (["--grid", "c=0:1:2", "--player", "Row"], "--player is the focal player of --zugzwang"),
        (["--grid", "c=0:1:2", "--scheduler", "nowhere"], "expected an address like tcp://HOST:PORT"),
    ]:
        res = CliRunner().invoke(main, ["sweep", str(path), "--out", out, *args])
        assert res.exit_code == 2 and fragment in res.output, (args, res.output)

