"""The registry of equilibrium methods: one declaration per method, asked by everyone.

Each :class:`Method` declares

* the game forms it takes (:class:`Form` for ``"nfg"`` and/or ``"efg"``: the
  function to call, given as ``"module:function"`` so that it is imported only
  when used, or as the function itself; the player counts it accepts; its
  options, each an :class:`Option` with a type, a default and a help line);
* its nature: ``finds`` is ``"all"`` (every equilibrium of its kind: extreme,
  isolated, pure or subgame-perfect, see ``help``), ``"some"`` or ``"one"``;
  ``approximate`` when it follows a numerical path (the answer is still
  verified); ``promises_one`` when it never returns an empty list on a valid
  game (unless an option named in ``limiting_options`` cuts the search);
* its ``exact`` default: ``None`` for every method, meaning *the game's own
  kind* (exact payoffs give exact answers, float payoffs float answers);
* its cost model for ``auto``: the :class:`Auto` rules, one per need
  (``"all"`` or ``"one"``), with a rank, the player counts, a budget of pure
  profiles and, where needed, a predicate on the game.

:func:`choose_method` is the one place where ``auto`` is decided:
:func:`gametheory.solvers.solve`, the command line, sweeps, batch runs and the
zugzwang diagnosis ask it.  :func:`check_options` validates a call's options
against the declaration *before* the solver runs and raises
:class:`~gametheory.exceptions.OptionError` (exit status 2 on the command line)
for an unknown method, an unknown option or a bad value.

To add a method, build a :class:`Method` and :func:`register` it (see "How to
add a solver" in ``docs/explanation/architecture.md``).
"""
from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from ..exceptions import OptionError, UnsupportedGameError

#: Needs ``choose_method`` understands: every equilibrium, or any one.
NEEDS = ("all", "one")

#: Largest normal form (pure profiles) of a game with three or more players that
#: ``auto`` gives to ``enumpoly`` (complete); larger ones go to ``simpdiv`` (one).
AUTO_ENUMPOLY_MAX_PROFILES = 64

#: Largest reduced normal form (profiles) of a two-player tree with imperfect
#: information that ``auto`` sends to ``spe`` (complete, but through normal forms);
#: larger ones go to ``seqform`` (one equilibrium, linear in the tree's size).
AUTO_SPE_MAX_PROFILES = 2_500

_TYPES: dict[str, tuple] = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,),
                            "method": (str,), "any": (object,)}


@dataclass(frozen=True)
class Option:
    """One keyword option of a method.

    ``type`` is ``"int"``, ``"float"``, ``"bool"``, ``"str"``, ``"method"`` (``"auto"``
    or a registered method) or ``"any"`` (an object the solver checks itself,
    such as a starting profile); ``nullable``
    allows ``None``; ``choices`` and ``minimum`` restrict the value.
    """

    name: str
    type: str
    default: Any
    help: str
    nullable: bool = False
    choices: tuple = ()
    minimum: float | None = None

    def check(self, value, method: str) -> Any:
        """``value`` if it is acceptable, else :class:`OptionError` naming the method and option."""
        where = f"method {method!r}, option {self.name!r}"
        if value is None:
            if self.nullable:
                return None
            raise OptionError(f"{where}: a value is required ({self.type})")
        kinds = _TYPES[self.type]
        if self.type != "any" and (not isinstance(value, kinds)
                                   or (self.type in ("int", "float") and isinstance(value, bool))):
            raise OptionError(f"{where}: expected {self.type}, got {value!r}")
        if self.choices and value not in self.choices:
            raise OptionError(f"{where}: expected one of {', '.join(map(str, self.choices))}, got {value!r}")
        if self.minimum is not None and self.type in ("int", "float") and not value >= self.minimum:
            raise OptionError(f"{where}: expected at least {self.minimum}, got {value!r}")
        if self.type == "method":
            check_method_name(value)
        return value

    def parse(self, text: str, method: str) -> Any:
        """The value of ``text`` (a command-line ``NAME=VALUE``), checked.  Numbers and
        booleans are read by :func:`int`/:func:`float` and a word list, never evaluated."""
        raw = text.strip()
        if self.nullable and raw.lower() in ("none", "null"):
            return None
        value: Any = raw
        try:
            if self.type == "int":
                value = int(raw)
            elif self.type == "float":
                value = float(raw)
            elif self.type == "bool":
                words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
                value = words[raw.lower()]
        except (ValueError, KeyError):
            raise OptionError(f"method {method!r}, option {self.name!r}: expected {self.type}, "
                              f"got {raw!r}") from None
        return self.check(value, method)


@dataclass(frozen=True)
class Form:
    """How a method takes one game form: the function, the player counts, the options."""

    target: str | Callable
    options: tuple[Option, ...] = ()
    players: tuple[int, int | None] = (1, None)

    def function(self) -> Callable:
        """The solver function (imported on first use when given as ``"module:function"``)."""
        if callable(self.target):
            return self.target
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)

    def option(self, name: str) -> Option | None:
        return next((o for o in self.options if o.name == name), None)

    def takes_players(self, n: int) -> bool:
        lo, hi = self.players
        return n >= lo and (hi is None or n <= hi)


@dataclass(frozen=True)
class Auto:
    """When ``auto`` picks a method for a need.

    Among the methods whose rule for the need accepts the game, the lowest
    ``rank`` wins.  ``players`` bounds the player count; ``max_profiles`` is the
    budget of pure profiles (``None``: no budget), compared with the method's
    ``cost(game)``; ``choose_method(..., max_profiles=N)`` replaces every budget
    by ``N``; ``when`` is an extra predicate on the game (zero sum, a tree, ...).
    """

    rank: int
    players: tuple[int, int | None] = (1, None)
    max_profiles: int | None = None
    when: Callable[[Any], bool] | None = None


def normal_form_profiles(game) -> int:
    """Pure profiles of a normal-form game (the product of the strategy counts)."""
    return math.prod(game.shape)


@dataclass(frozen=True)
class Method:
    """The declaration of one equilibrium method (see the module docstring)."""

    name: str
    help: str
    nfg: Form | None = None
    efg: Form | None = None
    finds: str = "one"
    complete: bool = False
    approximate: bool = False
    promises_one: bool = True
    limiting_options: tuple[str, ...] = ()
    exact: bool | None = None
    auto: Mapping[str, Auto] = field(default_factory=dict)
    cost: Callable[[Any], int] = normal_form_profiles
    source: str = ""

    def forms(self) -> tuple[str, ...]:
        return tuple(f for f in ("nfg", "efg") if getattr(self, f) is not None)

    def form_for(self, game) -> tuple[str, Form]:
        """``(form name, Form)`` the method uses for ``game`` (a tree without an
        ``efg`` entry goes through its reduced normal form)."""
        is_tree = _is_tree(game)
        if is_tree and self.efg is not None:
            return "efg", self.efg
        if self.nfg is not None:
            return "nfg", self.nfg
        raise UnsupportedGameError(f"method {self.name!r} needs a game tree (an extensive-form game)")

    def auto_accepts(self, game, need: str, max_profiles: int | None) -> bool:
        rule = self.auto.get(need)
        if rule is None:
            return False
        n = game.n_players
        if not (n >= rule.players[0] and (rule.players[1] is None or n <= rule.players[1])):
            return False
        if (self.efg if _is_tree(game) else self.nfg) is None:
            return False
        if rule.when is not None and not rule.when(game):
            return False
        budget = rule.max_profiles if max_profiles is None or rule.max_profiles is None else max_profiles
        return budget is None or self.cost(game) <= budget


def _is_tree(game) -> bool:
    from ..game import ExtensiveFormGame
    return isinstance(game, ExtensiveFormGame)


_REGISTRY: dict[str, Method] = {}


def register(method: Method, *, replace: bool = False) -> Method:
    """Add ``method`` to the registry (``replace=True`` to redefine a name); returns it."""
    if not isinstance(method, Method):
        raise OptionError(f"register() expects a Method, got {type(method).__name__}")
    if not method.name or not method.name.replace("_", "").replace("-", "").isalnum() or method.name == "auto":
        raise OptionError(f"register(): {method.name!r} is not a usable method name")
    if method.name in _REGISTRY and not replace:
        raise OptionError(f"register(): method {method.name!r} is already registered (pass replace=True)")
    if not method.forms():
        raise OptionError(f"register(): method {method.name!r} declares no game form (nfg or efg)")
    if method.finds not in ("all", "some", "one"):
        raise OptionError(f"register(): method {method.name!r}: finds must be 'all', 'some' or 'one'")
    if method.exact is not None:
        raise OptionError(f"register(): method {method.name!r}: the exact default must be None "
                          "(the game's own kind)")
    _REGISTRY[method.name] = method
    return method


def unregister(name: str) -> Method:
    """Remove a method from the registry and return its declaration."""
    return _REGISTRY.pop(get(name).name)


def get(name: str) -> Method:
    """The declaration of method ``name``; :class:`OptionError` for an unknown name."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise OptionError(f"unknown method {name!r}; choose one of: auto, {', '.join(_REGISTRY)}") from None


def names() -> tuple[str, ...]:
    """Every registered method name, in registration order (``auto`` is not one)."""
    return tuple(_REGISTRY)


def methods() -> Iterator[Method]:
    return iter(tuple(_REGISTRY.values()))


def method_help() -> str:
    """One line per method (``name: help``), for command-line help texts."""
    return "; ".join(f"{m.name}: {m.help}" for m in methods())


def check_method_name(method: str) -> str:
    """``method`` if it is ``"auto"`` or registered, else :class:`OptionError`."""
    if method != "auto":
        get(method)
    return method


def check_options(method: str, game, options: Mapping[str, Any]) -> dict:
    """The options of a call of ``method`` on ``game``, validated against the
    declaration of the form the method will use; :class:`OptionError` for an
    unknown option or a value of the wrong type, before anything runs."""
    spec = get(method)
    form_name, form = spec.form_for(game)
    out = {}
    for key, value in options.items():
        opt = form.option(key)
        if opt is None:
            known = ", ".join(o.name for o in form.options) or "none"
            raise OptionError(f"method {method!r} ({form_name}): unknown option {key!r}; known options: {known}")
        out[key] = opt.check(value, method)
    return out


def parse_options(method: str, game, items) -> dict:
    """``["NAME=VALUE", ...]`` from the command line, parsed by each option's type."""
    spec = get(method)
    _, form = spec.form_for(game)
    out = {}
    for item in items or ():
        key, sep, text = str(item).partition("=")
        opt = form.option(key.strip())
        if not sep or opt is None:
            known = ", ".join(o.name for o in form.options) or "none"
            raise OptionError(f"--option {item!r}: expected NAME=VALUE with NAME one of the options of "
                              f"method {method!r}: {known}")
        out[opt.name] = opt.parse(text, method)
    return out


def choose_method(game, *, need: str = "all", max_profiles: int | None = None) -> str:
    """The method ``auto`` stands for, for ``game`` and a ``need``.

    Parameters
    ----------
    game : NormalFormGame or ExtensiveFormGame
    need : {"all", "one"}
        ``"all"``: a complete method where one fits its budget, else the best
        method for one equilibrium (today: ``pure`` for one player, ``enummixed``
        for two, ``enumpoly`` up to :data:`AUTO_ENUMPOLY_MAX_PROFILES` profiles
        for more, else ``simpdiv``; trees ``spe`` unless a two-player tree with
        imperfect information has a reduced normal form over
        :data:`AUTO_SPE_MAX_PROFILES` profiles, then ``seqform``).  ``"one"``:
        the cheapest method that promises one equilibrium (``lp`` for two-player
        zero-sum games, ``lh`` for two players, ``simpdiv`` for more;
        ``seqform`` for two-player trees with perfect recall, else ``spe``).
    max_profiles : int, optional
        Replaces every budget above: for example ``max_profiles=18`` means
        "``enumpoly`` only up to 18 profiles, else ``simpdiv``".
    """
    if need not in NEEDS:
        raise OptionError(f"choose_method: need must be one of {', '.join(NEEDS)}, got {need!r}")
    fits = [m for m in methods() if m.auto_accepts(game, need, max_profiles)]
    if not fits:
        raise UnsupportedGameError(f"no registered method fits this game for need={need!r}")
    return min(fits, key=lambda m: m.auto[need].rank).name


def _function_target(entry: Form) -> str:
    return entry.target if isinstance(entry.target, str) else \
        f"{entry.target.__module__}:{entry.target.__qualname__}"


class LegacyMethods(Mapping):
    """Read-only view ``name -> {"nfg": "module:function", "efg": ..., "help": ...}``
    of the registry (the shape of the old ``METHODS`` dict)."""

    def __getitem__(self, name: str) -> dict:
        if name not in _REGISTRY:
            raise KeyError(name)
        m = _REGISTRY[name]
        out = {f: _function_target(getattr(m, f)) for f in m.forms()}
        out["help"] = m.help
        return out

    def __iter__(self):
        return iter(names())

    def __len__(self) -> int:
        return len(_REGISTRY)

    def __contains__(self, name) -> bool:
        return name in _REGISTRY
