"""Write ``games/tajikistan/four-actors.yaml`` from its component rules.

The four-actor model has 60 profiles; every payoff is a sum of named components
(one rule each, below, with the article's paragraph).  Writing the file from the
rules keeps the 240 payoffs, their ``components:`` and their rationales
consistent.  Run from the repository root::

    python scripts/tajikistan_four_actors.py            # rewrite the file
    python scripts/tajikistan_four_actors.py --check    # exit 1 if the file differs

The header (parameters, references, assumptions) is the text below; the
docs page ``docs/explanation/tajikistan-model.md`` explains every choice.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "games" / "tajikistan" / "four-actors.yaml"

D = ["stand by", "appeal for aid", "crack down", "tolerate volunteers", "covert support"]
P = ["acquiesce", "protest", "volunteer"]
M = ["stay aloof", "press Dushanbe"]
T = ["include Tajiks", "crush resistance"]
PASSIVE = ("stand by", "appeal for aid")
HELPING = ("tolerate volunteers", "covert support")

HEADER = '''\
# Written by scripts/tajikistan_four_actors.py from its component rules: edit the script, not this file.
# Payoffs are sums of named components (the `components:` of every profile); see
# docs/explanation/tajikistan-model.md for the choices and the assumptions listed below.
format: 1
title: "Tajikistan's zugzwang: Dushanbe, the Tajik public, Moscow and the Taliban"
source: "Andrew Korybko, 'Will Tajikistan Stir Up Trouble Against the Taliban?', OneWorld (paragraph numbers count the article's paragraphs from the first after the subtitle)"
description: |
  Four actors move at once.  Dushanbe's options (par. 4-7): stand by; appeal for international
  refugee aid (par. 3); crack down on would-be volunteers (par. 7); tolerate volunteers crossing
  through the smuggling networks (par. 5); covertly supply the Panjshir resistance through those
  networks (par. 4).  The public acquiesces, protests (par. 5-7) or volunteers (par. 5).  Moscow
  stays aloof or presses Dushanbe (par. 4, 7).  The Taliban include Tajiks in the government
  (the best case, par. 8) or crush the resistance (par. 8-9).  Payoffs are measured against the
  status quo before the crisis (0 for everyone) and are sums of named components.  The article's
  claim is relative to the crisis as it stands (the reference 'crisis'); the pre-crisis status
  quo is the other reference.  See docs/explanation/tajikistan-model.md.
parameters:
  refugee_burden:
    default: 1
    range: [1/2, 3]
    description: "[Dushanbe] cost of the refugee stream already flowing into Tajikistan, whatever happens next"
    rationale: "Dushanbe has said it cannot cope with the refugees still crossing over unless other countries help (par. 3)."
  refugee_surge:
    default: 1
    range: [0, 3]
    description: "[Dushanbe] extra cost of the refugees fleeing when the Taliban crush the resistance"
    rationale: "A military defeat of the resistance could trigger more emigration (par. 8)."
  aid:
    default: 1
    range: [0, 4]
    description: "[Dushanbe] international refugee support obtained by appealing for it"
    rationale: "Dushanbe asks for international support for the refugees (par. 3); Moscow may not be willing to shoulder the burden, let alone indefinitely (par. 3), so the default is small and the range wide."
  protest_cost:
    default: 2
    range: [1, 4]
    description: "[Dushanbe] cost to Dushanbe of public protests when it is seen as passive or as not caring"
    rationale: "Waiting passively lets public anger grow (par. 6); the public increasingly demands that the government act (par. 5)."
  unrest_cost:
    default: 4
    range: [2, 6]
    description: "[Dushanbe] cost to Dushanbe of unrest when it cracks down on a mobilised public"
    rationale: "A decisive attempt to stop the volunteers might provoke more grassroots pressure, weaponised narratives, protests or attacks on police stations and government buildings (par. 7)."
  radical_risk:
    default: 3
    range: [1, 5]
    description: "[Dushanbe] expected cost of radicals trained abroad returning home among volunteers"
    rationale: "Radicals could use the smuggling routes to go and train in combat, then come back and commit terrorist attacks at home (par. 5)."
  moscow_crisis:
    default: 3
    range: [1, 5]
    description: "[Dushanbe] cost to Dushanbe of a political crisis when Moscow presses it"
    rationale: "Moscow would probably lean on Dushanbe at once to stop any destabilising move (par. 4); acting alone risks a political crisis with Moscow (par. 6)."
  taliban_hostility:
    default: 2
    range: [1, 4]
    description: "[Dushanbe] cost to Dushanbe of a worsened security crisis with the Taliban after helping the resistance or its volunteers"
    rationale: "Acting alone to satisfy pressure from below could deepen the security crisis with the Taliban (par. 6)."
  support_gain:
    default: 5/2
    range: [0, 5]
    description: "[Dushanbe] value to Dushanbe of a supplied resistance that holds out against the Taliban"
    rationale: "Tajikistan wants its kin to have a fair share of power (par. 1); a resistance that keeps holding out could change even Moscow's position (par. 2)."
  inclusion_gain:
    default: 2
    range: [0, 3]
    description: "[Dushanbe] value to Dushanbe of an inclusive Afghan government that represents Tajiks"
    rationale: "Tajikistan wants Afghan Tajiks to have a fair share of the next Afghan government (par. 1); an inclusive government is the best-case scenario (par. 8)."
  kin_sympathy:
    default: 3
    range: [1, 5]
    description: "[Public] the Tajik public's stake in the fate of its co-ethnics under a Taliban that crushed the resistance"
    rationale: "The public is sympathetic to the Panjshir resistance, mainly fellow Tajiks (par. 1), and concerned about their kin (par. 3)."
  residual_fear:
    default: 1
    range: [0, 3]
    description: "[Public] the fear for the kin that an inclusive government leaves"
    rationale: "Even an inclusive government may fail to calm the Tajik minority's fears (par. 8)."
  protest_voice:
    default: 2
    range: [0, 4]
    description: "[Public] the public's gain from pressing, by protest, a government that does nothing for the kin or stops the volunteers"
    rationale: "The public increasingly demands action on the refugees and on the kin across the border (par. 5); a crackdown provokes even more grassroots pressure (par. 7)."
  kin_help:
    default: 2
    range: [0, 4]
    description: "[Public] the volunteers' gain from helping their kin fight a crushing offensive"
    rationale: "Private citizens may go to help their kin on the Afghan side on their own (par. 5); volunteers could join the armed resistance (par. 8)."
  repression:
    default: 2
    range: [1, 4]
    description: "[Public] extra cost to would-be volunteers when the state cracks down"
    rationale: "The government may decisively try to stop the volunteers (par. 7); volunteering then means defying the state."
  discipline:
    default: 4
    range: [2, 6]
    description: "[Moscow] Moscow's value of reining in an ally whose policy destabilises the region"
    rationale: "Moscow would probably lean on Dushanbe at once to stop any destabilising move (par. 4) and must ensure no volunteer groups assemble (par. 9)."
  backlash:
    default: 2
    range: [0, 4]
    description: "[Moscow] Moscow's cost of visibly pressing Dushanbe while the Tajik public is mobilised"
    rationale: "An openly visible Russian hand in Dushanbe's choices would stir up the very nationalist backlash Moscow wants to prevent (par. 7)."
  crush_gain:
    default: 4
    range: [2, 6]
    description: "[Taliban] the Taliban's gain from crushing the resistance instead of sharing power"
    rationale: "A military outcome, probably a Taliban victory, is expected (par. 9); Russia's ambassador expects the resistance to lose (par. 2); talks have produced nothing (par. 8)."
  support_effect:
    default: 2
    range: [0, 5]
    description: "[Taliban] cost to the Taliban of crushing a resistance supplied covertly by the Tajik state"
    rationale: "Arming the resistance along the smuggling routes run by Tajiks (par. 4) would help it hold out, and a resistance that holds out could change even Moscow's position (par. 2)."
  volunteer_effect:
    default: 1
    range: [0, 3]
    description: "[Taliban] cost to the Taliban of crushing a resistance reinforced by Tajik volunteers"
    rationale: "Volunteers could supply material and physical support to their kin (par. 5) and join the armed resistance (par. 8)."
references:
  crisis:
    profile: ["stand by", "acquiesce", "stay aloof", "crush resistance"]
    primary: true
    rationale: "The position the article calls a zugzwang (par. 6): the refugees are already coming (par. 3), the Taliban are most likely crushing the resistance (par. 9), Dushanbe has not acted, the public has not yet acted and Moscow has no reason to press.  Every option is judged against staying in this position."
  pre-crisis:
    value: 0
    rationale: "The status quo before the Taliban took Kabul, the zero of every payoff.  A verdict against it measures the crisis itself (the refugees) as much as Dushanbe's options."
assumptions:
  - name: "Taliban crush at the defaults"
    assumes: "At the default values the Taliban crush the resistance whatever the others do (crush_gain exceeds support_effect + volunteer_effect), so Dushanbe's options do not change the Taliban's move; within the ranges covert support and volunteers can make inclusion the Taliban's better reply."
    article: "par. 9 (a military outcome, probably a Taliban win), par. 2, 8"
    rationale: "The article expects a military resolution; it names no policy of Dushanbe that would change it."
    departs: false
  - name: "Refugees in every outcome"
    assumes: "The refugee stream (refugee_burden) is charged in every outcome, the surge after a crushed resistance (refugee_surge) on top; an inclusive government does not stop the stream."
    article: "par. 3 (a steady stream already arriving), par. 8 (more emigration after a defeat; inclusion might not reassure)"
    rationale: "The stream predates any move modelled here; the article ties only the extra emigration to the Taliban's victory."
    departs: false
  - name: "Inclusion does not fully reassure"
    assumes: "Under an inclusive government the public keeps a residual fear for its kin (residual_fear) and still presses a passive government."
    article: "par. 8 (an inclusive government may not calm the minority), par. 5"
    rationale: "The best case is not a return to the status quo for the public."
    departs: false
  - name: "Protest does not undo the kin's loss"
    assumes: "Protesting gives the public protest_voice (pressing its government), independent of what happens to the kin; volunteering gives kin_help only while the resistance fights on."
    article: "par. 5, 6, 7"
    rationale: "The earlier model let protest restore the public's whole loss (kin_sympathy), which made the public protest in every case; the article only says pressure is building."
    departs: false
  - name: "Effort costs of 1 and 2"
    assumes: "Protesting costs the public 1, volunteering 2 (1 when the state tolerates it), pressing costs Moscow 1; volunteers crossing cost Moscow 2; an appeal for aid costs Moscow 1."
    article: "none: normalisation"
    rationale: "Fixed units that set the scale of the other parameters; the article gives no magnitudes."
    departs: true
  - name: "Volunteers add nothing to state supplies"
    assumes: "When Dushanbe covertly supplies the resistance, volunteering brings the public no extra gain (the state already helps the kin)."
    article: "none (par. 4, 5 describe both routes, not how they combine)"
    rationale: "Keeps the public calm under covert support, the case the article discusses as a state policy."
    departs: true
  - name: "One number per cost"
    assumes: "Costs and gains add up, each a single number with a range; no component depends on another's size."
    article: "none"
    rationale: "Additivity is what makes the ablation by component meaningful."
    departs: true
players:
  - name: Dushanbe
    description: "the Tajik government"
    strategies: ["stand by", "appeal for aid", "crack down", "tolerate volunteers", "covert support"]
  - name: Public
    description: "the Tajik public, including would-be volunteers"
    strategies: ["acquiesce", "protest", "volunteer"]
  - name: Moscow
    description: "Russia, Tajikistan's CSTO ally"
    strategies: ["stay aloof", "press Dushanbe"]
  - name: Taliban
    description: "the new rulers of Afghanistan"
    strategies: ["include Tajiks", "crush resistance"]
payoffs:
'''


def components(d: str, p: str, m: str, t: str) -> dict[str, list[tuple[str, str, str]]]:
    """{player: [(component name, value, reason)]} for one profile."""
    crush = t == "crush resistance"
    mobilised = p in ("protest", "volunteer")
    return {"Dushanbe": _dushanbe(d, p, m, crush, mobilised), "Public": _public(d, p, crush),
            "Moscow": _moscow(d, p, m, mobilised), "Taliban": _taliban(d, p, crush)}


def _dushanbe(d: str, p: str, m: str, crush: bool, mobilised: bool) -> list[tuple[str, str, str]]:
    dus = [("refugee_burden", "-refugee_burden", "the refugee stream already flowing (par. 3)")]
    if crush:
        dus.append(("refugee_surge", "-refugee_surge", "more refugees flee the crushed resistance (par. 8)"))
    else:
        dus.append(("inclusion_gain", "inclusion_gain", "Tajiks represented in an inclusive government (par. 1, 8)"))
    if d == "appeal for aid":
        dus.append(("aid", "aid", "international support for the refugees (par. 3)"))
    if d == "covert support" and crush:
        dus.append(("support_gain", "support_gain", "the supplied resistance holds out (par. 1, 2, 4)"))
    if p == "protest" and d != "crack down":
        dus.append(("protest_cost", "-protest_cost", "protests against a government seen as not caring (par. 5, 6)"))
    if d == "crack down" and mobilised:
        dus.append(("unrest_cost", "-unrest_cost", "the crackdown provokes unrest (par. 7)"))
    if p == "volunteer" and d != "crack down":
        dus.append(("radical_risk", "-radical_risk", "radicals among the volunteers train abroad and return (par. 5)"))
    if m == "press Dushanbe":
        dus.append(("moscow_crisis", "-moscow_crisis", "a political crisis with the CSTO ally (par. 4, 6)"))
    if d in HELPING:
        dus.append(("taliban_hostility", "-taliban_hostility", "a worse security crisis with the Taliban (par. 6)"))
    return dus


def _public(d: str, p: str, crush: bool) -> list[tuple[str, str, str]]:
    if crush:
        pub = [("kin_sympathy", "-kin_sympathy", "co-ethnics under the victors (par. 1, 3)")]
    else:
        pub = [("residual_fear", "-residual_fear", "inclusion might not reassure (par. 8)")]
    if p == "protest":
        pub.append(("effort", "-1", "effort and risk of protesting (normalisation)"))
        if d not in HELPING:
            pub.append(("protest_voice", "protest_voice", "pressing a government that does nothing for the kin or stops the volunteers (par. 5, 7)"))
    if p == "volunteer":
        if d == "tolerate volunteers":
            pub.append(("effort", "-1", "effort of volunteering with the state looking away (normalisation)"))
        else:
            pub.append(("effort", "-2", "effort and risk of volunteering (normalisation)"))
        if d == "crack down":
            pub.append(("repression", "-repression", "volunteering against a crackdown (par. 7)"))
        elif crush and d != "covert support":
            pub.append(("kin_help", "kin_help", "volunteers help their kin fight on (par. 5, 8)"))
    return pub


def _moscow(d: str, p: str, m: str, mobilised: bool) -> list[tuple[str, str, str]]:
    mos = []
    if m == "press Dushanbe":
        mos.append(("effort", "-1", "effort of pressing (normalisation)"))
        if d in HELPING:
            mos.append(("discipline", "discipline", "reins in an ally that destabilises the region (par. 4, 9)"))
        if mobilised:
            mos.append(("backlash", "-backlash", "visible pressure on a mobilised public (par. 7)"))
    if p == "volunteer" and d != "crack down":
        mos.append(("volunteers_cross", "-2", "volunteer groups threaten Russia's security (par. 9)"))
    if d == "appeal for aid":
        mos.append(("refugee_bill", "-1", "the CSTO ally is asked to share the refugee bill (par. 3)"))
    return mos


def _taliban(d: str, p: str, crush: bool) -> list[tuple[str, str, str]]:
    tal = []
    if crush:
        tal.append(("crush_gain", "crush_gain", "the conflict resolved by force in their favour (par. 9)"))
        if d == "covert support":
            tal.append(("support_effect", "-support_effect", "a resistance supplied by the Tajik state holds out (par. 2, 4)"))
        if p == "volunteer" and d != "crack down":
            tal.append(("volunteer_effect", "-volunteer_effect", "Tajik volunteers reinforce the resistance (par. 5, 8)"))
    return tal


def _total(items) -> str:
    if not items:
        return "0"
    out = items[0][1]
    for _, v, _ in items[1:]:
        out += f" - {v[1:]}" if v.startswith("-") else f" + {v}"
    return out


def _q(s: str) -> str:
    return '"' + s.replace('"', '\\"') + '"'


def _num_or_q(v: str) -> str:
    try:
        int(v)
        return v
    except ValueError:
        return _q(v)


def render() -> str:
    lines = [HEADER.rstrip("\n")]
    for d, p, m, t in itertools.product(D, P, M, T):
        comps = components(d, p, m, t)
        lines.append(f"  - profile: [{', '.join(_q(x) for x in (d, p, m, t))}]")
        lines.append("    payoffs: [" + ", ".join(_num_or_q(_total(comps[k])) for k in comps) + "]")
        lines.append("    components:")
        for who, items in comps.items():
            if items:
                body = ", ".join(f"{name}: {_num_or_q(v)}" for name, v, _ in items)
                lines.append(f"      {who}: {{{body}}}")
        reasons = "; ".join(f"{who} {v if v.startswith('-') else '+' + v}: {why}"
                            for who, items in comps.items() for _, v, why in items)
        lines.append(f"    rationale: {_q(reasons)}")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    text = render()
    if "--check" in argv:
        same = OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} differs from the rules; run without --check")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
