"""The explorer's limits and refusals through Starlette's test client: an empty or
oversized request body, ``params`` that is not a JSON object, and the bounded number
of open documents and classrooms (the oldest is dropped first).  The limits are the
ones documented in gametheory/web/app.py (200 documents, 50 classrooms, a body of
the largest game text plus 10,000 bytes).
"""
from __future__ import annotations

import pytest
from conftest import ROOT
from starlette.testclient import TestClient  # the web extra, part of [test]

from gametheory.web.app import create_app

PD = "classics/prisoners-dilemma.yaml"


@pytest.fixture
def client():
    return TestClient(create_app(ROOT / "games"))


def open_doc(client, path=PD):
    r = client.post("/api/open", json={"path": path})
    assert r.status_code == 200, r.text
    return r.json()["id"]


def test_empty_and_oversized_bodies(client):
    # An empty body is an empty request: /api/open then lacks the game's text.
    r = client.post("/api/open", content=b"")
    assert r.status_code == 400
    assert r.json() == {"error": "text: expected the game file's text", "path": "text"}
    # A body over the limit is refused before it is parsed.
    r = client.post("/api/open", content=b" " * 2_100_000)
    assert r.status_code == 400
    assert r.json()["error"].startswith("request larger than ")


@pytest.mark.parametrize("params", ["[1]", "3", '"text"', "{not json"])
def test_params_must_be_a_json_object(client, params):
    doc = open_doc(client)
    r = client.get(f"/api/doc/{doc}/figure/matrix.svg", params={"params": params})
    assert r.status_code == 400
    assert r.json() == {"error": "params: params must be a JSON object", "path": "params"}


def test_the_oldest_document_is_dropped_past_200(client):
    first = open_doc(client)
    second = open_doc(client)
    for _ in range(199):  # 201 documents opened: the first one goes
        open_doc(client)
    assert client.get(f"/api/doc/{first}").status_code == 404
    kept = client.get(f"/api/doc/{second}")
    assert kept.status_code == 200 and kept.json()["game"]["players"] == ["Suspect 1", "Suspect 2"]


def test_the_oldest_classroom_is_dropped_past_50(client):
    doc = open_doc(client)
    codes = [client.post("/api/classroom", json={"doc": doc}).json()["code"] for _ in range(51)]
    assert len(set(codes)) == 51
    assert client.get(f"/api/classroom/{codes[0]}").status_code == 404
    assert client.get(f"/api/classroom/{codes[1]}").status_code == 200
    assert client.get(f"/api/classroom/{codes[-1]}").status_code == 200


def test_a_tree_is_not_edited_in_the_table_editor(client):
    doc = open_doc(client, "classics/entry-deterrence.yaml")
    r = client.post(f"/api/doc/{doc}/payoff", json={"profile": ["Out", "Fight"], "player": "Incumbent",
                                                    "value": "3"})
    assert r.status_code == 400
    assert "payoffs of a tree are edited in its file; the explorer edits tables" in r.json()["error"]


def test_open_efg_text_and_refuse_oversized_text(client):
    # A one-move tree in Gambit's .efg format: A chooses l (payoff 1) or r (payoff 2).
    efg = ('EFG 2 R "tiny" { "A" }\n'
           'p "" 1 1 "" { "l" "r" } 0\n'
           't "" 1 "" { 1 }\n'
           't "" 2 "" { 2 }\n')
    r = client.post("/api/open", json={"text": efg, "format": "efg", "name": "tiny.efg"})
    assert r.status_code == 200, r.text
    assert r.json()["game"]["players"] == ["A"]
    r = client.post("/api/open", json={"text": "#" * 2_000_001, "format": "yaml"})
    assert r.status_code == 400
    assert r.json() == {"error": "text: game text larger than 2000000 bytes", "path": "text"}
