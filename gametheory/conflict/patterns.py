"""States of an option-form conflict written as Y/N patterns (option 0 is the lowest bit
of a state's code) and patterns with ``-`` wildcards turned into bit masks.

Shared by the model, the preference statements and the hypergames, below all of them.
"""
from __future__ import annotations

from ..exceptions import InvalidGameError

__all__ = ["code_pattern", "pattern_code", "pattern_mask"]


def pattern_code(pattern: str) -> int:
    """``"YNY"`` -> 5 (option 0 is the lowest bit)."""
    return sum(1 << k for k, ch in enumerate(pattern) if ch == "Y")


def code_pattern(code: int, n_options: int) -> str:
    """5, 3 -> ``"YNY"``: the inverse of :func:`pattern_code` for ``n_options`` options."""
    return "".join("Y" if (code >> k) & 1 else "N" for k in range(n_options))


def pattern_mask(pattern: str, n_options: int, where: str = "pattern") -> tuple[int, int]:
    """A Y/N/- pattern -> (care mask, required bits); ``-`` means either."""
    if len(pattern) != n_options or not set(pattern) <= {"Y", "N", "-"}:
        raise InvalidGameError(f"{where}: expected a pattern of {n_options} characters Y, N or -, "
                               f"got {pattern!r}")
    care = sum(1 << k for k, ch in enumerate(pattern) if ch != "-")
    bits = pattern_code(pattern)
    return care, bits
