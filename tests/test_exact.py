"""gametheory.exact: the one module of exact dense linear algebra.

Every answer is checked by substitution (A z == b in Fractions) or against Cramer's
rule written here, never against the module itself.
"""
from fractions import Fraction as F
from itertools import permutations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from gametheory.exact import gauss_jordan, independent_rows, solve_linear, solve_square, solve_square_integer
from gametheory.solvers.stacked import bimatrix_regrets

rationals = st.fractions(min_value=-20, max_value=20, max_denominator=12)


def det(M):
    """Leibniz formula (small n), exact."""
    n = len(M)
    total = F(0)
    for perm in permutations(range(n)):
        sign = 1
        for i in range(n):
            for j in range(i + 1, n):
                if perm[i] > perm[j]:
                    sign = -sign
        term = F(sign)
        for i in range(n):
            term *= M[i][perm[i]]
        total += term
    return total


def cramer(M, b):
    d = det(M)
    if d == 0:
        return None
    n = len(M)
    return [det([[b[r] if c == k else M[r][c] for c in range(n)] for r in range(n)]) / d for k in range(n)]


@st.composite
def square_systems(draw):
    n = draw(st.integers(1, 4))
    M = [[draw(rationals) for _ in range(n)] for _ in range(n)]
    if draw(st.booleans()) and n > 1:            # make some systems singular
        M[-1] = [2 * v for v in M[0]]
    b = [draw(rationals) for _ in range(n)]
    return M, b


@given(square_systems())
def test_solve_square_takes_rationals_and_agrees_with_cramer(system):
    M, b = system
    assert solve_square(M, b) == cramer(M, b)


@given(square_systems())
def test_the_integer_solve_is_the_same_answer_over_one_denominator(system):
    M, b = system
    den = 1
    for row, v in zip(M, b):
        for x in [*row, v]:
            den = den * x.denominator // np.gcd(den, x.denominator)
    Mi = [[int(x * den) for x in row] for row in M]
    bi = [int(v * den) for v in b]
    out = solve_square_integer(Mi, bi)
    expected = cramer(M, b)
    if expected is None:
        assert out is None
    else:
        X, d = out
        assert d > 0 and [F(x, d) for x in X] == expected


@given(st.integers(1, 4), st.integers(1, 5), st.data())
def test_independent_rows_keep_the_rank_first_come_first_kept(n_rows, n_cols, data):
    rows = [[data.draw(st.integers(-3, 3)) for _ in range(n_cols)] for _ in range(n_rows)]
    if n_rows > 1 and data.draw(st.booleans()):
        rows[-1] = [a + b for a, b in zip(rows[0], rows[1 % n_rows])]   # a dependent row

    def rank(rs):
        return gauss_jordan([[*r, 0] for r in rs], n_cols)[1] if rs else 0

    chosen = independent_rows(rows)
    assert rank([rows[i] for i in chosen]) == len(chosen) == rank(rows)
    # first come, first kept: a row is skipped only when the rows before it span it
    for i in range(n_rows):
        before = [rows[k] for k in range(i)]
        assert (i in chosen) == (rank(before + [rows[i]]) > rank(before))


def test_solve_linear_on_a_rank_deficient_system():
    # x + y = 2 and 2x + 2y = 4: one solution with the free variable at 0
    assert solve_linear([[1, 1], [2, 2]], [2, 4]) == [F(2), F(0)]
    assert solve_linear([[1, 1], [2, 2]], [2, 5]) is None


def _regret_by_hand(A, B, x, y):
    m, n = len(x), len(y)
    row = [sum(A[i][j] * y[j] for j in range(n)) for i in range(m)]
    col = [sum(B[i][j] * x[i] for i in range(m)) for j in range(n)]
    u1 = sum(row[i] * x[i] for i in range(m))
    u2 = sum(col[j] * y[j] for j in range(n))
    return max(max(row) - u1, max(col) - u2), u1, u2


def test_the_batched_regret_check_matches_a_loop_for_one_game_and_for_a_stack():
    rng = np.random.default_rng(7)
    A, B = rng.random((5, 3, 4)), rng.random((5, 3, 4))
    X = rng.dirichlet(np.ones(3), size=5)
    Y = rng.dirichlet(np.ones(4), size=5)
    X[0] = [-0.25, 0.75, 0.5]                    # not a distribution: distance 0.25
    regret, dist, u1, u2 = bimatrix_regrets(A, B, X, Y)            # one game per profile
    one, _, _, _ = bimatrix_regrets(A[2], B[2], X, Y)              # game 2 for every profile
    for e in range(5):
        r, v1, v2 = _regret_by_hand(A[e], B[e], X[e], Y[e])
        assert np.isclose(regret[e], r) and np.isclose(u1[e], v1) and np.isclose(u2[e], v2)
        assert np.isclose(one[e], _regret_by_hand(A[2], B[2], X[e], Y[e])[0])
    assert np.isclose(dist[0], 0.25) and np.all(dist[1:] < 1e-12)
    # a pure Nash equilibrium of matching coordinates has regret 0
    I2 = np.eye(2)
    r, _, _, _ = bimatrix_regrets(I2, I2, [[1.0, 0.0]], [[1.0, 0.0]])
    assert r[0] == 0.0
