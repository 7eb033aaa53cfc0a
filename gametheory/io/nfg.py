"""Gambit strategic-form files (``.nfg``): reading and writing.

The format is Gambit's (see ``docs/reference/gambit-formats.md`` and the Gambit
documentation, "The strategic game (.nfg) file format").  A file starts with the
prologue ``NFG 1 R "title" { "player" ... }``, then either

* the **payoff version**: the number of strategies of each player
  ``{ 3 2 }``, an optional comment string and a flat list of payoffs, one per
  player for each profile, the *first* player's strategy changing fastest; or
* the **outcome version**: the strategy labels of each player
  ``{ { "U" "D" } { "L" "R" } }``, an optional comment string, a list of
  outcomes ``{ { "name" 1, 2 } ... }`` and one outcome number per profile (same
  order; ``0`` means payoff 0 to everyone).

Both versions are read; the writer uses the payoff version when every strategy
label is its position (``"1"``, ``"2"``, ...) and the outcome version otherwise
(so labels survive).  Numbers are read exactly (``0.1`` is 1/10, ``1/3`` is a
third).  Stricter than Gambit's own reader: a strategy count must be a whole
number (``2.5`` is an error, not 2), a header that promises more payoffs than
the file could possibly hold is refused before anything is allocated, extra data
after the table is an error, NaN/infinite payoffs and duplicate labels are
errors.  Each error names the file and the line.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from ..exceptions import InvalidGameError, UnsupportedGameError
from ..game.normal import DUPLICATES, check_table_size
from . import read_text
from .gambit_lexer import (COMMA, EOF, LBRACE, NUMBER, RBRACE, STRING, SYMBOL, Lexer, describe,
                           format_number, quote)

__all__ = ["read_nfg", "loads_nfg", "write_nfg", "dumps_nfg"]

#: Tables with more values than this are checked against the size of the file
#: before any payoff is read (a header of 100000 x 100000 over a short file fails
#: at once, naming the header); smaller ones report exactly where data ends.
ROOM_CHECK = 100_000


# ---------------------------------------------------------------------- reading
def read_nfg(path):
    """Read a Gambit ``.nfg`` file into a :class:`~gametheory.game.normal.NormalFormGame`.

    Parameters
    ----------
    path : str or path-like
        The file; UTF-8 (a byte-order mark is ignored).

    Returns
    -------
    NormalFormGame
        Exact payoffs (Fractions); title and comment as ``title`` and
        ``description``.

    Raises
    ------
    InvalidGameError
        Naming the file, the line and what was expected.
    """
    return loads_nfg(read_text(path), file=path)


def read_header(lex: Lexer, kind: str, version: str) -> str:
    """Check ``<kind> <version> R`` (``D`` is accepted too: old Gambit files) and
    return the title.  Shared with the ``.efg`` reader."""
    tok = lex.next()
    if tok[0] == EOF:
        raise lex.error("the file is empty", tok)
    if tok[0] != SYMBOL or tok[1] != kind:
        raise lex.error(f"expected the file type {kind!r} at the start of a .{kind.lower()} file, "
                        f"found {describe(tok)}", tok)
    tok = lex.next()
    if tok[0] != NUMBER or tok[1] != version:
        raise lex.error(f"unsupported {kind} version {describe(tok)}: expected "
                        f"'{kind} {version} R'", tok)
    tok = lex.next()
    if tok[0] != SYMBOL or tok[1] not in ("R", "D"):
        raise lex.error(f"expected the data type 'R' after '{kind} {version}', found "
                        f"{describe(tok)}", tok)
    tok = lex.next()
    if tok[0] != STRING:
        raise lex.error(f"expected the game title (a quoted string) after '{kind} {version} R', "
                        f"found {describe(tok)}", tok)
    return tok[1]


def read_labels(lex: Lexer, what: str, default, owner: str = "",
                repeats: list | None = None) -> tuple[list[str], int]:
    """A braced list of strings ``{ "a" "b" }``; returns the labels (empty ones
    replaced by ``default(k)``) and the offset of the opening brace.

    Duplicate labels are an error (labels are how a player or a strategy is
    named everywhere in gametheory; Gambit renames them ``x_1``, ``x_2``).
    """
    start = lex.expect(LBRACE, f"'{{' opening the list of {what}s")
    labels, offsets = [], []
    while True:
        tok = lex.next()
        if tok[0] == RBRACE:
            break
        if tok[0] != STRING:
            raise lex.error(f"expected a quoted {what} label or '}}', found {describe(tok)}", tok)
        labels.append(tok[1])
        offsets.append(tok[2])
    return check_labels(lex, labels, offsets, what, default, owner, repeats), start[2]


def check_labels(lex: Lexer, labels, offsets, what: str, default, owner: str = "",
                 repeats: list | None = None) -> list[str]:
    """Fill empty labels with ``default(k)`` (k from 1) and check duplicates.

    Player labels must be unique.  Strategy and action labels may repeat, as
    Gambit allows (its own test files do): with a list ``repeats`` each repeat
    is recorded there (for one warning per file, :func:`warn_repeats`) and kept;
    the game then refers to those entries by position.
    """
    out = [lab if lab.strip() else default(k + 1) for k, lab in enumerate(labels)]
    seen: dict[str, int] = {}
    for k, lab in enumerate(out):
        if lab in seen:
            if repeats is None:
                raise lex.error(f"duplicate {what} label {lab!r}{owner} (positions "
                                f"{seen[lab] + 1} and {k + 1}); labels must be unique",
                                offset=offsets[k])
            repeats.append(f"{what} {lab!r}{owner} (positions {seen[lab] + 1} and {k + 1}, "
                           f"line {lex.line_of(offsets[k])})")
            continue
        seen[lab] = k
    return out


def warn_repeats(repeats: list, file) -> None:
    """One :class:`~gametheory.exceptions.DuplicateLabelWarning` for a file's repeated labels."""
    if repeats:
        import warnings

        from ..exceptions import DuplicateLabelWarning
        more = f" and {len(repeats) - 1} more" if len(repeats) > 1 else ""
        warnings.warn(DuplicateLabelWarning(
            f"{file or 'the game'}: repeated label: {repeats[0]}{more}; the entries are kept "
            "(as Gambit does), so refer to them by position: a lookup by that label is an "
            "error"), stacklevel=3)


def read_preamble(text: str, file, kind: str, version: str) -> tuple[Lexer, str, list[str]]:
    """Start reading a Gambit file: drop a byte-order mark, read the header line
    and the player list.  Returns the lexer, the title and the player labels."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lex = Lexer(text, file)
    title = read_header(lex, kind, version)
    players, _ = read_labels(lex, "player", lambda k: f"Player {k}")
    if not players:
        raise lex.error("the game has no players: the player list is empty")
    return lex, title, players


def loads_nfg(text: str, file=None):
    """Parse the text of a Gambit ``.nfg`` file; ``file`` names it in errors.

    See :func:`read_nfg`.
    """
    from ..game.normal import NormalFormGame

    lex, title, players = read_preamble(text, file, "NFG", "1")
    n = len(players)

    # Strategies: counts (payoff version) or nested label lists (outcome version).
    lex.expect(LBRACE, "'{' opening the strategy counts or strategy labels")
    repeats: list[str] = []
    strategies: list[list[str]] = []
    counts: list[int] = []
    tok = lex.peek()
    if tok[0] == LBRACE:
        for i in range(n):
            tok = lex.peek()
            if tok[0] != LBRACE:
                raise lex.error(f"expected '{{' opening the strategy labels of player "
                                f"{players[i]!r} ({n} players), found {describe(tok)}", tok)
            labels, offset = read_labels(lex, "strategy", str, f" of {players[i]!r}", repeats)
            if not labels:
                raise lex.error(f"player {players[i]!r} has no strategies", offset=offset)
            strategies.append(labels)
    else:
        for i in range(n):
            tok = lex.next()
            if tok[0] == RBRACE or tok[0] == EOF:
                raise lex.error(f"{i} strategy counts for {n} players: expected one count per "
                                "player", tok)
            counts.append(lex.integer(tok, f"the number of strategies of player {players[i]!r}",
                                      minimum=1))
    tok = lex.next()
    if tok[0] != RBRACE:
        raise lex.error(f"expected '}}' closing the strategies of the {n} players, found "
                        f"{describe(tok)}", tok)
    shape = tuple(counts) if counts else tuple(len(s) for s in strategies)
    try:
        profiles = check_table_size(n, shape) // n
    except InvalidGameError as exc:
        raise lex.error(f"the header declares a {'x'.join(map(str, shape))} table of {n} "
                        f"players: {exc.message}") from None
    if counts:  # check the size before making any label (each profile needs a value)
        if profiles > ROOM_CHECK:
            _check_room(lex, profiles, "values", shape)
        strategies = [[str(k + 1) for k in range(m)] for m in counts]

    description = ""
    if lex.peek()[0] == STRING:
        description = lex.next()[1]

    tok = lex.peek()
    if tok[0] == LBRACE:
        flat = _outcome_body(lex, n, shape, profiles)
    elif tok[0] == NUMBER:
        flat = _payoff_body(lex, n, shape, profiles)
    elif tok[0] == EOF:
        raise lex.error(f"the file ends before the payoffs: expected {n * profiles} payoffs "
                        "or a list of outcomes", tok)
    else:
        raise lex.error(f"expected the payoffs (numbers) or the list of outcomes ('{{'), found "
                        f"{describe(tok)}", tok)
    tok = lex.next()
    if tok[0] != EOF:
        raise lex.error(f"unexpected data after the complete payoff table: {describe(tok)}", tok)

    # flat[k * n + i] is player i's payoff at profile k, the first player fastest.
    arr = np.empty(n * profiles, dtype=object)
    arr[:] = flat
    payoffs = arr.reshape((profiles, n)).T.reshape((n,) + shape[::-1]).transpose(
        [0] + list(range(n, 0, -1)))
    metadata: dict[str, object] = {"format": "nfg"}
    if repeats:
        metadata[DUPLICATES] = True
    try:
        game = NormalFormGame(np.ascontiguousarray(payoffs), players, strategies, title=title,
                              description=description, metadata=metadata)
    except InvalidGameError as exc:
        raise exc.located(file=file) from None
    warn_repeats(repeats, file)
    return game


def _check_room(lex: Lexer, count: int, what: str, shape) -> None:
    """Refuse a table that cannot fit in the rest of the file, before allocating it.

    Each value takes at least one character plus a separator, so ``count``
    values need at least ``2 * count - 1`` characters.
    """
    if 2 * count - 1 > lex.remaining_chars():
        table = "x".join(map(str, shape))
        raise lex.error(f"the header declares a {table} table, which needs {count} {what}, but "
                        f"only {lex.remaining_chars()} characters are left in the file: the "
                        "strategy counts are wrong or the file is truncated")


def _payoff_body(lex: Lexer, n: int, shape, profiles: int) -> list:
    count = n * profiles
    if count > ROOM_CHECK:
        _check_room(lex, count, "payoffs", shape)
    flat = lex.numbers(count)
    if len(flat) < count:
        tok = lex.peek()
        k = len(flat)
        where = f"profile {k // n + 1}, player {k % n + 1}"
        if tok[0] == EOF:
            raise lex.error(f"the file ends after {k} payoffs; expected {count} "
                            f"({n} players x {profiles} profiles)", tok)
        lex.value(tok, f"a numeric payoff ({where})")
        raise lex.error(f"cannot read the payoff of {where}", tok)
    tok = lex.peek()
    if tok[0] == NUMBER:
        extra = len(lex.numbers(10 ** 9))  # includes the peeked one
        raise lex.error(f"too many payoffs: {count + extra} given, expected {count} "
                        f"({n} players x {profiles} profiles)", tok)
    return flat


def _outcome_body(lex: Lexer, n: int, shape, profiles: int) -> list:
    if profiles > ROOM_CHECK:
        _check_room(lex, profiles, "outcome numbers", shape)
    lex.expect(LBRACE, "'{' opening the list of outcomes")
    outcomes: list[tuple] = [(Fraction(0),) * n]
    while True:
        tok = lex.next()
        if tok[0] == RBRACE:
            break
        if tok[0] != LBRACE:
            raise lex.error(f"expected '{{' opening outcome {len(outcomes)} or '}}' closing the "
                            f"list of outcomes, found {describe(tok)}", tok)
        lex.expect(STRING, f"the name of outcome {len(outcomes)} (a quoted string, may be \"\")")
        outcomes.append(read_payoff_list(lex, n, f"outcome {len(outcomes)}", opened=True))
    flat: list = []
    for k in range(profiles):
        tok = lex.next()
        if tok[0] == EOF:
            raise lex.error(f"the file ends after {k} outcome numbers; expected {profiles} "
                            "(one per profile)", tok)
        j = lex.integer(tok, f"the outcome number of profile {k + 1}")
        if j >= len(outcomes):
            raise lex.error(f"unknown outcome number {j} at profile {k + 1}: the file defines "
                            f"outcomes 1 to {len(outcomes) - 1} (0 means no outcome)", tok)
        flat.extend(outcomes[j])
    tok = lex.peek()
    if tok[0] == NUMBER:
        raise lex.error(f"too many outcome numbers: expected {profiles} (one per profile)", tok)
    return flat


def read_payoff_list(lex: Lexer, n: int, what: str, *, opened: bool = False) -> tuple:
    """``{ p1 p2 ... }`` with optional commas: exactly ``n`` payoffs, one per player."""
    if not opened:
        lex.expect(LBRACE, f"'{{' opening the payoffs of {what}")
    values: list[Fraction] = []
    while True:
        tok = lex.next()
        if tok[0] == RBRACE:
            break
        if tok[0] == COMMA and values:
            continue
        if tok[0] == EOF:
            raise lex.error(f"the file ends inside the payoffs of {what}", tok)
        if len(values) == n and tok[0] == NUMBER:
            raise lex.error(f"{what} has more than {n} payoffs; expected one per player ({n})", tok)
        values.append(lex.value(tok, f"a numeric payoff of {what} or '}}'"))
    if len(values) != n:
        raise lex.error(f"{what} has {len(values)} payoff{'s' if len(values) != 1 else ''}, "
                        f"expected {n} (one per player)", tok)
    return tuple(values)


# ---------------------------------------------------------------------- writing
def _numeric_game(game):
    """The normal form to write (trees give their reduced normal form)."""
    from ..game.extensive import ExtensiveFormGame

    if isinstance(game, ExtensiveFormGame):
        if game.is_symbolic:
            raise UnsupportedGameError(_SYMBOLIC.format(params=", ".join(game.parameters) or "?"))
        game = game.to_normal_form()
    if game.is_symbolic:
        raise UnsupportedGameError(_SYMBOLIC.format(params=", ".join(game.parameters) or "?"))
    return game


_SYMBOLIC = ("the game is symbolic (parameters {params}); Gambit files hold numbers only: "
             "call substitute() first (the CLI: gametheory convert IN OUT --param name=value)")


def dumps_nfg(game, version: str | None = None) -> str:
    """The text of a Gambit ``.nfg`` file for ``game``.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
        A numeric game (a tree is written as its reduced normal form).
    version : {"payoff", "outcome"}, optional
        Force a version of the format.  By default the payoff version is used
        when every strategy label is its position (``"1"``, ``"2"``, ...), the
        outcome version otherwise, so that labels are kept.

    Raises
    ------
    UnsupportedGameError
        If the game is symbolic (substitute parameter values first).
    """
    game = _numeric_game(game)
    if version is None:
        plain = all(s == tuple(str(k + 1) for k in range(len(s))) for s in game.strategies)
        version = "payoff" if plain else "outcome"
    if version not in ("payoff", "outcome"):
        raise ValueError(f"version must be 'payoff' or 'outcome', not {version!r}")
    n = game.n_players
    # Profiles in Gambit's order (first player fastest): transpose the strategy axes.
    pay = game.payoffs
    ordered = pay.transpose([0] + list(range(n, 0, -1))).reshape(n, -1).T.tolist()
    cache: dict = {}

    def fmt(v):
        key = (type(v), v)
        s = cache.get(key)
        if s is None:
            s = cache[key] = format_number(v)
        return s

    out = [f"NFG 1 R {quote(game.title)} {{ {' '.join(quote(p) for p in game.players)} }}"]
    if version == "payoff":
        out.append("{ " + " ".join(str(m) for m in game.shape) + " }")
        out.append(quote(game.description))
        out.append("")
        out.append("\n".join(" ".join(fmt(v) for v in row) for row in ordered))
    else:
        out.append("")
        out.append("{ " + "\n".join("{ " + " ".join(quote(s) for s in strat) + " }"
                                    for strat in game.strategies) + "\n}")
        out.append(quote(game.description))
        out.append("")
        numbers: dict = {}
        index = []
        lines = ["{"]
        for row in ordered:
            text = ", ".join(fmt(v) for v in row)
            k = numbers.get(text)
            if k is None:
                k = numbers[text] = len(numbers) + 1
                lines.append(f'{{ "" {text} }}')
            index.append(k)
        lines.append("}")
        out.append("\n".join(lines))
        out.append(" ".join(map(str, index)))
    return "\n".join(out) + "\n"


def write_nfg(game, path, version: str | None = None) -> Path:
    """Write ``game`` as a Gambit ``.nfg`` file (UTF-8); see :func:`dumps_nfg`."""
    path = Path(path)
    path.write_text(dumps_nfg(game, version=version), encoding="utf-8")
    return path
