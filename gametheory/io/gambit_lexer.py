"""A linear-time tokenizer shared by the Gambit ``.nfg`` and ``.efg`` readers.

Gambit's files are a stream of whitespace-separated tokens (see the Gambit
documentation, "Game representation formats"):

* ``{`` ``}`` and ``,`` (the comma is an optional separator between payoffs);
* quoted strings ``"..."``: ``\\"`` stands for a quote and ``\\\\`` for a
  backslash (the escapes Gambit's writer produces with ``std::quoted``); any
  other backslash is kept as it is, as Gambit's reader does; strings may span
  lines and hold any UTF-8 text;
* numbers: integers, decimals (``-2.5``, ``.5``, ``1e-3``) and rationals
  (``1/3``), always converted exactly to :class:`fractions.Fraction`;
* symbols: any other run of non-blank characters (``NFG``, ``R``, ``p``).

The lexer never slices the remaining text (each token is matched in place with
a compiled regular expression at the current offset), so a file of ``n``
characters is read in ``O(n)``; line numbers are computed only when an error is
reported.  Number texts are converted once and cached, which makes large
payoff tables with repeated values cheap.
"""
from __future__ import annotations

import re
from fractions import Fraction

from ..exceptions import InvalidGameError
from ..limits import Limits, check_number_text

#: The token kinds.
LBRACE, RBRACE, COMMA = "{", "}", ","
STRING, NUMBER, SYMBOL, EOF = "string", "number", "symbol", "end of file"

# Possessive quantifiers and an atomic group: a long run of digits that turns out
# not to be a number (``123...9x``) is given up at once, not backtracked digit by
# digit (which made a 20,000-digit token quadratic).
_NUMBER = r"(?>[+-]?(?:\d++/\d++|(?:\d++(?:\.\d*+)?+|\.\d++)(?:[eE][+-]?\d++)?+))"
_END = r"(?=[\s{},\"]|\Z)"
# ASCII only: blanks and digits are what Gambit's reader takes them to be.
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<lb>\{)|(?P<rb>\})|(?P<comma>,)"
    r"|\"(?P<string>(?:[^\"\\]++|\\.)*+)\""
    rf"|(?P<number>{_NUMBER}){_END}"
    r"|(?P<symbol>[^\s{},\"]+)"
    r"|(?P<open>\")"
    r"|(?P<eof>\Z))", re.S | re.A)
_FAST_NUMBER = re.compile(rf"\s*({_NUMBER}){_END}", re.A)
_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?", re.A)
#: Digits per chunk when converting very long integers (Python limits int <-> str
#: conversions to 4300 digits at a time).
_CHUNK = 1000
_ESCAPE = re.compile(r"\\([\\\"])")
_KINDS = {"lb": LBRACE, "rb": RBRACE, "comma": COMMA, "string": STRING, "number": NUMBER,
          "symbol": SYMBOL, "eof": EOF}

#: Default of the largest decimal exponent accepted in a number (``1e400`` is fine,
#: ``1e999999`` is not); the limit in force is ``gametheory.limits.current().digits``.
MAX_EXPONENT = Limits.digits


def parse_int(text: str) -> int:
    """``int(text)`` for a string of ASCII digits (with a sign) of any length."""
    if len(text) <= 4000:
        return int(text)
    sign = -1 if text[0] == "-" else 1
    digits = text.lstrip("+-")
    value = 0
    for k in range(0, len(digits), _CHUNK):
        part = digits[k:k + _CHUNK]
        value = value * 10 ** len(part) + int(part)
    return sign * value


def int_text(n: int) -> str:
    """``str(n)`` for an integer of any size."""
    try:
        return str(n)
    except ValueError:  # more than sys.get_int_max_str_digits() digits
        sign, n = ("-", -n) if n < 0 else ("", n)
        chunks = []
        base = 10 ** _CHUNK
        while n:
            n, r = divmod(n, base)
            chunks.append(f"{r:0{_CHUNK}d}")
        return sign + "".join(reversed(chunks)).lstrip("0")


def parse_number(text: str) -> Fraction:
    """The exact value of a number token: ``3``, ``-2.5``, ``.5``, ``1e-3``, ``1/3``."""
    if "/" in text:
        num, den = text.split("/")
        return Fraction(parse_int(num), parse_int(den))
    try:
        return Fraction(text)
    except ValueError:  # a very long mantissa
        match = _DECIMAL.fullmatch(text)
        if match is None:
            raise
        sign, whole, frac, exp = match.groups()
        frac = frac or ""
        value = parse_int((whole + frac) or "0")
        shift = int(exp or 0) - len(frac)
        v = Fraction(value * 10 ** shift) if shift >= 0 else Fraction(value, 10 ** -shift)
        return -v if sign == "-" else v


def describe(token) -> str:
    """How a token is named in error messages."""
    kind, text, _ = token
    if kind == EOF:
        return "the end of the file"
    if kind == STRING:
        shown = text if len(text) <= 40 else text[:37] + "..."
        return f"the string {shown!r}"
    if kind in (LBRACE, RBRACE, COMMA):
        return f"{kind!r}"
    return f"{text!r}" if len(text) <= 40 else f"{text[:37]!r}..."


def quote(label: str) -> str:
    """A label as a Gambit string: quotes and backslashes escaped (as ``std::quoted``)."""
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_number(value) -> str:
    """A payoff or probability as Gambit text that reads back exactly.

    Fractions are written ``p/q`` (or ``p``); floats by their shortest ``repr``,
    which the readers turn into the Fraction of that decimal (so a float game
    reads back ``==`` to itself).
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int_text(value.numerator)
        return f"{int_text(value.numerator)}/{int_text(value.denominator)}"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return format_number(Fraction(value))


class Lexer:
    """Tokens of one Gambit file, read on demand.

    A token is a tuple ``(kind, text, offset)``; ``text`` is the unescaped
    contents for strings.  Use :meth:`error` to build an
    :class:`~gametheory.exceptions.InvalidGameError` naming the file and line.
    """

    def __init__(self, text: str, file=None):
        self.text = text
        self.file = None if file is None else str(file)
        self.pos = 0
        self._peeked = None
        self._values: dict[str, Fraction] = {}

    # ------------------------------------------------------------------ positions
    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset (computed on demand)."""
        return self.text.count("\n", 0, offset) + 1

    def error(self, message: str, token=None, *, offset: int | None = None,
              path: str | None = None) -> InvalidGameError:
        """An InvalidGameError at ``token`` (or ``offset``, or the current position)."""
        if offset is None:
            offset = token[2] if token is not None else self.pos
        return InvalidGameError(message, file=self.file, line=self.line_of(offset), path=path)

    # ------------------------------------------------------------------ tokens
    def _scan(self):
        m = _TOKEN.match(self.text, self.pos)
        # Some named alternative always matches: the last ones take any character and the end.
        assert m is not None and m.lastgroup is not None
        group = m.lastgroup
        kind = _KINDS.get(group)
        if group == "open":
            raise self.error("unterminated string: the closing '\"' is missing",
                             offset=m.start("open"))
        text = m.group(group)
        start = m.start(group)
        if kind == EOF:  # report the end of the last line that holds anything
            start = len(self.text.rstrip())
        if kind == STRING and "\\" in text:
            text = _ESCAPE.sub(r"\1", text)
        self.pos = m.end()
        return (kind, text, start)

    def next(self):
        """The next token (``(EOF, "", offset)`` at the end)."""
        if self._peeked is not None:
            tok, self._peeked = self._peeked, None
            return tok
        return self._scan()

    def peek(self):
        """The next token, without consuming it."""
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def expect(self, kind: str, what: str):
        """The next token, which must be of ``kind``; ``what`` names it in the error."""
        tok = self.next()
        if tok[0] != kind:
            raise self.error(f"expected {what}, found {describe(tok)}", tok)
        return tok

    # ------------------------------------------------------------------ values
    def value(self, tok, what: str) -> Fraction:
        """The exact value of a number token; ``what`` names the expected value."""
        if tok[0] != NUMBER:
            found = describe(tok)
            if tok[0] == SYMBOL and tok[1].lower().lstrip("+-") in ("nan", "inf", "infinity"):
                raise self.error(f"expected {what}, found {found}: payoffs and probabilities "
                                 "must be finite numbers", tok)
            raise self.error(f"expected {what} (an integer, a decimal or a fraction like 1/3), "
                             f"found {found}", tok)
        text = tok[1]
        v = self._values.get(text)
        if v is None:
            v = self._convert(text, tok[2])
        return v

    def _convert(self, text: str, offset: int) -> Fraction:
        try:
            for part in text.split("/"):
                check_number_text(part)
        except InvalidGameError as exc:
            raise self.error(exc.message, offset=offset) from None
        if "/" in text and text.split("/")[1].strip("0") == "":
            raise self.error(f"division by zero in the number {text!r}", offset=offset)
        v = parse_number(text)
        self._values[text] = v
        return v

    def integer(self, tok, what: str, *, minimum: int = 0) -> int:
        """A whole number token (``2``, not ``2.5``) of at least ``minimum``."""
        if tok[0] != NUMBER or not tok[1].lstrip("+-").isdigit():
            raise self.error(f"expected {what} (a whole number), found {describe(tok)}", tok)
        if len(tok[1]) > 18:  # no count or number in a game file is that large
            raise self.error(f"expected {what}, found the {len(tok[1])}-digit number "
                             f"{describe(tok)}", tok)
        k = int(tok[1])
        if k < minimum:
            raise self.error(f"expected {what} of at least {minimum}, found {tok[1]}", tok)
        return k

    def numbers(self, count: int) -> list:
        """Read up to ``count`` consecutive numbers quickly (the bulk of a table).

        Stops early at the first token that is not a number (which stays unread)
        and returns the values read so far.
        """
        if self._peeked is not None:
            if self._peeked[0] != NUMBER or count <= 0:
                return []
            first = [self.value(self.next(), "a number")]
            return first + self.numbers(count - 1)
        out: list[Fraction] = []
        append = out.append
        values = self._values
        match = _FAST_NUMBER.match
        text = self.text
        pos = self.pos
        for _ in range(count):
            m = match(text, pos)
            if m is None:
                break
            s = m.group(1)
            v = values.get(s)
            if v is None:
                v = self._convert(s, m.start(1))
            append(v)
            pos = m.end()
        self.pos = pos
        return out

    def remaining_chars(self) -> int:
        """Characters left after the current position (an upper bound on data)."""
        return len(self.text) - self.pos
