"""Every ``bash`` and ``python`` code block of ``docs/**/*.md`` and ``README.md`` runs as written.

Blocks tagged ``bash norun`` / ``python norun`` (servers, long jobs,
placeholders) are skipped, as are the README's first block (its two commands
install the package) and output blocks (``text``, ``console``).  The blocks of a
page run in a scratch copy of the repository made for that page (the current
directory is its root, so ``reports/`` and ``out/`` are written there; a ``yaml``
block whose first line names a file, ``# cafes.yaml``, is saved there first, as
the reader is asked to), with ``gametheory`` and ``python``
on PATH as shims calling this interpreter (``python -m gametheory.cli``) on this
checkout, so no install is needed.  The Python blocks of one page run in order in
one interpreter, sharing their names as a reader's session would; each block has
its own time limit; doctest-style blocks (``>>>``) run as doctests.  A failure
names the file and the line of the block.  Not run: the README's full Tajikistan
report (its install block), the same report from Python in
``docs/tutorial/zugzwang-report.md`` (tagged ``norun``: about 20 s; the report
is tested in ``tests/test_report.py``) and the crisis tree's ``spe`` in
``docs/explanation/solution-concepts.md`` (tagged ``norun``: minutes).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Seconds allowed to one block.
BLOCK_TIMEOUT = 120
#: Directories and files the scratch copy leaves out.
_SKIP_COPY = {".git", ".venv", ".venv-ci", "reports", "out", "__pycache__", ".hypothesis", ".pytest_cache",
              "build", "dist"}
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$")


def doc_files() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]


def code_blocks(path: Path) -> list[tuple[int, str, str]]:
    """``(line of the opening fence, language, code)`` of the runnable blocks of one file."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    k = 0
    first = True
    while k < len(lines):
        m = _FENCE.match(lines[k])
        if not m:
            k += 1
            continue
        indent, fence, lang, rest = m.groups()
        start = k + 1
        body = []
        k += 1
        while k < len(lines) and not lines[k].strip().startswith(fence):
            line = lines[k]
            body.append(line[len(indent):] if line.startswith(indent) else line)
            k += 1
        k += 1
        tags = {lang.lower(), *rest.lower().split()}
        is_first, first = first, False
        if "norun" in tags or lang.lower() not in ("bash", "python"):
            continue
        if path.name == "README.md" and path.parent == ROOT and is_first:
            continue        # the two set-up commands: they install the package
        out.append((start, lang.lower(), "\n".join(body) + "\n"))
    return out


_FILE_COMMENT = re.compile(r"^#\s*([\w./-]+\.ya?ml)\s*$")


def page_files(path: Path) -> dict[str, str]:
    """Files a page asks the reader to create: ``yaml`` blocks whose first line is
    a comment naming the file (``# cafes.yaml``)."""
    out = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for k, line in enumerate(lines):
        m = _FENCE.match(line)
        if m and m.group(3).lower() in ("yaml", "yml") and k + 1 < len(lines):
            name = _FILE_COMMENT.match(lines[k + 1].strip())
            if name:
                end = next(j for j in range(k + 1, len(lines)) if lines[j].strip().startswith(m.group(2)))
                out[name.group(1)] = "\n".join(lines[k + 1:end]) + "\n"
    return out


def _params():
    params = []
    for path in doc_files():
        rel = path.relative_to(ROOT).as_posix()
        blocks = code_blocks(path)
        for line, lang, code in blocks:
            if lang == "bash":
                params.append(pytest.param(rel, [(line, code)], "bash", id=f"{rel}:{line}"))
        py = [(line, code) for line, lang, code in blocks if lang == "python"]
        if py:
            params.append(pytest.param(rel, py, "python", id=f"{rel}:python"))
    return params


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """``scratch(page)``: a copy of the repository for that page (made once, with
    the files the page creates), and the shim directory for PATH."""
    base = tmp_path_factory.mktemp("docs")
    shims = base / "bin"
    shims.mkdir()
    for name, target in (("gametheory", f'"{sys.executable}" -m gametheory.cli'),
                         ("python", f'"{sys.executable}"'), ("python3", f'"{sys.executable}"')):
        shim = shims / name
        shim.write_text(f"#!/bin/sh\nexec {target} \"$@\"\n")
        shim.chmod(0o755)
    copies: dict[str, Path] = {}

    def get(rel: str):
        if rel not in copies:
            repo = base / f"repo{len(copies)}"
            shutil.copytree(ROOT, repo, ignore=lambda d, names: [n for n in names if n in _SKIP_COPY])
            (repo / "out").mkdir(exist_ok=True)
            for name, text in page_files(ROOT / rel).items():
                (repo / name).parent.mkdir(parents=True, exist_ok=True)
                (repo / name).write_text(text, encoding="utf-8")
            copies[rel] = repo
        return copies[rel], shims
    return get


def _env(repo: Path, shims: Path) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{shims}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = f"{repo}{os.pathsep}{env['PYTHONPATH']}" if env.get("PYTHONPATH") else str(repo)
    env["MPLBACKEND"] = "Agg"
    env.pop("GAMETHEORY_TRACEBACK", None)
    return env


_RUNNER = r'''
import doctest, io, json, signal, sys, traceback
blocks = json.loads(sys.stdin.read())
timeout = int(sys.argv[1])
def alarm(signum, frame):
    raise TimeoutError(f"block did not finish within {timeout} s")
signal.signal(signal.SIGALRM, alarm)
namespace = {"__name__": "__main__"}
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
for line, code in blocks:
    signal.alarm(timeout)
    try:
        if code.lstrip().startswith(">>>"):
            # A doctest-style block: run it as a doctest, outputs checked.
            test = doctest.DocTestParser().get_doctest(code, namespace, f"line {line}", None, line)
            out = io.StringIO()
            result = doctest.DocTestRunner(optionflags=flags).run(test, out=out.write, clear_globs=False)
            namespace.update(test.globs)      # DocTest works on a copy of the names
            if result.failed:
                raise AssertionError("doctest output differs:\n" + out.getvalue())
        else:
            exec(compile(code, f"<block at line {line}>", "exec"), namespace)
    except BaseException:
        signal.alarm(0)
        print(f"@@FAILED {line}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
    signal.alarm(0)
'''


@pytest.mark.parametrize("rel, blocks, lang", _params())
def test_documentation_block_runs(scratch, rel, blocks, lang):
    repo, shims = scratch(rel)
    env = _env(repo, shims)
    if lang == "bash":
        (line, code), = blocks
        try:
            proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", code], cwd=repo, env=env,
                                  capture_output=True, text=True, timeout=BLOCK_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{rel}:{line}: the bash block did not finish within {BLOCK_TIMEOUT} s")
        if proc.returncode != 0:
            pytest.fail(f"{rel}:{line}: the bash block exited with status {proc.returncode}\n"
                        f"--- block ---\n{code}--- stderr ---\n{proc.stderr[-3000:]}")
        return
    try:
        proc = subprocess.run([sys.executable, "-c", _RUNNER, str(BLOCK_TIMEOUT)], input=json.dumps(blocks),
                              cwd=repo, env=env, capture_output=True, text=True,
                              timeout=BLOCK_TIMEOUT * len(blocks) + 30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{rel}: the Python blocks did not finish in time")
    if proc.returncode != 0:
        m = re.search(r"@@FAILED (\d+)", proc.stderr)
        line = m.group(1) if m else "?"
        code = dict(blocks).get(int(line), "") if m else ""
        pytest.fail(f"{rel}:{line}: the Python block failed\n--- block ---\n{code}"
                    f"--- error ---\n{proc.stderr[-3000:]}")


def test_block_parser_finds_tags_and_skips_norun(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("text\n```bash\necho one\n```\n\n```bash norun\nsleep 1000\n```\n"
                    "```python\nx = 1\n```\n```text\nout\n```\n  ```python\n  y = x\n  ```\n")
    assert code_blocks(page) == [(2, "bash", "echo one\n"), (9, "python", "x = 1\n"), (15, "python", "y = x\n")]
