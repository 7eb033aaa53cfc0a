"""Game objects: normal form, extensive form, profiles."""
from .normal import NormalFormGame, Parameter  # noqa: F401
from .extensive import CHANCE, ExtensiveFormGame, Infoset, Node, Outcome  # noqa: F401
from .profiles import MixedStrategyProfile, PlayerMix  # noqa: F401
