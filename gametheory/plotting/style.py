"""Shared figure helpers: new axes, colours, label shortening."""
from __future__ import annotations

#: Colour-blind-safe palette (Okabe & Ito 2008), used for players and options.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Colour of the reference (status-quo) level.
REFERENCE_COLOR = "#222222"
#: Colour of highlighted equilibria and paths.
HIGHLIGHT = "#D55E00"


def new_figure(figsize=(6.4, 4.8)):
    """A figure that belongs to no pyplot state (safe with Agg and in threads)."""
    from matplotlib.figure import Figure
    return Figure(figsize=figsize, layout="constrained")


def axes(ax=None, figsize=(6.4, 4.8)):
    """``ax`` itself, or a fresh Axes (through pyplot, so notebooks display it)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plain_text(plot):
    """Decorate a ``plot_*`` function: every text of the figure it drew (titles, axis and
    tick labels, legends, annotations) is drawn as written, never parsed as mathtext, so
    a label from a game file such as ``$5 fine`` or ``$\\x$`` shows as typed and cannot
    crash matplotlib's math parser, whether or not the caller set :data:`PLAIN_TEXT`."""
    import functools

    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        from matplotlib.text import Text
        result = plot(*args, **kwargs)
        drawn = result if isinstance(result, (list, tuple)) else [result]
        for fig in {id(a.figure): a.figure for a in drawn if hasattr(a, "figure")}.values():
            for text in fig.findobj(Text):
                text.set_parse_math(False)
        return result
    return wrapper


#: rcParams under which every text is drawn as written: no mathtext parsing, so a
#: label from a file such as ``$\input{x}$`` cannot crash matplotlib's math parser.
PLAIN_TEXT = {"text.parse_math": False}


def mpl_label(text) -> str:
    """A label (from a game file) safe for matplotlib text: dollar signs are escaped,
    so the label is drawn as written instead of being parsed as mathtext (unless
    mathtext is off, :data:`PLAIN_TEXT`, where the label is already drawn as written)."""
    import matplotlib
    text = str(text)
    return text.replace("$", r"\$") if matplotlib.rcParams["text.parse_math"] else text


def shorten(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, safe for matplotlib
    (:func:`mpl_label`)."""
    text = str(text)
    return mpl_label(text if len(text) <= width else text[: width - 1] + "\u2026")


def color(k: int) -> str:
    return PALETTE[k % len(PALETTE)]
