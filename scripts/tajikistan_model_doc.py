"""Regenerate docs/explanation/tajikistan-model.md from scripts/tajikistan-model.template.md and the
tool's output (run from the repository root: PYTHONPATH=. python scripts/tajikistan_model_doc.py)."""
import subprocess, sys
import gametheory as gt
from gametheory.payoffs import format_value
from pathlib import Path
ROOT=str(Path(__file__).resolve().parents[1])
t=open(f'{ROOT}/scripts/tajikistan-model.template.md').read()
def run(*args):
    r=subprocess.run([sys.executable,'-m','gametheory.cli','zugzwang',*args],capture_output=True,text=True,cwd=ROOT)
    assert r.returncode==0, r.stderr
    return r.stdout.rstrip('\n')
def params(name):
    g=gt.load(f'{ROOT}/games/tajikistan/{name}.yaml')
    rows=['| parameter | default | range | meaning | rationale (article) |','|---|---|---|---|---|']
    for k,p in g.parameters.items():
        rows.append(f"| `{k}` | {format_value(p.default)} | [{format_value(p.low)}, {format_value(p.high)}] | {p.description} | {p.rationale} |")
    return '\n'.join(rows)
for name in ('four-actors','crisis-tree','dushanbe-vs-public','dushanbe-vs-moscow'):
    t=t.replace('{{PARAMS %s}}'%name, params(name))
t=t.replace('{{OUT four-actors}}', run('games/tajikistan/four-actors.yaml','--player','Dushanbe'))
pre=run('games/tajikistan/four-actors.yaml','--player','Dushanbe','--reference','pre-crisis','--no-conditions')
pre=pre[pre.index('baselines'):]
t=t.replace('{{OUT four-actors-pre}}', pre)
t=t.replace('{{OUT crisis-tree}}', run('games/tajikistan/crisis-tree.yaml','--player','Dushanbe','--no-whole-game'))
rob=run('games/tajikistan/crisis-tree.yaml','--player','Dushanbe','--robustness','200','--seed','1','--no-conditions','--no-whole-game','--no-construction')
t=t.replace('{{ROBUST}}', [l for l in rob.splitlines() if l.startswith('robustness')][0])
for name in ('dushanbe-vs-public','dushanbe-vs-moscow'):
    t=t.replace('{{OUT %s}}'%name, run(f'games/tajikistan/{name}.yaml','--player','Dushanbe'))
rows=['| model | assumption | article | rationale | departs from the article |','|---|---|---|---|---|']
for name in ('four-actors','crisis-tree','dushanbe-vs-public','dushanbe-vs-moscow'):
    g=gt.load(f'{ROOT}/games/tajikistan/{name}.yaml')
    for a in g.metadata['assumptions']:
        rows.append(f"| `{name}` | **{a['name']}**: {a['assumes']} | {a.get('article','')} | {a.get('rationale','')} | {'yes' if a['departs'] else 'no'} |")
t=t.replace('{{ASSUMPTIONS}}','\n'.join(rows))
t=t.replace('{{TREE_STORY}}', '')
t=t.replace('{{LEAVE_OUT}}', '')
assert '{{' not in t
open(f'{ROOT}/docs/explanation/tajikistan-model.md','w').write(t)
print('ok')
