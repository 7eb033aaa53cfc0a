"""Gambit game-tree files (``.efg``): reading and writing.

The format is Gambit's (see ``docs/reference/gambit-formats.md`` and the Gambit
documentation, "The extensive game (.efg) file format").  After the prologue
``EFG 2 R "title" { "player" ... } "optional comment"`` the nodes follow in
pre-order (a node, then the subtrees of its children in action order), one
entry each::

    c "node" <chance set> ["set name" { "action" prob ... }] <outcome> [outcome data]
    p "node" <player> <set>  ["set name" { "action" ... }]   <outcome> [outcome data]
    t "node" <outcome> [outcome data]

where ``outcome data`` is ``"outcome name" { payoff, payoff, ... }`` the first
time an outcome number appears (``0`` is "no outcome").  Information-set and
outcome descriptions may be repeated later, but must then match.

Conventions of the mapping to :class:`~gametheory.game.extensive.ExtensiveFormGame`:

* **Information sets** are numbered per player in the file, by arbitrary
  positive integers.  Ours are numbered 1, 2, ... per player; the file's
  numbers are kept *in order*: the set with the smallest file number of a player
  is our set 1, and so on (a file that numbers them 1, 2, 3 keeps its numbers).
  The writer writes our numbers, so a round trip is exact.
* **Chance**: every chance node gets its own chance information set (they carry
  no strategic meaning); a chance set used at several nodes is copied to each.
  Duplicate chance-action labels (Gambit's catalog writes the probability as the
  label, e.g. two actions ``"1/2"``) are renamed ``1/2_1``, ``1/2_2`` as Gambit
  does.  Player labels and the action labels of a player's information set must
  be unique (an error otherwise); empty labels become ``Player k`` / ``k``.
* **Outcomes** may sit on any node; a play's payoff is the sum along its path.

The parser is iterative (an explicit stack of open child slots), so trees tens
of thousands of levels deep are fine, and it is stricter than Gambit's: data
after the complete tree, chance probabilities that are negative or do not add
up to exactly 1, and non-finite payoffs are errors naming the line.
"""
from __future__ import annotations

from pathlib import Path

from ..exceptions import InvalidGameError, UnsupportedGameError
from . import read_text
from .gambit_lexer import (EOF, LBRACE, RBRACE, STRING, SYMBOL, describe,
                           format_number, quote)
from ..game.normal import DUPLICATES
from ..limits import current, exceeded
from .nfg import _SYMBOLIC, check_labels, read_payoff_list, read_preamble, warn_repeats

__all__ = ["read_efg", "loads_efg", "write_efg", "dumps_efg"]


# ---------------------------------------------------------------------- reading
def read_efg(path):
    """Read a Gambit ``.efg`` file into an :class:`~gametheory.game.extensive.ExtensiveFormGame`.

    Parameters
    ----------
    path : str or path-like
        The file; UTF-8 (a byte-order mark is ignored).

    Returns
    -------
    ExtensiveFormGame
        Exact payoffs and probabilities (Fractions).

    Raises
    ------
    InvalidGameError
        Naming the file, the line and what was expected.
    """
    return loads_efg(read_text(path), file=path)


def _gambit_unique(labels: list[str]) -> list[str]:
    """Gambit's renaming of repeated or empty labels: ``x, x`` -> ``x_1, x_2``."""
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for lab in labels:
        if counts[lab] == 1 and lab != "":
            out.append(lab)
            continue
        while True:
            visited[lab] = visited.get(lab, 0) + 1
            candidate = f"{lab}_{visited[lab]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def loads_efg(text: str, file=None):
    """Parse the text of a Gambit ``.efg`` file; ``file`` names it in errors.

    See :func:`read_efg`.
    """
    from ..game.extensive import ExtensiveFormGame

    lex, title, players = read_preamble(text, file, "EFG", "2")
    description = ""
    if lex.peek()[0] == STRING:
        description = lex.next()[1]
    game = ExtensiveFormGame(players, title=title, description=description,
                             metadata={"format": "efg"})
    n = len(players)
    player_sets: dict[tuple[int, int], object] = {}      # (player, file number) -> Infoset
    chance_sets: dict[int, tuple] = {}                    # file number -> (label, actions, probs)
    file_number: dict[int, int] = {}                      # id(Infoset) -> file number
    outcomes: dict[int, object] = {}                      # file number -> Outcome
    nodes = game.nodes
    repeats: list[str] = []                               # repeated action labels
    max_nodes = current().tree_nodes
    slots = [0]                                           # nodes still to be read, top = next
    while True:
        tok = lex.next()
        if tok[0] == EOF:
            if slots:
                raise lex.error(f"the file ends before the tree is complete: {len(slots)} more "
                                "node(s) expected (each move needs one entry per action)", tok)
            break
        if not slots:
            raise lex.error(f"data after the complete tree: {describe(tok)} (the tree was "
                            "complete: every move already has its children)", tok)
        if tok[0] != SYMBOL or tok[1] not in ("c", "p", "t"):
            raise lex.error(f"expected a node type 'c' (chance), 'p' (player) or 't' (terminal), "
                            f"found {describe(tok)}", tok)
        kind, start = tok[1], tok[2]
        k = slots.pop()
        node = nodes[k]
        node.label = lex.expect(STRING, "the node's name (a quoted string, may be \"\")")[1]
        try:
            if kind == "p":
                _personal(lex, game, node, n, players, player_sets, file_number, repeats)
            elif kind == "c":
                _chance(lex, game, node, chance_sets, file_number)
        except InvalidGameError as exc:
            if exc.line is not None:
                raise
            raise InvalidGameError(exc.message, file=file, line=lex.line_of(start),
                                   path=exc.path) from None
        _outcome(lex, game, node, n, outcomes)
        if len(nodes) > max_nodes:
            raise lex.error(exceeded("tree_nodes", f"a tree of more than {max_nodes:,} nodes"),
                            offset=start)
        slots.extend(reversed(node.children))
    _renumber(game, file_number)
    warn_repeats(repeats, file)
    return game


def _personal(lex, game, node, n, players, player_sets, file_number, repeats) -> None:
    tok = lex.next()
    i = lex.integer(tok, f"a player number (1 to {n})", minimum=1) - 1
    if i >= n:
        raise lex.error(f"player number {i + 1} is out of range: the game has {n} players", tok)
    tok = lex.next()
    number = lex.integer(tok, "an information set number", minimum=1)
    h = player_sets.get((i, number))
    if lex.peek()[0] == STRING:
        label = lex.next()[1]
        brace = lex.expect(LBRACE, "'{' opening the action labels")
        labels, offsets = [], []
        while True:
            tok = lex.next()
            if tok[0] == RBRACE:
                break
            if tok[0] != STRING:
                raise lex.error(f"expected a quoted action label or '}}', found {describe(tok)}",
                                tok)
            labels.append(tok[1])
            offsets.append(tok[2])
        if not labels:
            raise lex.error("a move needs at least one action", brace)
        actions = check_labels(lex, labels, offsets, "action", str, f" of {players[i]!r}",
                               repeats)
        if len(set(actions)) < len(actions):
            game.metadata[DUPLICATES] = True
        if h is None:
            game.append_move(node, i, actions)
            h = node.infoset
            h.label = label
            player_sets[(i, number)] = h
            file_number[id(h)] = number
        else:
            if h.label != label:
                raise lex.error(f"information set {number} of {players[i]!r} was named "
                                f"{h.label!r}, here {label!r}", brace)
            if tuple(actions) != h.actions:
                raise lex.error(f"information set {number} of {players[i]!r} was declared with "
                                f"{len(h.actions)} actions {list(h.actions)}, here with "
                                f"{len(actions)} actions {actions}", brace)
            game.append_move(node, i, infoset=h)
    else:
        if h is None:
            raise lex.error(f"{players[i]!r} has no information set {number} yet (information "
                            "set numbers are per player): its first node must give the set's "
                            "name and actions", tok)
        game.append_move(node, i, infoset=h)


def _chance(lex, game, node, chance_sets, file_number) -> None:
    tok = lex.next()
    number = lex.integer(tok, "a chance information set number", minimum=1)
    if lex.peek()[0] == STRING:
        label = lex.next()[1]
        brace = lex.expect(LBRACE, "'{' opening the chance actions and probabilities")
        labels, probs = [], []
        while True:
            tok = lex.next()
            if tok[0] == RBRACE:
                break
            if tok[0] != STRING:
                raise lex.error(f"expected a quoted chance-action label or '}}', found "
                                f"{describe(tok)}", tok)
            labels.append(tok[1])
            probs.append(lex.value(lex.next(), f"the probability of chance action {tok[1]!r}"))
        if not labels:
            raise lex.error("a chance move needs at least one action", brace)
        labels = [lab if lab.strip() else str(k + 1) for k, lab in enumerate(labels)]
        actions = _gambit_unique(labels)
        known = chance_sets.get(number)
        if known is None:
            chance_sets[number] = (label, tuple(actions), tuple(probs))
        elif known != (label, tuple(actions), tuple(probs)):
            raise lex.error(f"chance information set {number} was declared as {known[0]!r} "
                            f"{list(zip(known[1], map(str, known[2])))}, here differently", brace)
    else:
        if number not in chance_sets:
            raise lex.error(f"chance information set {number} is not defined yet: its first node "
                            "must give the actions and probabilities", tok)
        label, actions, probs = chance_sets[number]
    game.append_chance(node, actions, probs, infoset_label=label)
    file_number[id(node.infoset)] = number


def _outcome(lex, game, node, n, outcomes) -> None:
    tok = lex.next()
    number = lex.integer(tok, "an outcome number (0 for none)")
    if lex.peek()[0] == STRING:
        name_tok = lex.next()
        if number == 0:
            raise lex.error("outcome 0 means 'no outcome' and cannot have a name or payoffs",
                            name_tok)
        payoffs = read_payoff_list(lex, n, f"outcome {number}")
        known = outcomes.get(number)
        if known is None:
            outcomes[number] = game.add_outcome(payoffs, label=name_tok[1])
        elif known.label != name_tok[1] or tuple(known.payoffs) != payoffs:
            raise lex.error(f"outcome {number} was defined as {known.label!r} "
                            f"{[format_number(v) for v in known.payoffs]}, here as "
                            f"{name_tok[1]!r} {[format_number(v) for v in payoffs]}", name_tok)
        node.outcome = outcomes[number]
    elif number != 0:
        if number not in outcomes:
            raise lex.error(f"unknown outcome number {number}: an outcome's first appearance "
                            "must give its name and payoffs", tok)
        node.outcome = outcomes[number]


def _renumber(game, file_number) -> None:
    """Our information-set numbers follow the order of the file's numbers."""
    for sets in game.infosets:
        sets.sort(key=lambda h: file_number[id(h)])
        for k, h in enumerate(sets):
            h.number = k + 1
    game.chance_infosets.sort(key=lambda h: file_number[id(h)])
    for k, h in enumerate(game.chance_infosets):
        h.number = k + 1


# ---------------------------------------------------------------------- writing
def normal_form_tree(game):
    """A normal-form game as a tree of simultaneous moves.

    Player 1 moves at the root; every later player moves at one information set
    holding all nodes of its level, so nobody observes anyone.  The tree's
    (reduced) normal form is ``game`` again.
    """
    from ..game.extensive import ExtensiveFormGame

    tree = ExtensiveFormGame(game.players, title=game.title, description=game.description,
                             parameters=game.parameters, metadata=dict(game.metadata))
    level: list[tuple[int, tuple[int, ...]]] = [(0, ())]
    for i, strategies in enumerate(game.strategies):
        h = None
        new: list[tuple[int, tuple[int, ...]]] = []
        for k, profile in level:
            kids = tree.append_move(k, i, None if h is not None else strategies, infoset=h)
            h = tree.nodes[k].infoset
            new.extend((c.index, profile + (j,)) for j, c in enumerate(kids))
        level = new
    pay = game.payoffs
    for k, profile in level:
        tree.set_outcome(k, [pay[(i,) + profile] for i in range(game.n_players)])
    return tree


def dumps_efg(game) -> str:
    """The text of a Gambit ``.efg`` file for ``game``.

    Parameters
    ----------
    game : ExtensiveFormGame or NormalFormGame
        A numeric game; a normal-form game is written as a tree of
        simultaneous moves (:func:`normal_form_tree`).

    Raises
    ------
    UnsupportedGameError
        If the game is symbolic (substitute parameter values first).
    """
    from ..game.normal import NormalFormGame

    if isinstance(game, NormalFormGame):
        if game.is_symbolic:
            raise UnsupportedGameError(_SYMBOLIC.format(params=", ".join(game.parameters) or "?"))
        game = normal_form_tree(game)
    if game.is_symbolic:
        raise UnsupportedGameError(_SYMBOLIC.format(params=", ".join(game.parameters) or "?"))
    out = [f"EFG 2 R {quote(game.title)} {{ {' '.join(quote(p) for p in game.players)} }}",
           quote(game.description), ""]
    seen_sets: set = set()
    chance_numbers: dict = {}
    outcome_numbers: dict[int, int] = {}
    for node in game.preorder():
        h = node.infoset
        if h is None:
            parts = ["t", quote(node.label)]
        else:
            key: object
            if h.is_chance:
                # Chance nodes with the same named chance move share one number:
                # Gambit (pygambit 16.7) refuses two chance sets with one label.
                chance_key = (h.label, h.actions, h.probabilities) if h.label else id(h)
                number = chance_numbers.setdefault(chance_key, h.number)
                parts = ["c", quote(node.label), str(number)]
                key = ("c", number)
            else:
                parts = ["p", quote(node.label), str(h.player + 1), str(h.number)]
                key = id(h)
            if key not in seen_sets:
                seen_sets.add(key)
                if h.is_chance:
                    body = " ".join(f"{quote(a)} {format_number(p)}"
                                    for a, p in zip(h.actions, h.probabilities))
                else:
                    body = " ".join(quote(a) for a in h.actions)
                parts += [quote(h.label), "{", body, "}"]
        o = node.outcome
        if o is None:
            parts.append("0")
        else:
            number = outcome_numbers.get(id(o))
            if number is None:
                number = outcome_numbers[id(o)] = len(outcome_numbers) + 1
                parts += [str(number), quote(o.label),
                          "{ " + ", ".join(format_number(v) for v in o.payoffs) + " }"]
            else:
                parts.append(str(number))
        out.append(" ".join(parts))
    return "\n".join(out) + "\n"


def write_efg(game, path) -> Path:
    """Write ``game`` as a Gambit ``.efg`` file (UTF-8); see :func:`dumps_efg`."""
    path = Path(path)
    path.write_text(dumps_efg(game), encoding="utf-8")
    return path
