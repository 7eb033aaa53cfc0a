"""The explorer's JSON API, through Starlette's test client (every endpoint, bad input,
exact fractions preserved).

Expected answers are derived by hand from the games' payoffs (cited in comments); the
diagnosis endpoint is compared with :func:`gametheory.analysis.zugzwang.diagnose`,
whose own correctness is tested in test_zugzwang.py: here the question is only
whether the API carries it unchanged.
"""
from __future__ import annotations

import json
from fractions import Fraction

import pytest

from starlette.testclient import TestClient  # the web extra, part of [test]

from gametheory.io.efg import loads_efg
from gametheory.io.nfg import loads_nfg
from gametheory.io.yaml_format import loads
from gametheory.web.app import create_app

PD = "classics/prisoners-dilemma.yaml"


@pytest.fixture(scope="module")
def client(root):
    return TestClient(create_app(root / "games"))


@pytest.fixture(scope="module")
def root():
    from pathlib import Path
    return Path(__file__).resolve().parents[1]


def open_doc(client, path):
    r = client.post("/api/open", json={"path": path})
    assert r.status_code == 200, r.text
    return r.json()


# --------------------------------------------------------------------------- files and documents
def test_files_lists_the_game_files(client, root):
    files = {f["path"] for f in client.get("/api/files").json()["files"]}
    expected = {p.relative_to(root / "games").as_posix() for p in (root / "games").rglob("*.yaml")}
    assert expected <= files
    assert PD in files


def test_open_by_path_and_get(client):
    doc = open_doc(client, PD)
    g = doc["game"]
    assert g["players"] == ["Suspect 1", "Suspect 2"]
    assert g["strategies"] == [["Quiet", "Fink"], ["Quiet", "Fink"]]
    # Osborne (2004) ranks: (Q,Q) = (2,2), (Q,F) = (0,3), (F,Q) = (3,0), (F,F) = (1,1)
    assert g["payoffs"] == [[["2", "0"], ["3", "1"]], [["2", "3"], ["0", "1"]]]
    again = client.get(f"/api/doc/{doc['id']}").json()
    assert again["game"] == g


def test_open_refuses_paths_outside_the_folder(client):
    for bad in ["../setup.cfg", "/etc/passwd", "classics/../../README.md", "classics/nothing.yaml", ""]:
        r = client.post("/api/open", json={"path": bad})
        assert r.status_code == 400, bad
        assert r.json()["path"] == "path"


def test_open_pasted_text_in_each_format(client):
    nfg = 'NFG 1 R "two by two" { "A" "B" } { 2 2 } 1 1 0 0 0 0 1 1\n'
    r = client.post("/api/open", json={"text": nfg, "format": "nfg"})
    assert r.status_code == 200, r.text
    assert r.json()["game"]["payoffs"] == [[["1", "0"], ["0", "1"]], [["1", "0"], ["0", "1"]]]
    yaml_text = client.get(f"/api/doc/{r.json()['id']}/export?format=yaml").text
    r2 = client.post("/api/open", json={"text": yaml_text, "format": "yaml"})
    assert r2.json()["game"]["payoffs"] == r.json()["game"]["payoffs"]


def test_bad_pasted_text_names_the_place(client):
    bad = "format: 1\ntitle: x\nplayers: [A, B]\nstrategies: {A: [a], B: [b]}\npayoffs: {a,b: [1, oops(]}\n"
    r = client.post("/api/open", json={"text": bad, "format": "yaml", "name": "mine.yaml"})
    assert r.status_code == 400
    assert "mine.yaml" in r.json()["error"]


def test_bad_requests(client):
    assert client.get("/api/doc/nope").status_code == 404
    r = client.post("/api/open", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.json()["error"]
    r = client.post("/api/open", json=[1, 2])
    assert r.status_code == 400
    r = client.post("/api/open", json={"text": "x", "format": "docx"})
    assert r.status_code == 400 and r.json()["path"] == "format"


# --------------------------------------------------------------------------- analysis
def test_prisoners_dilemma_analysis(client):
    doc = open_doc(client, PD)
    a = client.post(f"/api/doc/{doc['id']}/analyse", json={}).json()
    # Fink strictly dominates Quiet for both (3 > 2, 1 > 0): the unique equilibrium is (Fink, Fink)
    assert a["pure_equilibria"] == [["Fink", "Fink"]]
    assert len(a["equilibria"]["equilibria"]) == 1
    assert a["equilibria"]["exact"] is True
    # best responses: the row player's Fink in both columns, the column player's Fink in both rows
    assert a["best_responses"][0] == [[False, False], [True, True]]
    assert a["best_responses"][1] == [[False, True], [False, True]]
    assert a["diagnosis"] is None


def test_editing_a_payoff_moves_the_equilibria(client):
    doc = open_doc(client, PD)
    url = f"/api/doc/{doc['id']}"
    for player in ("Suspect 1", "Suspect 2"):
        r = client.post(url + "/payoff", json={"profile": ["Quiet", "Quiet"], "player": player, "value": "7/2"})
        assert r.status_code == 200, r.text
    g = r.json()["game"]
    assert g["payoffs"][0][0][0] == "7/2" and g["payoffs"][1][0][0] == "7/2"   # exact, not 3.5
    a = client.post(url + "/analyse", json={}).json()
    # now (Q,Q) pays 7/2 > 3 to each: a stag hunt with pure equilibria (Q,Q) and (F,F) and one mixed:
    # the row player is indifferent when 7/2 q = 3 q + 1 (1 - q), i.e. q = 2/3 on Quiet (symmetric)
    assert sorted(a["pure_equilibria"]) == [["Fink", "Fink"], ["Quiet", "Quiet"]]
    probs = sorted(tuple(eq["profile"][0]) for eq in a["equilibria"]["equilibria"])
    assert ("2/3", "1/3") in probs


def test_bad_edits_are_refused_with_a_message(client):
    doc = open_doc(client, PD)
    url = f"/api/doc/{doc['id']}/payoff"
    cases = [
        ({"profile": ["Quiet", "Quiet"], "player": "Suspect 1", "value": "__import__('os').system('x')"}, "value"),
        ({"profile": ["Quiet", "Quiet"], "player": "Suspect 1", "value": "1/0"}, "value"),
        ({"profile": ["Quiet", "Quiet"], "player": "Suspect 1", "value": "c"}, "value"),   # no such parameter
        ({"profile": ["Quiet", "Quiet"], "player": "Suspect 1", "value": None}, "value"),
        ({"profile": ["Quiet", "Silent"], "player": "Suspect 1", "value": "1"}, "profile"),
        ({"profile": ["Quiet"], "player": "Suspect 1", "value": "1"}, "profile"),
        ({"profile": ["Quiet", "Quiet"], "player": "Judge", "value": "1"}, "profile"),
    ]
    for body, path in cases:
        r = client.post(url, json=body)
        assert r.status_code == 400, body
        assert r.json()["path"] == path, (body, r.json())
    # nothing changed
    assert client.get(f"/api/doc/{doc['id']}").json()["game"]["payoffs"][0][0][0] == "2"


def test_parameters_are_exact_and_checked_against_their_ranges(client, root):
    from gametheory import load
    doc = open_doc(client, "tajikistan/four-actors.yaml")
    url = f"/api/doc/{doc['id']}/analyse"
    game = load(root / "games/tajikistan/four-actors.yaml")
    p = game.parameters["aid"]
    inside = (Fraction(p.low) + Fraction(p.high)) / 2
    r = client.post(url, json={"params": {"aid": str(inside)}})
    assert r.status_code == 200, r.text
    assert r.json()["parameters"]["aid"] == str(inside)
    for bad, where in [({"aid": str(Fraction(p.high) + 1)}, "params.aid"), ({"nope": 1}, "params.nope"),
                       ({"aid": "x"}, "params.aid"), ({"aid": True}, "params.aid")]:
        r = client.post(url, json={"params": bad})
        assert r.status_code == 400, bad
        assert r.json()["path"] == where


def test_diagnosis_is_carried_unchanged(client, root):
    from gametheory import load
    from gametheory.analysis.baselines import lead_reference
    from gametheory.analysis.zugzwang import diagnose
    doc = open_doc(client, "tajikistan/four-actors.yaml")
    game = load(root / "games/tajikistan/four-actors.yaml")
    p = game.parameters["aid"]
    for value in (Fraction(p.low), Fraction(p.high)):
        a = client.post(f"/api/doc/{doc['id']}/analyse",
                        json={"params": {"aid": str(value)}, "player": "Dushanbe"}).json()
        # judged, as by `gametheory zugzwang`, against the model's primary reference
        lead = lead_reference(game)
        direct = diagnose(game, "Dushanbe", reference=lead.spec, params={"aid": value}, conditions=False)
        assert a["diagnosis"] == json.loads(json.dumps(direct.to_json()))
        assert a["reference"]["name"] == lead.name


def test_tree_analysis_marks_the_equilibrium_path(client):
    doc = open_doc(client, "classics/entry-deterrence.yaml")
    a = client.post(f"/api/doc/{doc['id']}/analyse", json={}).json()
    assert doc["game"]["form"] == "tree"
    assert "tree_marks" in a and a["tree_marks"]
    assert all(isinstance(v, list) for v in a["tree_marks"].values())


# --------------------------------------------------------------------------- export and figures
@pytest.mark.parametrize("fmt", ["yaml", "nfg", "efg", "tex"])
def test_export_round_trips(client, fmt):
    doc = open_doc(client, PD)
    url = f"/api/doc/{doc['id']}"
    client.post(url + "/payoff", json={"profile": ["Fink", "Fink"], "player": "Suspect 2", "value": "5/3"})
    r = client.get(url + f"/export?format={fmt}")
    assert r.status_code == 200
    assert f'.{fmt}"' in r.headers["content-disposition"]
    if fmt == "yaml":
        game = loads(r.text)
    elif fmt == "nfg":
        game = loads_nfg(r.text)
    elif fmt == "efg":
        game = loads_efg(r.text).to_normal_form()
    else:
        assert "\\begin{document}" in r.text and "5/3" in r.text.replace("\\frac{5}{3}", "5/3")
        return
    assert game.payoffs[1][1][1] == Fraction(5, 3)
    assert game.payoffs[0][0][0] == Fraction(2)


def test_export_refuses_unknown_formats(client):
    doc = open_doc(client, PD)
    r = client.get(f"/api/doc/{doc['id']}/export?format=docx")
    assert r.status_code == 400


@pytest.mark.parametrize("path,kind,player", [
    (PD, "matrix", None),
    ("classics/entry-deterrence.yaml", "tree", None),
    ("tajikistan/dushanbe-vs-moscow.yaml", "options", "Dushanbe"),
    ("tajikistan/dushanbe-vs-moscow.yaml", "landscape", "Dushanbe"),
])
def test_figures_are_svg(client, path, kind, player):
    doc = open_doc(client, path)
    q = f"?player={player}" if player else ""
    r = client.get(f"/api/doc/{doc['id']}/figure/{kind}.svg{q}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.text.lstrip().startswith("<?xml") and "<svg" in r.text


def test_bad_figure_requests(client):
    doc = open_doc(client, PD)
    base = f"/api/doc/{doc['id']}/figure"
    assert client.get(base + "/pie.svg").status_code == 400
    assert client.get(base + "/tree.svg").status_code == 400          # not a tree
    assert client.get(base + "/options.svg").status_code == 400       # needs a player
    assert client.get(base + "/matrix.svg?params=[1").status_code == 400


# --------------------------------------------------------------------------- classroom
def test_classroom_tally(client):
    doc = open_doc(client, PD)
    code = client.post("/api/classroom", json={"doc": doc["id"]}).json()["code"]
    url = f"/api/classroom/{code}"
    votes = [("s1", "Suspect 1", "Fink"), ("s2", "Suspect 1", "Quiet"), ("s3", "Suspect 2", "Fink"),
             ("s4", "Suspect 1", "Fink"), ("s2", "Suspect 1", "Fink")]   # s2 changes its mind
    for student, player, strategy in votes:
        r = client.post(url + "/choice", json={"student": student, "player": player, "strategy": strategy})
        assert r.status_code == 200, r.text
    t = client.get(url).json()["tally"]
    assert t["students"] == 4
    s1 = {row["strategy"]: row for row in t["players"][0]["strategies"]}
    assert s1["Fink"]["count"] == 3 and s1["Quiet"]["count"] == 0
    assert s1["Fink"]["share"] == 1.0
    assert s1["Fink"]["equilibria"] == [1.0] and s1["Quiet"]["equilibria"] == [0.0]   # (Fink, Fink)
    assert t["players"][1]["responses"] == 1
    # lower-case codes work too; bad input is refused
    assert client.get(f"/api/classroom/{code.lower()}").status_code == 200
    assert client.post(url + "/choice", json={"student": "s5", "player": "Suspect 1",
                                               "strategy": "Sing"}).status_code == 400
    assert client.post(url + "/choice", json={"student": "", "player": "Suspect 1",
                                               "strategy": "Fink"}).status_code == 400
    assert client.get("/api/classroom/ZZZZZ9").status_code == 404


def test_classroom_needs_a_strategic_form(client):
    doc = open_doc(client, "classics/entry-deterrence.yaml")
    assert client.post("/api/classroom", json={"doc": doc["id"]}).status_code == 400
    assert client.post("/api/classroom", json={"doc": "nope"}).status_code == 404


def test_pages_are_served_from_the_package(client):
    page = client.get("/")
    assert page.status_code == 200 and "gametheory" in page.text
    assert "http://" not in page.text and "https://" not in page.text   # nothing from a CDN
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "fetch(" in js.text
    assert "eval(" not in js.text and "new Function" not in js.text
    assert client.get("/classroom/ABCDE").status_code == 200


def test_serve_refuses_a_missing_folder(tmp_path):
    from gametheory.exceptions import InvalidGameError
    with pytest.raises(InvalidGameError):
        create_app(tmp_path / "missing")


def test_single_file_root(root):
    c = TestClient(create_app(root / "games" / PD))
    files = c.get("/api/files").json()["files"]
    assert [f["path"] for f in files] == ["prisoners-dilemma.yaml"]
    assert c.post("/api/open", json={"path": "prisoners-dilemma.yaml"}).status_code == 200
    assert c.post("/api/open", json={"path": "../chicken.yaml"}).status_code == 400


# --------------------------------------------------------------------------- conflicts
def test_conflict_models_open_and_analyse(client, root):
    from gametheory.conflict import load as load_conflict
    from gametheory.conflict.stability import analyse as stability
    from gametheory.conflict.zugzwang import ordinal_zugzwang
    doc = open_doc(client, "tajikistan/conflict.yaml")
    assert doc["game"]["form"] == "conflict"
    assert doc["game"]["players"] == ["Dushanbe", "Public", "Moscow", "Taliban"]
    a = client.post(f"/api/doc/{doc['id']}/analyse", json={"player": "Dushanbe"}).json()
    conflict = load_conflict(root / "games/tajikistan/conflict.yaml")
    # the API carries the stability analysis and the ordinal zugzwang unchanged
    assert a["conflict"]["equilibria"] == stability(conflict, "all").to_dict()["equilibria"]
    assert a["ordinal_zugzwang"] == json.loads(json.dumps(ordinal_zugzwang(conflict, "Dushanbe").to_dict()))
    r = client.get(f"/api/doc/{doc['id']}/figure/status-quo.svg")
    assert r.status_code == 200 and "<svg" in r.text
    assert client.get(f"/api/doc/{doc['id']}/figure/tree.svg").status_code == 400
    assert client.get(f"/api/doc/{doc['id']}/export?format=nfg").status_code == 400
    yaml_text = client.get(f"/api/doc/{doc['id']}/export?format=yaml").text
    assert "kind: conflict" in yaml_text
    assert client.get(f"/api/doc/{doc['id']}/export?format=gmcr").json()["options"]
    assert client.post("/api/classroom", json={"doc": doc["id"]}).status_code == 400
    bad = client.post(f"/api/doc/{doc['id']}/analyse", json={"player": "Kabul"})
    assert bad.status_code == 400


def test_live_requests_bring_the_diagnosis_without_the_equilibria(client, root):
    from gametheory import load
    from gametheory.analysis.baselines import lead_reference
    from gametheory.analysis.zugzwang import diagnose
    doc = open_doc(client, "tajikistan/four-actors.yaml")
    game = load(root / "games/tajikistan/four-actors.yaml")
    a = client.post(f"/api/doc/{doc['id']}/analyse",
                    json={"params": {"aid": "3"}, "player": "Dushanbe", "live": True}).json()
    assert a["live"] is True and a["equilibria"] is None and a["pure_equilibria"] is None
    direct = diagnose(game, "Dushanbe", reference=lead_reference(game).spec, params={"aid": Fraction(3)},
                      conditions=False, whole_game=False)
    assert a["diagnosis"] == json.loads(json.dumps(direct.to_json()))
    assert a["best_responses"] and a["values"]
    # without a focal player there is no diagnosis to hurry: the full analysis comes back
    full = client.post(f"/api/doc/{doc['id']}/analyse", json={"live": True}).json()
    assert full["live"] is False and full["equilibria"]["equilibria"]
