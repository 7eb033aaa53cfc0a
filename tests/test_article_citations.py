"""The article behind the Tajikistan model is cited by paragraph, never copied.

The project's rule for ``shared/seed/zugzwang-article.txt``: model files, docs and
scripts cite its claims as ``(par. N)`` in their own words.  This test fails when any
run of six consecutive words of the article (lower-cased, words are ``[a-z']+``)
appears in a file under ``games/``, ``docs/``, ``scripts/``, ``gametheory/`` or in
``README.md``; the only run allowed is one inside the article's title, which may be
named as the source.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "seed" / "zugzwang-article.txt"
TITLE = "Will Tajikistan Stir Up Trouble Against the Taliban?"
N = 6
SCANNED = ("games", "docs", "scripts", "gametheory")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".txt", ".json", ".csv", ".html", ".toml", ".cfg", ".rst", ".tex"}
_WORD = re.compile(r"[a-z']+")


def words(text: str) -> list[str]:
    # typographic apostrophes count as apostrophes, so "It’s" and "It's" are one word
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def runs(ws: list[str], n: int = N) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def copied_runs(text: str, article_runs: set[tuple[str, ...]]) -> list[str]:
    """The article's six-word runs found in ``text``, merged into maximal copied passages."""
    ws = words(text)
    hits = [i for i in range(len(ws) - N + 1) if tuple(ws[i:i + N]) in article_runs]
    passages, start, end = [], None, None
    for i in hits:
        if start is not None and i <= end:
            end = i + N
        else:
            if start is not None:
                passages.append(" ".join(ws[start:end]))
            start, end = i, i + N
    if start is not None:
        passages.append(" ".join(ws[start:end]))
    return passages


def scanned_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for top in SCANNED:
        files += sorted(p for p in (ROOT / top).rglob("*")
                        if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts)
    return [p for p in files if p.exists() and p.resolve() != Path(__file__).resolve()]


def test_the_matcher_finds_a_copied_phrase_and_spares_a_paraphrase():
    # hand-made: the first six words below are the article's (par. 6), the second line is not
    art = runs(words("Dushanbe is therefore between a rock and a hard place since standing by"))
    assert copied_runs("It is caught between a rock and a hard place.", art) == ["between a rock and a hard place"]
    assert copied_runs("Both of Dushanbe's options are poor (par. 6).", art) == []
    # typographic apostrophes match plain ones
    art = runs(words("It\u2019s situations like these that are"))
    assert copied_runs("it's situations like these that are", art) == ["it's situations like these that are"]


def test_no_sentence_of_the_article_is_copied():
    if not ARTICLE.is_file():
        pytest.skip(f"the article is not beside the checkout ({ARTICLE}); it lives in shared/seed/")
    article_runs = runs(words(ARTICLE.read_text(encoding="utf-8"))) - runs(words(TITLE))
    found = []
    for path in scanned_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for passage in copied_runs(text, article_runs):
            found.append(f"{path.relative_to(ROOT).as_posix()}: \"{passage}\"")
    assert not found, ("copied from the article (cite it as (par. N) in your own words):\n"
                       + "\n".join(found))
