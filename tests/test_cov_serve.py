"""``gametheory serve`` without running a server: uvicorn's ``run`` is replaced by a
recorder, so the test checks what the command would serve (the app built on the
given folder, the host and port, the warning for a non-local address), and the
message and exit status 2 when the web extra is missing.
"""
from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT
from starlette.testclient import TestClient

from gametheory.cli import main


@pytest.fixture
def recorded(monkeypatch):
    import uvicorn
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    return calls


def test_serve_builds_the_explorer_on_the_folder(recorded):
    res = CliRunner().invoke(main, ["serve", str(ROOT / "games" / "classics"), "--port", "8123"])
    assert res.exit_code == 0, res.output
    assert "gametheory explorer on http://127.0.0.1:8123/" in res.stderr
    assert "warning" not in res.stderr
    (app, kw), = recorded
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8123
    # The app serves the files of that folder (paths relative to it).
    files = {f["path"] for f in TestClient(app).get("/api/files").json()["files"]}
    assert "prisoners-dilemma.yaml" in files
    assert not any(p.startswith("tajikistan/") for p in files)


def test_serve_on_a_network_address_warns(recorded):
    res = CliRunner().invoke(main, ["serve", str(ROOT / "games"), "--host", "0.0.0.0", "--port", "9000"])
    assert res.exit_code == 0, res.output
    assert "warning: serving on 0.0.0.0: anyone who can reach this address can use the explorer" in res.stderr
    (_, kw), = recorded
    assert kw["host"] == "0.0.0.0" and kw["port"] == 9000


def test_serve_without_the_web_extra_is_exit_2(monkeypatch, recorded):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # `import uvicorn` now fails
    res = CliRunner().invoke(main, ["serve", str(ROOT / "games")])
    assert res.exit_code == 2
    assert "`gametheory serve` needs the web extra (uvicorn is missing)" in res.output
    assert recorded == []
