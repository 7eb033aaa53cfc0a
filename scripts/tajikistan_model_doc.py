"""Regenerate ``docs/explanation/tajikistan-model.md`` from its template and the tool's output.

The page quotes ``gametheory zugzwang`` verbatim and tabulates each model's
parameters and assumptions as the files declare them; this script fills the
``{{...}}`` slots of ``scripts/tajikistan-model.template.md``.  Run from the
repository root (it takes about a minute, the crisis tree's robustness sample
included)::

    PYTHONPATH=. python scripts/tajikistan_model_doc.py

``tests/test_tajikistan.py`` fails when the page and the tool disagree.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scripts" / "tajikistan-model.template.md"
PAGE = ROOT / "docs" / "explanation" / "tajikistan-model.md"
MODELS = ("four-actors", "crisis-tree", "dushanbe-vs-public", "dushanbe-vs-moscow")


def zugzwang(*args: str) -> str:
    """The output of ``gametheory zugzwang ARGS`` (run from the repository root)."""
    res = subprocess.run([sys.executable, "-m", "gametheory.cli", "zugzwang", *args], capture_output=True,
                         text=True, cwd=ROOT, check=True)
    return res.stdout.rstrip("\n")


def parameter_table(name: str) -> str:
    import gametheory as gt
    from gametheory.payoffs import format_value
    game = gt.load(ROOT / "games" / "tajikistan" / f"{name}.yaml")
    rows = ["| parameter | default | range | meaning | rationale (article) |", "|---|---|---|---|---|"]
    for k, p in game.parameters.items():
        rows.append(f"| `{k}` | {format_value(p.default)} | [{format_value(p.low)}, {format_value(p.high)}] "
                    f"| {p.description} | {p.rationale} |")
    return "\n".join(rows)


def assumption_table() -> str:
    import gametheory as gt
    rows = ["| model | assumption | article | rationale | departs from the article |", "|---|---|---|---|---|"]
    for name in MODELS:
        game = gt.load(ROOT / "games" / "tajikistan" / f"{name}.yaml")
        for a in game.metadata["assumptions"]:
            rows.append(f"| `{name}` | **{a['name']}**: {a['assumes']} | {a.get('article', '')} "
                        f"| {a.get('rationale', '')} | {'yes' if a['departs'] else 'no'} |")
    return "\n".join(rows)


def main() -> int:
    text = TEMPLATE.read_text(encoding="utf-8")
    for name in MODELS:
        text = text.replace(f"{{{{PARAMS {name}}}}}", parameter_table(name))
    four = "games/tajikistan/four-actors.yaml"
    text = text.replace("{{OUT four-actors}}", zugzwang(four, "--player", "Dushanbe"))
    pre = zugzwang(four, "--player", "Dushanbe", "--reference", "pre-crisis", "--no-conditions")
    text = text.replace("{{OUT four-actors-pre}}", pre[pre.index("baselines"):])
    tree = "games/tajikistan/crisis-tree.yaml"
    text = text.replace("{{OUT crisis-tree}}", zugzwang(tree, "--player", "Dushanbe", "--no-whole-game"))
    rob = zugzwang(tree, "--player", "Dushanbe", "--robustness", "200", "--seed", "1", "--no-conditions",
                   "--no-whole-game", "--no-construction")
    text = text.replace("{{ROBUST}}", next(line for line in rob.splitlines() if line.startswith("robustness")))
    for name in ("dushanbe-vs-public", "dushanbe-vs-moscow"):
        text = text.replace(f"{{{{OUT {name}}}}}", zugzwang(f"games/tajikistan/{name}.yaml", "--player", "Dushanbe"))
    text = text.replace("{{ASSUMPTIONS}}", assumption_table())
    if "{{" in text:
        raise SystemExit(f"unfilled slot in {TEMPLATE}")
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
