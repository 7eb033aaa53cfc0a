"""docs/performance.md matches the benchmark scripts that write it.

Each section lies between ``<!-- BEGIN benchmarks/bench_NAME.py -->`` and
``<!-- END benchmarks/bench_NAME.py -->`` and is written by that script (through
``benchmarks/common.write_section``), stating the command line that produced it.
"""
from __future__ import annotations

import re
import sys

from conftest import ROOT

PAGE = ROOT / "docs" / "performance.md"
BENCH = ROOT / "benchmarks"
MARKER = re.compile(r"<!-- (BEGIN|END) (\S+) -->")


def sections() -> dict[str, str]:
    text = PAGE.read_text(encoding="utf-8")
    out: dict[str, str] = {}
    open_name, start = None, 0
    for m in MARKER.finditer(text):
        kind, name = m.groups()
        if kind == "BEGIN":
            assert open_name is None, f"section {name} begins inside section {open_name}"
            assert name not in out, f"section {name} appears twice"
            open_name, start = name, m.end()
        else:
            assert open_name == name, f"END {name} does not close BEGIN {open_name}"
            out[name] = text[start:m.start()]
            open_name = None
    assert open_name is None, f"section {open_name} is never closed"
    return out


def writers() -> set[str]:
    """The benchmark scripts that write a section of the page."""
    return {f"benchmarks/{p.name}" for p in BENCH.glob("bench_*.py")
            if "write_section(" in p.read_text(encoding="utf-8")}


def test_every_section_names_an_existing_script_and_its_command():
    found = sections()
    assert found, "docs/performance.md has no benchmark section"
    for name, body in found.items():
        assert re.fullmatch(r"benchmarks/bench_\w+\.py", name), name
        assert (ROOT / name).is_file(), f"{name} (a section of docs/performance.md) does not exist"
        assert f"python {name}" in body, f"the section of {name} does not state its command line"


def test_every_script_that_writes_the_page_has_a_section():
    missing = writers() - set(sections())
    assert not missing, f"no section in docs/performance.md for {sorted(missing)}: run them"


def test_old_style_markers_are_gone():
    assert not re.search(r"<!-- [\w-]+:(start|end) -->", PAGE.read_text(encoding="utf-8"))


def test_the_marker_check_can_fail(tmp_path, monkeypatch):
    # Guard against a vacuous check: a page naming a missing script is caught.
    page = tmp_path / "performance.md"
    page.write_text("<!-- BEGIN benchmarks/bench_nothing.py -->\nx\n<!-- END benchmarks/bench_nothing.py -->\n")
    monkeypatch.setattr(sys.modules[__name__], "PAGE", page)
    try:
        test_every_section_names_an_existing_script_and_its_command()
    except AssertionError as exc:
        assert "bench_nothing.py" in str(exc)
    else:
        raise AssertionError("a section of a missing script was not caught")
