"""The explorer and the interactive report in a real browser (headless Chromium via selenium).

Journeys: open the Tajikistan model and move the ``aid`` slider across the threshold
where the verdict flips; edit a payoff of the prisoner's dilemma and watch the
equilibrium change; run a classroom session; open the static interactive report from
``file://`` and move its sliders.  Each step's screenshot is written to the folder
named by ``GAMETHEORY_ARTIFACTS`` (default ``test-artifacts/``).

Expected answers: the verdict flip is checked against the one-parameter escape
threshold that the closed-form analysis derives (and checks numerically on both
sides) -- the browser must show what the analysis says, on both sides of it; the
prisoner's dilemma edits are worked out by hand in comments.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from fractions import Fraction
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("GAMETHEORY_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.needs_chromium


def _shot(driver, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


@pytest.fixture(scope="module")
def driver():
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("needs Debian's chromium and chromium-driver (installed by .ci/run)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,2000", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"):
        opts.add_argument(arg)
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(60)
    yield d
    d.quit()


@pytest.fixture(scope="module")
def server():
    """The explorer on a free loopback port, in a thread, for this module."""
    import uvicorn

    from gametheory.web.app import create_app
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(ROOT / "games"), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _wait(driver, predicate, timeout=60):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout).until(lambda d: predicate(d))


def _by(css):
    from selenium.webdriver.common.by import By
    return (By.CSS_SELECTOR, css)


def _analysed_after(driver, before: str):
    """Wait until the page has rendered an analysis newer than ``before``."""
    return _wait(driver, lambda d: d.execute_script("return document.body.dataset.analysed || ''") != before
                 and not d.execute_script("return document.body.dataset.busy"))


def _move_slider(driver, name: str, value) -> None:
    """Set a range input and fire its input event, as dragging it does."""
    before = driver.execute_script("return document.body.dataset.analysed || ''")
    driver.execute_script(
        "const s = document.querySelector(`input[data-param='${arguments[0]}']`);"
        "s.value = arguments[1]; s.dispatchEvent(new Event('input', {bubbles: true}));", name, str(value))
    _analysed_after(driver, before)


def _verdict(driver) -> bool:
    return driver.find_element(*_by("#verdict")).get_attribute("data-zugzwang") == "true"


def test_aid_slider_flips_the_verdict_at_the_threshold(driver, server):
    from gametheory import load
    from gametheory.analysis.baselines import lead_reference
    from gametheory.analysis.zugzwang import diagnose
    game = load(ROOT / "games/tajikistan/four-actors.yaml")
    ref = lead_reference(game).spec        # the page judges against the model's primary reference
    # the closed-form one-parameter escape condition for aid (others at their defaults)
    cond = [c for c in diagnose(game, "Dushanbe", reference=ref).conditions
            if c.parameter == "aid" and c.threshold is not None]
    assert cond, "the model documents an aid threshold"
    threshold = Fraction(cond[0].threshold)
    # ... and it is the value the model's documentation states
    import re
    doc = (ROOT / "docs/explanation/tajikistan-model.md").read_text(encoding="utf-8")
    documented = re.search(r"\*\*`aid >= ([0-9/]+)`\*\*", doc)
    assert documented and Fraction(documented.group(1)) == threshold
    p = game.parameters["aid"]
    step = (Fraction(p.high) - Fraction(p.low)) / 200
    below, at = threshold - step, threshold

    driver.get(server + "/?game=tajikistan/four-actors.yaml")
    _wait(driver, lambda d: d.find_element(*_by("#verdict")).text)
    assert driver.find_element(*_by("#focal")).get_attribute("value") == "Dushanbe"
    _shot(driver, "explorer-1-four-actors-opened")
    at_default = _verdict(driver)

    _move_slider(driver, "aid", float(below))
    _shot(driver, "explorer-2-aid-below-threshold")
    assert _verdict(driver) is True
    _move_slider(driver, "aid", float(at))
    _shot(driver, "explorer-3-aid-at-threshold")
    assert _verdict(driver) is False
    # what the page shows agrees with the analysis at both points and at the default
    def verdict(**params):
        return diagnose(game, "Dushanbe", reference=ref, params=params, conditions=False, whole_game=False).zugzwang
    assert at_default == verdict()
    assert verdict(aid=below) and not verdict(aid=at)
    assert driver.find_element(*_by("#option-chart")).get_attribute("data-options") == str(
        len(game.strategies[game.player("Dushanbe")]))


def _edit(driver, profile: str, player: str, value: str) -> None:
    from selenium.webdriver.common.keys import Keys
    before = driver.execute_script("return document.body.dataset.analysed || ''")
    span = driver.find_element(*_by(f"td[data-profile='{profile}'] span[data-player='{player}']"))
    span.click()
    box = driver.find_element(*_by("input[data-editing]"))
    box.send_keys(Keys.CONTROL, "a")   # the editor opens focused with its text selected
    box.send_keys(value, Keys.ENTER)
    _analysed_after(driver, before)


def test_editing_the_prisoners_dilemma_changes_the_equilibrium(driver, server):
    driver.get(server + "/?game=classics/prisoners-dilemma.yaml")
    _wait(driver, lambda d: d.execute_script("return document.body.dataset.analysed")
          and not d.execute_script("return document.body.dataset.busy"))

    def eq_cells():
        return sorted(driver.execute_script(
            "return [...document.querySelectorAll('td.eq')].map((td) => td.dataset.profile)"))
    # Fink dominates Quiet (3 > 2 and 1 > 0): (Fink, Fink) is the only equilibrium
    assert eq_cells() == ["Fink|Fink"]
    _shot(driver, "explorer-4-prisoners-dilemma")
    # raise both players' payoff at (Quiet, Quiet) to 4 > 3: Quiet becomes the best reply to Quiet,
    # so (Quiet, Quiet) joins (Fink, Fink) as a pure equilibrium
    _edit(driver, "Quiet|Quiet", "Suspect 1", "4")
    _edit(driver, "Quiet|Quiet", "Suspect 2", "4")
    _shot(driver, "explorer-5-prisoners-dilemma-edited")
    assert eq_cells() == ["Fink|Fink", "Quiet|Quiet"]
    # a bad edit is refused in the page, and the table keeps its values
    _edit_bad = driver.find_element(*_by("td[data-profile='Fink|Fink'] span[data-player='Suspect 1']"))
    _edit_bad.click()
    from selenium.webdriver.common.keys import Keys
    box = driver.find_element(*_by("input[data-editing]"))
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("__import__('os')", Keys.ENTER)
    _wait(driver, lambda d: d.find_element(*_by("#error")).is_displayed())
    _shot(driver, "explorer-6-bad-edit-refused")
    assert "value" in driver.find_element(*_by("#error")).text
    assert eq_cells() == ["Fink|Fink", "Quiet|Quiet"]


def test_classroom_session(driver, server):
    driver.get(server + "/?game=classics/prisoners-dilemma.yaml")
    _wait(driver, lambda d: d.execute_script("return document.body.dataset.analysed"))
    driver.find_element(*_by("#start-classroom")).click()
    code = _wait(driver, lambda d: d.find_element(*_by("#classroom-code")).text)
    teacher = driver.current_window_handle
    driver.switch_to.new_window("tab")
    driver.get(f"{server}/classroom/{code}")
    _wait(driver, lambda d: d.find_elements(*_by("input[name=strategy]")))
    driver.find_element(*_by("input[value='Fink']")).click()
    driver.find_element(*_by("#student-submit")).click()
    _wait(driver, lambda d: "Recorded" in d.find_element(*_by("#student-status")).text)
    _shot(driver, "classroom-1-student")
    driver.close()
    driver.switch_to.window(teacher)
    _wait(driver, lambda d: "1 student answered" in d.find_element(*_by("#tally")).text, timeout=30)
    _shot(driver, "classroom-2-teacher-tally")
    assert "100% (1)" in driver.find_element(*_by("#tally")).text


def test_static_interactive_report_from_file_url(driver, tmp_path):
    import json

    from gametheory import load
    from gametheory.analysis.baselines import lead_reference
    from gametheory.analysis.zugzwang import diagnose
    from gametheory.report.html import build_report
    path = ROOT / "games/tajikistan/dushanbe-vs-moscow.yaml"
    game = load(path)
    rep = build_report(path, "Dushanbe", tmp_path / "report", quick=True, grid=5, interactive=True,
                       formats=("png",), sensitivity=0)
    summary = json.loads(rep.summary.read_text(encoding="utf-8"))
    x, y = summary["sweep"]["x"], summary["sweep"]["y"]
    xs, ys = summary["sweep"]["x_values"], summary["sweep"]["y_values"]
    driver.get(rep.html.as_uri())
    _wait(driver, lambda d: d.find_element(*_by("#gt-interactive [data-role=verdict]")).text)
    driver.execute_script("document.getElementById('gt-interactive').scrollIntoView()")
    _shot(driver, "report-1-interactive-panel")
    for ix, iy in [(0, 0), (len(xs) - 1, len(ys) - 1), (len(xs) // 2, len(ys) // 2)]:
        driver.execute_script(
            "const r = document.getElementById('gt-interactive');"
            "for (const [axis, v] of [['x', arguments[0]], ['y', arguments[1]]]) {"
            "  const s = r.querySelector(`input[data-axis=${axis}]`); s.value = v;"
            "  s.dispatchEvent(new Event('input', {bubbles: true})); }", ix, iy)
        shown = driver.find_element(*_by("#gt-interactive [data-role=verdict]")).get_attribute("data-zugzwang")
        margin = driver.find_element(*_by("#gt-interactive [data-role=margin]")).get_attribute("data-margin")
        # the panel agrees with the report's own sweep map at that point ...
        assert shown == ("true" if summary["sweep"]["zugzwang"][iy][ix] else "false")
        # ... and with the one-point diagnosis there, computed here
        d = diagnose(game, "Dushanbe", reference=lead_reference(game).spec,
                     params={x: Fraction(repr(float(xs[ix]))), y: Fraction(repr(float(ys[iy])))},
                     conditions=False, whole_game=False)
        assert shown == ("true" if d.zugzwang else "false")
        span = float(max(abs(o.worst) for o in d.options) + max(abs(o.best) for o in d.options))
        assert abs(float(margin) - float(d.margin)) <= 1e-9 * span   # the panel holds floats
    _shot(driver, "report-2-interactive-panel-moved")
    # no network: nothing in the page refers to another host
    html = rep.html.read_text(encoding="utf-8")
    assert "https://" not in html and "http://" not in html.replace("http://www.w3.org/", "")


def test_conflict_model_in_the_page(driver, server):
    from gametheory.conflict import load as load_conflict
    from gametheory.conflict.zugzwang import ordinal_zugzwang
    driver.get(server + "/?game=tajikistan/conflict.yaml")
    _wait(driver, lambda d: d.find_element(*_by("#ordinal-verdict")).text)
    _shot(driver, "explorer-7-conflict-model")
    z = ordinal_zugzwang(load_conflict(ROOT / "games/tajikistan/conflict.yaml"), "Dushanbe")
    assert driver.find_element(*_by("#ordinal-verdict")).get_attribute("data-zugzwang") == str(z.zugzwang).lower()
    rows = driver.find_elements(*_by("#ordinal-options tr"))
    assert len(rows) == 1 + len(z.options)
