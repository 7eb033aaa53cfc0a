"""Ordinal preferences of a conflict's decision makers.

Three ways to give a DM's ranking of the states:

* **Option prioritisation** (Fang, Hipel, Kilgour & Peng 2003; the method of GMCR II
  and GMCR+): an ordered list of *preference statements*, most important first.
  A statement is a formula over option names built with ``not`` (or ``-``, ``~``),
  ``and`` (``&``), ``or`` (``|``), ``if`` (``A if B`` holds when B implies A,
  GMCR II's conditional) and ``iff`` (both hold or neither), with parentheses.
  State ``s`` gets the score ``sum(2**(k-1-j))`` over the statements ``j`` it
  satisfies (``k`` statements): a state satisfying a more important statement
  always beats one that does not, whatever the less important ones say; equal
  scores tie.
* **Direct ranking**: the states most preferred first, ties as sub-lists.
* **From payoffs** (:func:`gametheory.conflict.model.from_normal_form`): the order
  of each player's payoffs, equal payoffs tied.

A DM's preferences may be **unknown** as a whole (``preferences: {DM: unknown}``):
Nash, GMR and SMR stability of the other DMs are still computed (they use only the
focal DM's preferences), SEQ, SIM, SEQ+SIM, L_h and NM are not (they need every
opponent's), nor are status-quo, coalition, inverse and hypergame analyses (see
:func:`gametheory.conflict.stability.defined`).

A DM's preferences may also be **partial** (Li, Hipel, Kilgour & Fang 2004): some
pairs of states are left unordered (:meth:`Conflict.set_uncertain`; in a file,
``uncertain:`` pairs of state patterns, or a ``ranking`` with ``partial: true``
that omits states, each omitted state then being unordered against every other).
The extended concepts of :mod:`gametheory.conflict.stability` use them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..exceptions import InvalidGameError

_TOKEN = re.compile(r"\s*(?:(\()|(\))|(&|\band\b)|(\||\bor\b)|(~|-|!|\bnot\b)|(\biff\b)|(\bif\b)"
                    r"|([A-Za-z_][A-Za-z0-9_.]*)|(\S))")

#: At most this many statements per DM (scores are int64 bit sets).
MAX_STATEMENTS = 62


def _tokens(text: str, where: str):
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        kinds = ("(", ")", "and", "or", "not", "iff", "if", "name", "bad")
        for kind, val in zip(kinds, m.groups()):
            if val is not None:
                if kind == "bad":
                    raise InvalidGameError(f"unexpected character {val!r} in statement {text!r}", path=where)
                out.append((kind, val))
                break
    return out


class _Parser:
    """Recursive descent over a short statement (depth bounded by its length)."""

    def __init__(self, text: str, names: Sequence[str], where: str):
        self.text = text
        self.tokens = _tokens(text, where)
        self.names = list(names)
        self.where = where
        self.k = 0
        if len(self.tokens) > 500:
            raise InvalidGameError("statement too long (at most 500 tokens)", path=where)

    def fail(self, what):
        raise InvalidGameError(f"{what} in statement {self.text!r}", path=self.where)

    def peek(self):
        return self.tokens[self.k][0] if self.k < len(self.tokens) else None

    def take(self):
        tok = self.tokens[self.k]
        self.k += 1
        return tok

    def parse(self):
        if not self.tokens:
            self.fail("empty statement")
        node = self.iff()
        if self.k != len(self.tokens):
            self.fail(f"unexpected {self.tokens[self.k][1]!r}")
        return node

    def iff(self):
        left = self.cond()
        if self.peek() == "iff":
            self.take()
            return ("iff", left, self.cond())
        return left

    def cond(self):
        left = self.disj()
        if self.peek() == "if":
            self.take()
            return ("if", left, self.disj())
        return left

    def disj(self):
        node = self.conj()
        while self.peek() == "or":
            self.take()
            node = ("or", node, self.conj())
        return node

    def conj(self):
        node = self.neg()
        while self.peek() == "and":
            self.take()
            node = ("and", node, self.neg())
        return node

    def neg(self):
        depth = 0
        while self.peek() == "not":
            self.take()
            depth += 1
        node = self.atom()
        return ("not", node) if depth % 2 else node

    def atom(self):
        kind = self.peek()
        if kind == "name":
            name = self.take()[1]
            if name not in self.names:
                self.fail(f"unknown option {name!r} (options: {', '.join(self.names)})")
            return ("opt", self.names.index(name))
        if kind == "(":
            self.take()
            node = self.iff()
            if self.peek() != ")":
                self.fail("missing ')'")
            self.take()
            return node
        self.fail("expected an option name, 'not' or '('" if kind is None
                  else f"unexpected {self.tokens[self.k][1]!r}")


def parse_statement(text: str, option_names: Sequence[str], where: str = "statement"):
    """Parse a preference statement into a small tree (validated, never evaluated as code)."""
    if not isinstance(text, str):
        raise InvalidGameError(f"expected a statement (text), got {text!r}", path=where)
    return _Parser(text, option_names, where).parse()


def evaluate_statement(tree, codes: np.ndarray) -> np.ndarray:
    """Truth value of a parsed statement on each state code (vectorised)."""
    stack = [(tree, False)]
    values: list[np.ndarray] = []
    while stack:  # iterative post-order
        node, done = stack.pop()
        op = node[0]
        if op == "opt":
            values.append(((codes >> node[1]) & 1).astype(bool))
            continue
        if not done:
            stack.append((node, True))
            for child in reversed(node[1:]):
                stack.append((child, False))
            continue
        if op == "not":
            values.append(~values.pop())
            continue
        b = values.pop()
        a = values.pop()
        if op == "and":
            values.append(a & b)
        elif op == "or":
            values.append(a | b)
        elif op == "if":  # "a if b": b implies a
            values.append(a | ~b)
        else:  # iff
            values.append(a == b)
    return values[0]


def statement_text(statement) -> str:
    """The text of a statement given as a string, a (text, rationale) pair or a mapping."""
    if isinstance(statement, str):
        return statement
    if isinstance(statement, dict):
        return statement.get("statement", "")
    return statement[0]


def prioritise(conflict, statements, where: str = "statements") -> np.ndarray:
    """Ranks from option prioritisation (see the module docstring).

    Parameters
    ----------
    conflict : Conflict
        An option-form conflict.
    statements : sequence
        Most important first; each a string, a ``(text, rationale)`` pair or a
        mapping with key ``statement``.

    Returns
    -------
    numpy.ndarray
        Dense ranks 0.. (larger = more preferred) over the conflict's states.
    """
    if not conflict.is_option_form:
        raise InvalidGameError("preference statements need an option-form conflict", path=where)
    statements = list(statements)
    if len(statements) > MAX_STATEMENTS:
        raise InvalidGameError(f"at most {MAX_STATEMENTS} statements per decision maker", path=where)
    k = len(statements)
    score = np.zeros(conflict.n_states, dtype=np.int64)
    for j, st in enumerate(statements):
        tree = parse_statement(statement_text(st), conflict.option_names, f"{where}[{j}]")
        sat = evaluate_statement(tree, conflict.codes)
        score += sat.astype(np.int64) << (k - 1 - j)
    return np.unique(score, return_inverse=True)[1].ravel().astype(np.int64)


def ranks_from_ranking(conflict, ranking, where: str = "ranking", partial: bool = False) -> np.ndarray:
    """Ranks from a list of states, most preferred first, ties as sub-lists.

    Every state must appear exactly once (states by index, label or pattern), unless
    ``partial``: then the missing states get rank -1 (a placeholder: the caller
    declares them uncertain, :func:`unranked_pairs`).
    """
    if not isinstance(ranking, (list, tuple)):
        raise InvalidGameError("expected a list of states, most preferred first", path=where)
    n = conflict.n_states
    ranks = np.full(n, -1, dtype=np.int64)
    level = len(ranking)
    for k, item in enumerate(ranking):
        level -= 1
        group = item if isinstance(item, (list, tuple)) else [item]
        if not group:
            raise InvalidGameError("an empty group of tied states", path=f"{where}[{k}]")
        for key in group:
            try:
                s = conflict.state(key)
            except KeyError as exc:
                raise InvalidGameError(str(exc.args[0]), path=f"{where}[{k}]") from None
            if ranks[s] >= 0:
                raise InvalidGameError(f"state {conflict.states[s]!r} appears twice", path=f"{where}[{k}]")
            ranks[s] = level
    missing = np.nonzero(ranks < 0)[0]
    if len(missing) and not partial:
        shown = ", ".join(repr(conflict.states[s]) for s in missing[:5])
        raise InvalidGameError(f"every state must be ranked; missing {shown}"
                               + (" ..." if len(missing) > 5 else ""), path=where)
    return ranks


def matching_states(conflict, key, where: str = "state") -> np.ndarray:
    """Indices of the states a pattern with ``-`` wildcards matches (option form), or
    of the one state named by a label, pattern or index."""
    if conflict.is_option_form and isinstance(key, str) and len(key) == len(conflict.options) \
            and set(key) <= {"Y", "N", "-"} and "-" in key:
        from .patterns import pattern_mask
        care, bits = pattern_mask(key, len(conflict.options), where)
        found = np.nonzero((np.asarray(conflict.codes) & care) == bits)[0]
        if not len(found):
            raise InvalidGameError(f"pattern {key!r} matches no feasible state", path=where)
        return found
    try:
        return np.array([conflict.state(key)], dtype=np.int64)
    except KeyError as exc:
        raise InvalidGameError(str(exc.args[0]), path=where) from None


def uncertain_pairs(conflict, first, second, where: str = "uncertain") -> np.ndarray:
    """Every pair (s, t), s != t, with ``s`` matching ``first`` and ``t`` ``second``."""
    a = matching_states(conflict, first, where)
    b = matching_states(conflict, second, where)
    pairs = np.stack(np.meshgrid(a, b, indexing="ij"), axis=-1).reshape(-1, 2)
    return pairs[pairs[:, 0] != pairs[:, 1]]


def unranked_pairs(ranks: np.ndarray) -> np.ndarray:
    """Pairs (m, x) for every state ``m`` with rank -1 (left out of a partial
    ranking) and every other state ``x``."""
    missing = np.nonzero(np.asarray(ranks) < 0)[0]
    n = len(ranks)
    if not len(missing):
        return np.zeros((0, 2), dtype=np.int64)
    others = np.arange(n, dtype=np.int64)
    pairs = np.stack(np.meshgrid(missing, others, indexing="ij"), axis=-1).reshape(-1, 2)
    return pairs[pairs[:, 0] != pairs[:, 1]]


def ranking_from_ranks(ranks: np.ndarray) -> list:
    """State indices most preferred first, ties as sub-lists (inverse of :func:`ranks_from_ranking`)."""
    out = []
    for level in sorted(set(ranks.tolist()), reverse=True):
        group = np.nonzero(ranks == level)[0].tolist()
        out.append(group[0] if len(group) == 1 else group)
    return out
