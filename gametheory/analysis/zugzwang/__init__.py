"""Zugzwang diagnostics: is every option of a player bad?

The definitions are written out in ``docs/explanation/zugzwang.md``; in short, for
a *focal* player ``i`` and a *reference* payoff ``r`` (the status quo before the
crisis; ``0`` unless told otherwise):

* an **option** is one of ``i``'s pure strategies (for a tree: a reduced pure
  strategy, i.e. a plan fixing ``i``'s move wherever it moves);
* the **reaction game** of an option is the game left to the other players once
  ``i`` is committed to it; its equilibria are computed by the solvers
  (:func:`gametheory.solvers.solve`), never read from a model file;
* the focal player is in **zugzwang** when, in every equilibrium of every
  reaction game, it gets strictly less than ``r``.  The **margin** is the best
  option's best reaction-equilibrium payoff minus ``r`` (negative: zugzwang);
* **strong** zugzwang: even the security (maxmin) value is below ``r``;
* the **forced-move cost** is ``max(r, v*) - v*`` with ``v*`` the best
  reaction-equilibrium payoff: what a hypothetical option to pass (freezing the
  status quo) would be worth;
* **escape conditions** are the sets of parameter values under which some
  option yields at least ``r`` in some reaction equilibrium, derived in closed
  form (sympy) with the equilibrium's support held fixed, or located by
  bisection where no closed form is available;
* **robustness** is the share of the parameter box (Monte Carlo with a seed, or
  a grid) in which the zugzwang holds, with a Wilson score interval; strategic
  forms are diagnosed at all sample points at once by the stacked engine
  (:mod:`.engine`), which agrees with the
  one-point diagnosis at every point.

Sign convention: payoffs are measured so that larger is better for the player;
the reference is compared with ``<`` (an option that exactly restores the status
quo is *not* bad).

The package's modules, one concept each: :mod:`.records` (the result records),
:mod:`.reactions` (options and reaction games), :mod:`.methods` (which solver a
reaction game gets: :func:`choose_method`, the one place holding the
thresholds), :mod:`.references` (the reference payoff), :mod:`.evaluation`
(the diagnosis at one point), :mod:`.conditions` (escape conditions),
:mod:`.engine` (many points at once), :mod:`.trees` (the engine's route for
game trees), :mod:`.tolerance` (the stacked routes' decision tolerance),
:mod:`.robustness` and :mod:`.diagnosis`
(:func:`diagnose`, putting them together).

Examples
--------
>>> import numpy as np, gametheory as gt
>>> from gametheory.analysis.zugzwang import diagnose, focal_options
>>> g = gt.NormalFormGame.from_arrays(np.array([[2, -1], [0, 1]]), np.array([[1, 0], [0, 1]]))
>>> focal_options(g, 0)
('1', '2')
>>> diagnose(g, 0).margin    # Column matches: option 1 gives 2, option 2 gives 1
Fraction(2, 1)
"""
from __future__ import annotations

from .conditions import BISECTION_STEPS, MAX_PURE_CANDIDATES, escape_conditions
from .diagnosis import diagnose
from .engine import (
    StackedDiagnosis,
    compile_payoffs,
    diagnose_points,
    exact_value,
    grid_points,
    stacked_doc,
    stacked_equilibria,
)
from .evaluation import whole_game_verdict
from .methods import ENUMPOLY_DIRECT, ENUMPOLY_LIMIT, choose_method
from .reactions import focal_options, reaction_game
from .records import (
    Condition,
    OptionAssessment,
    Robustness,
    WholeGameVerdict,
    ZugzwangDiagnosis,
)
from .references import STATUS_QUO_NAMES
from .robustness import wilson_interval

__all__ = ["BISECTION_STEPS", "ENUMPOLY_DIRECT", "ENUMPOLY_LIMIT", "MAX_PURE_CANDIDATES", "STATUS_QUO_NAMES",
           "Condition", "OptionAssessment", "Robustness", "StackedDiagnosis", "WholeGameVerdict",
           "ZugzwangDiagnosis", "choose_method", "compile_payoffs", "diagnose", "diagnose_points",
           "escape_conditions", "exact_value", "focal_options", "grid_points", "reaction_game", "stacked_doc",
           "stacked_equilibria", "whole_game_verdict", "wilson_interval"]
