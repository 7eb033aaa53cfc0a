"""Learning dynamics and Pareto efficiency."""
import nashpy
import numpy as np
import pytest

from gametheory import InvalidGameError, NormalFormGame
from gametheory.analysis.dynamics import best_response_dynamics, fictitious_play, replicator
from gametheory.analysis.pareto import pareto_efficient_profiles

PD = NormalFormGame.from_arrays(np.array([[3, 0], [5, 1]]), np.array([[3, 5], [0, 1]]),
                                strategies=[["C", "D"], ["C", "D"]])


def test_pareto_prisoners_dilemma():
    assert pareto_efficient_profiles(PD) == [("C", "C"), ("C", "D"), ("D", "C")]
    assert pareto_efficient_profiles(PD, exact=False) == pareto_efficient_profiles(PD)


def test_replicator_single_population_matches_nashpy():
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    g = NormalFormGame.from_arrays(A, A.T)
    t = replicator(g, start=[[0.5, 0.3, 0.2]] * 2, single_population=True, t_max=20, steps=200)
    ref = nashpy.Game(A, A.T).replicator_dynamics(y0=np.array([0.5, 0.3, 0.2]), timepoints=np.linspace(0, 20, 200))
    assert np.allclose(t.strategies[0], ref, atol=1e-5)


def test_replicator_drives_out_dominated_strategy():
    t = replicator(PD, start=[[0.9, 0.1], [0.9, 0.1]], t_max=60)
    assert t.final[0][1] > 0.999 and t.final[1][1] > 0.999
    with pytest.raises(InvalidGameError):
        replicator(PD, start=[[0.5, 0.6], [1, 0]])


def test_fictitious_play_converges_in_matching_pennies_and_is_seeded():
    # Robinson (1951): fictitious play converges in zero-sum games.
    A = np.array([[1, -1], [-1, 1]])
    g = NormalFormGame.from_arrays(A, -A)
    t = fictitious_play(g, 4000, seed=3)
    assert np.allclose(t.final[0], [0.5, 0.5], atol=0.03)
    assert np.array_equal(t.strategies[0], fictitious_play(g, 4000, seed=3).strategies[0])


def test_best_response_dynamics_stop_at_pure_equilibrium():
    t = best_response_dynamics(PD, start=["C", "C"])
    assert t.details["converged"]
    assert t.final_profile().max_regret() == 0
    assert np.array_equal(t.final[0], [0, 1])
