"""Sensitivity analysis: Sobol indices, one-at-a-time margins, probability of zugzwang."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner

import gametheory as gt
from gametheory.analysis.sensitivity import (
    one_at_a_time,
    sensitivity,
    sobol_indices,
    zugzwang_probability,
)
from gametheory.cli import main

ONE_LEVER = """\
format: 1
title: one lever
parameters:
  p: {default: "1/2", range: [0, 2], description: "moves Row's payoff after A"}
  q: {default: "1/2", range: [0, 1], description: "moves Row's payoff after B"}
  r: {default: 1, range: [0, 3], description: "moves Column's payoffs only"}
players:
  - {name: Row, strategies: [A, B]}
  - {name: Column, strategies: [a, b]}
payoffs:
  - {profile: [A, a], payoffs: [p - 1, r + 1]}
  - {profile: [A, b], payoffs: [-5, 0]}
  - {profile: [B, a], payoffs: [-6, 0]}
  - {profile: [B, b], payoffs: [-2 - q, r]}
"""
# By hand: after A Column plays a (r + 1 > 0), after B it plays b (r > 0), for every r in
# [0, 3].  Row's reaction payoffs are p - 1 (A) and -2 - q (B); since p - 1 >= -1 > -2 - q,
# the margin is exactly p - 1 and the zugzwang holds iff p < 1.  Only p can flip the verdict.


@pytest.fixture
def lever(tmp_path):
    path = tmp_path / "lever.yaml"
    path.write_text(ONE_LEVER, encoding="utf-8")
    return path


def test_ishigami_indices(tmp_path):
    # Ishigami & Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi),
    # a = 7, b = 0.1.  With E[sin^2] = 1/2, E[sin^4] = 3/8, E[x^4] = pi^4/5, E[x^8] = pi^8/9:
    #   V1 = (1 + b pi^4 / 5)^2 / 2,  V2 = a^2 / 8,  V3 = 0,
    #   V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225,  V = V1 + V2 + V13,
    # so S1 = V1 / V, S2 = V2 / V, S3 = 0; ST1 = (V1 + V13) / V, ST2 = S2, ST3 = V13 / V
    # (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, section 4.4.1).
    a, b = 7.0, 0.1
    V1 = (1 + b * math.pi ** 4 / 5) ** 2 / 2
    V2 = a * a / 8
    V13 = 8 * b * b * math.pi ** 8 / 225
    V = V1 + V2 + V13

    def ishigami(X):
        return np.sin(X[:, 0]) + a * np.sin(X[:, 1]) ** 2 + b * X[:, 2] ** 4 * np.sin(X[:, 0])

    (res,) = sobol_indices(ishigami, ["x1", "x2", "x3"], [(-math.pi, math.pi)] * 3, base_samples=4096, seed=1)
    assert res.evaluations == 4096 * 5
    assert res.first == pytest.approx([V1 / V, V2 / V, 0.0], abs=0.03)
    assert res.total == pytest.approx([(V1 + V13) / V, V2 / V, V13 / V], abs=0.03)
    # Seeded: the same call gives the same numbers, bootstrap intervals included.
    (again,) = sobol_indices(ishigami, ["x1", "x2", "x3"], [(-math.pi, math.pi)] * 3, base_samples=4096, seed=1)
    assert np.array_equal(res.first_conf, again.first_conf)


def test_only_one_parameter_can_flip_the_verdict(lever):
    game = gt.load(lever)
    res = sensitivity(game, "Row", samples=4000, seed=2, executor="serial")
    names = list(res.names)
    p, q, r = names.index("p"), names.index("q"), names.index("r")
    # The margin is p - 1 and the verdict 1[p < 1]: functions of p alone.
    assert res.margin.first[p] == pytest.approx(1.0, abs=0.05)
    assert res.margin.total[p] == pytest.approx(1.0, abs=0.05)
    for k in (q, r):
        assert abs(res.margin.first[k]) < 0.02 and abs(res.margin.total[k]) < 0.02
        assert abs(res.verdict.total[k]) < 0.02
    assert res.verdict.total[p] == pytest.approx(1.0, abs=0.05)
    # One at a time: p at 0 and 2 gives margins -1 and 1; q and r leave -1/2 (p at 1/2).
    t = res.tornado
    assert t.base_margin == pytest.approx(-0.5)
    assert t.margin_low[p] == pytest.approx(-1.0) and t.margin_high[p] == pytest.approx(1.0)
    for k in (q, r):
        assert t.margin_low[k] == pytest.approx(-0.5) and t.margin_high[k] == pytest.approx(-0.5)
    assert t.names[t.order[0]] == "p"
    # P(p < 1) = 1/2 for p uniform on [0, 2]: the interval is around 1/2.
    pr = res.probability
    assert pr.n == 4000 and pr.failed == 0
    assert pr.low < 0.5 < pr.high and pr.high - pr.low < 0.04


def test_probability_counts_the_samples_in_zugzwang(lever):
    # Independent count: the same seeded draw, the verdict p < 1 evaluated directly.
    game = gt.load(lever)
    pr = zugzwang_probability(game, "Row", samples=500, seed=7)
    names = [n for n, par in game.parameters.items() if par.low is not None]
    X = np.array([0.0, 0.0, 0.0]) + np.array([2.0, 1.0, 3.0]) * np.random.default_rng(7).random((500, 3))
    assert names == ["p", "q", "r"]
    assert pr.in_zugzwang == int((X[:, 0] < 1).sum())


def test_one_at_a_time_on_a_model_file():
    # dushanbe-vs-moscow: the diagnosis with one parameter at an end of its range equals
    # the one-point diagnosis there (the engine is checked against it).
    from gametheory.analysis.zugzwang import diagnose
    path = "games/tajikistan/dushanbe-vs-moscow.yaml"
    game = gt.load(path)
    t = one_at_a_time(game, game.players[0])
    for k, name in enumerate(t.names):
        for end, got in ((game.parameters[name].low, t.margin_low[k]), (game.parameters[name].high, t.margin_high[k])):
            d = diagnose(game, game.players[0], params={name: float(end)}, conditions=False, whole_game=False)
            assert got == pytest.approx(float(d.margin), abs=1e-9), name


def test_cli(lever, tmp_path):
    out = tmp_path / "sens"
    res = CliRunner().invoke(main, ["sensitivity", str(lever), "--player", "Row", "--samples", "300",
                                    "--seed", "4", "--workers", "1", "--out", str(out), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)   # progress lines go to stderr
    assert doc["probability"]["n"] == 300 and doc["seed"] == 4
    assert doc["tornado"]["parameters"][0]["parameter"] == "p"
    assert sorted(p.name for p in out.iterdir()) == ["sensitivity.json", "sobol.png", "sobol.svg",
                                                     "tornado.png", "tornado.svg"]
    assert json.loads((out / "sensitivity.json").read_text()) == doc
    table = CliRunner().invoke(main, ["sensitivity", str(lever), "--player", "Row", "--samples", "300",
                                      "--workers", "1"])
    assert table.exit_code == 0 and "probability of zugzwang" in table.output
    bad = CliRunner().invoke(main, ["sensitivity", str(lever), "--player", "Nobody"])
    assert bad.exit_code == 2


def test_tornado_plot_draws_the_data(lever):
    # The bars run from the margin at the values to the margin at each end of the range,
    # widest swing on top (p: -1 to 1 around -1/2; q and r: no swing).
    import matplotlib
    matplotlib.use("Agg")
    from gametheory.plotting.sensitivity import plot_sobol, plot_tornado
    from gametheory.plotting.style import new_figure
    game = gt.load(lever)
    t = one_at_a_time(game, "Row")
    ax = plot_tornado(t, ax=new_figure().add_subplot())
    bars = [(round(b.get_y() + b.get_height() / 2), b.get_x(), b.get_x() + b.get_width()) for b in ax.patches]
    top = max(y for y, _, _ in bars)
    ends = sorted(e for y, x0, x1 in bars if y == top for e in (x0, x1))
    assert ends == pytest.approx([-1.0, -0.5, -0.5, 1.0])
    labels = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert labels[max(labels)].startswith("p ")
    (s,) = sobol_indices(lambda X: X[:, 0], ["a", "b"], [(0, 1), (0, 1)], base_samples=256, seed=0)
    ax = plot_sobol(s, ax=new_figure().add_subplot())
    labels = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert labels[max(labels)] == "a"   # the output is a alone: ST(a) = 1, on top
    assert s.total[0] == pytest.approx(1.0, abs=0.05) and abs(s.total[1]) < 0.02
