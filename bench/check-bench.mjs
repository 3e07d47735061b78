#!/usr/bin/env node
/**
 * `npm run bench:check`: times `authspec check` (the built CLI) against `ast-grep scan` with two
 * comparable rules on a synthetic monorepo, in the same run, rounds alternating.
 *
 *   full size: 2,000 Python route modules (~100 lines: FastAPI routes, SQLModel queries, some
 *              flawed) + 1,000 TS files; half size: 1,000 + 500, to show time is linear.
 *
 * Prints both medians, the ratio (target ≤ 1.5), the ratio of the best runs (other load on a shared
 * machine only adds time) and authspec's peak RSS (target < 1 GiB), measured
 * with `/usr/bin/time -v` when present, else with process.resourceUsage() in a wrapper process.
 * Also times, in the same rounds, the floor of any web-tree-sitter design (bench/parse-floor.mjs:
 * Node start-up plus parsing every .py file once on two threads, nothing else), so the report says
 * how much of the gap is parsing in wasm and how much is authspec's own analysis.
 * Options: --rounds N (default 5), --scale F (default 1), --keep (leave the temp repos).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const CLI = join(pkg, 'dist', 'generator', 'cli.js');
const AST_GREP = join(pkg, 'node_modules', '.bin', 'ast-grep');
const FLOOR = join(here, 'parse-floor.mjs');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};
const ROUNDS = Number(opt('--rounds', '5'));
const SCALE = Number(opt('--scale', '1'));
const KEEP = args.includes('--keep');

if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build`);
if (!existsSync(AST_GREP)) throw new Error(`${AST_GREP} missing: npm install (dev dependency @ast-grep/cli)`);

/* ---------------- synthetic repository ---------------- */

const MODELS = ['Task', 'Note', 'Project', 'Comment', 'Label'];

function pyModule(i) {
  const M = MODELS[i % MODELS.length];
  const m = M.toLowerCase();
  const flawed = i % 10 === 0; // every tenth module has an unscoped query
  const lines = [
    `"""Routes for ${m}s, module ${i}. [Task]: T${String(100 + (i % 50)).padStart(3, '0')}"""`,
    'from datetime import datetime',
    'from typing import Annotated',
    '',
    'from fastapi import APIRouter, Depends, HTTPException, status',
    'from sqlmodel import Session, select',
    '',
    'from app.auth import CurrentUser, get_current_user',
    'from app.db import get_session',
    `from app.models import ${M}, ${M}Create, ${M}Update`,
    '',
    `router = APIRouter(prefix="/api/${m}s${i}", tags=["${m}s"])`,
    '',
    'SessionDep = Annotated[Session, Depends(get_session)]',
    '',
    '',
    `def _owned_${m}(session: Session, item_id: int, user: CurrentUser) -> ${M}:`,
    `    """Load one ${m} of the user or fail with 404."""`,
    `    item = session.get(${M}, item_id)`,
    '    if item is None or item.user_id != user.id:',
    '        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="not found")',
    '    return item',
    '',
    '',
    `@router.get("/")`,
    `def list_${m}s(session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> list[${M}]:`,
    `    """List the user's ${m}s, newest first."""`,
    flawed
      ? `    statement = select(${M}).order_by(${M}.created_at.desc())`
      : `    statement = select(${M}).where(${M}.user_id == user.id).order_by(${M}.created_at.desc())`,
    '    return list(session.exec(statement).all())',
    '',
    '',
    `@router.post("/", status_code=status.HTTP_201_CREATED)`,
    `def create_${m}(body: ${M}Create, session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> ${M}:`,
    `    item = ${M}(**body.model_dump(), user_id=user.id, created_at=datetime.utcnow())`,
    '    session.add(item)',
    '    session.commit()',
    '    session.refresh(item)',
    '    return item',
    '',
    '',
    `@router.get("/{item_id}")`,
    `def read_${m}(item_id: int, session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> ${M}:`,
    `    return _owned_${m}(session, item_id, user)`,
    '',
    '',
    `@router.put("/{item_id}")`,
    `def update_${m}(item_id: int, body: ${M}Update, session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> ${M}:`,
    `    item = _owned_${m}(session, item_id, user)`,
    '    for key, value in body.model_dump(exclude_unset=True).items():',
    '        setattr(item, key, value)',
    '    session.add(item)',
    '    session.commit()',
    '    session.refresh(item)',
    '    return item',
    '',
    '',
    `@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)`,
    `def delete_${m}(item_id: int, session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> None:`,
    `    item = _owned_${m}(session, item_id, user)`,
    '    session.delete(item)',
    '    session.commit()',
    '',
    '',
    `@router.patch("/{item_id}/complete")`,
    `def complete_${m}(item_id: int, session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> ${M}:`,
    `    item = _owned_${m}(session, item_id, user)`,
    '    item.completed = not item.completed',
    '    session.add(item)',
    '    session.commit()',
    '    return item',
    '',
    '',
    `@router.get("/search/{term}")`,
    `def search_${m}s(term: str, session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> list[${M}]:`,
    '    """Case-insensitive title search within the user\'s own items."""',
    `    statement = select(${M}).where(${M}.user_id == user.id, ${M}.title.contains(term))`,
    '    return list(session.exec(statement).all())',
    '',
    '',
    `def summarise_${m}s(items: list[${M}]) -> dict[str, int]:`,
    '    """Counts per state, for the dashboard."""',
    '    done = sum(1 for it in items if it.completed)',
    '    return {"total": len(items), "done": done, "open": len(items) - done}',
    '',
    '',
    `def format_${m}(item: ${M}) -> str:`,
    '    # Plain helper: no database, no token.',
    '    title = item.title.strip()',
    '    if len(title) > 80:',
    '        title = title[:77] + "..."',
    '    return f"{item.id}: {title}"',
    '',
    '',
    `def stats_${m}s(session: SessionDep, user: CurrentUser = Depends(get_current_user)) -> dict[str, int]:`,
    `    items = list(session.exec(select(${M}).where(${M}.user_id == user.id)).all())`,
    `    return summarise_${m}s(items)`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function tsModule(i) {
  const kind = i % 4;
  if (kind === 0) {
    return `'use client';
// [Task]: T2${String(i % 90).padStart(2, '0')}
import { useEffect, useState } from 'react';
import { api } from '@/lib/api';

export interface Item${i} { id: number; title: string; completed: boolean }

export default function List${i}() {
  const [items, setItems] = useState<Item${i}[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.list('/api/tasks').then(setItems).catch((e: Error) => setError(e.message));
  }, []);
  if (error) return <p role="alert">{error}</p>;
  return (
    <ul>
      {items.map((it) => (
        <li key={it.id} className={it.completed ? 'done' : ''}>{it.title}</li>
      ))}
    </ul>
  );
}
`;
  }
  if (kind === 1) {
    return `import { authClient } from '@/lib/auth-client';

const BASE = process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:8000';

export async function call${i}<T>(path: string, init: RequestInit = {}): Promise<T> {
  const { data } = await authClient.token();
  ${i % 20 === 1 ? "localStorage.setItem('token', data?.token ?? '');" : '// token stays in memory'}
  const res = await fetch(\`\${BASE}\${path}\`, {
    ...init,
    headers: { ...init.headers, Authorization: \`Bearer \${data?.token}\`, 'Content-Type': 'application/json' },
  });
  if (res.status === 401) throw new Error('signed out');
  if (!res.ok) throw new Error(\`request failed: \${res.status}\`);
  return (await res.json()) as T;
}
`;
  }
  if (kind === 2) {
    return `export function formatDate${i}(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return \`\${d.getFullYear()}-\${pad(d.getMonth() + 1)}-\${pad(d.getDate())}\`;
}

export function clamp${i}(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export const LABELS_${i} = ['low', 'medium', 'high'] as const;
export type Label${i} = (typeof LABELS_${i})[number];
`;
  }
  return `type Props${i} = { title: string; onToggle(): void; done: boolean };

export function Row${i}({ title, onToggle, done }: Props${i}) {
  return (
    <div className="row">
      <input type="checkbox" checked={done} onChange={onToggle} />
      <span>{title}</span>
    </div>
  );
}
`;
}

function writeRepo(root, nPy, nTs) {
  const files = {
    'backend/app/__init__.py': '',
    'backend/app/db.py': 'from sqlmodel import Session, create_engine\n\nengine = create_engine("sqlite://")\n\n\ndef get_session():\n    with Session(engine) as session:\n        yield session\n',
    'backend/app/models.py':
      'from sqlmodel import Field, SQLModel\n\n' +
      MODELS.map((M) => `class ${M}(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    user_id: str = Field(index=True)\n    title: str\n    completed: bool = False\n\n\nclass ${M}Create(SQLModel):\n    title: str\n\n\nclass ${M}Update(SQLModel):\n    title: str | None = None\n\n`).join('\n'),
    'backend/app/auth.py':
      'import os\nfrom typing import Annotated\n\nimport jwt\nfrom fastapi import Depends, HTTPException, status\nfrom fastapi.security import HTTPAuthorizationCredentials, HTTPBearer\n\nbearer = HTTPBearer(auto_error=False)\n\n\nclass CurrentUser:\n    def __init__(self, id: str):\n        self.id = id\n\n\ndef get_current_user(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> CurrentUser:\n    if creds is None:\n        raise HTTPException(status.HTTP_401_UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})\n    try:\n        payload = jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])\n    except jwt.PyJWTError:\n        raise HTTPException(status.HTTP_401_UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})\n    return CurrentUser(payload["sub"])\n',
  };
  for (let i = 0; i < nPy; i++) files[`backend/app/routers/group${i % 40}/routes_${i}.py`] = pyModule(i);
  for (let i = 0; i < nTs; i++) files[`frontend/${i % 2 ? 'components' : 'lib'}/part${i % 25}/mod_${i}.${i % 4 === 0 || i % 4 === 3 ? 'tsx' : 'ts'}`] = tsModule(i);
  files['.gitignore'] = 'node_modules/\n.venv/\n';
  files['sgconfig.yml'] = 'ruleDirs:\n  - sg-rules\n';
  files['sg-rules/unscoped-select.yml'] = [
    'id: unscoped-select',
    'language: python',
    'severity: error',
    'message: query on an owned model without a user_id filter',
    'rule:',
    '  pattern: select($M)',
    '  not:',
    '    inside:',
    '      kind: call',
    '      has:',
    '        kind: attribute',
    '        regex: \\.where$',
    '      stopBy: end',
    '',
  ].join('\n');
  files['sg-rules/token-storage.yml'] = ['id: token-storage', 'language: tsx', 'severity: error', 'message: token in localStorage', 'rule:', '  pattern: localStorage.setItem($K, $V)', ''].join('\n');
  files['sg-rules/token-storage-ts.yml'] = ['id: token-storage-ts', 'language: typescript', 'severity: error', 'message: token in localStorage', 'rule:', '  pattern: localStorage.setItem($K, $V)', ''].join('\n');
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
}

/* ---------------- measuring ---------------- */

const HAS_TIME = existsSync('/usr/bin/time');

/** Runs a command; returns wall seconds, exit code and peak RSS (bytes, or null). */
function measure(cmd, argv, cwd) {
  const t0 = performance.now();
  let r;
  let rss = null;
  let cpu = null;
  if (HAS_TIME) {
    r = spawnSync('/usr/bin/time', ['-v', cmd, ...argv], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
    if (m) rss = Number(m[1]) * 1024;
    const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
    const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr ?? '');
    if (user && sys) cpu = Number(user[1]) + Number(sys[1]);
  } else {
    const wrapper = `const { spawnSync } = require('node:child_process'); const r = spawnSync(process.argv[1], process.argv.slice(2), { stdio: 'ignore' }); process.stdout.write(JSON.stringify({ code: r.status, maxRSS: process.resourceUsage().maxRSS }));`;
    r = spawnSync(process.execPath, ['-e', wrapper, cmd, ...argv], { cwd, encoding: 'utf8' });
    // resourceUsage of the wrapper covers itself only; children's peak comes from getrusage(RUSAGE_CHILDREN) which Node does not expose,
    // so this fallback is a lower bound.
    try {
      rss = JSON.parse(r.stdout).maxRSS * 1024;
    } catch {
      rss = null;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpu, code: r.status, rss, stderr: r.stderr ?? '' };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (s) => `${s.toFixed(2)} s`;
const mib = (b) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MiB`);

async function bench(label, nPy, nTs) {
  const root = mkdtempSync(join(tmpdir(), 'authspec-bench-'));
  try {
    writeRepo(root, nPy, nTs);
    const out = join(root, 'report.json');
    const authspecArgs = [CLI, 'check', '--root', root, '--format', 'json', '--output', out];
    const sgArgs = ['scan', '--json=compact', '.'];
    // warm-up (file cache, wasm compile cache)
    measure(process.execPath, authspecArgs, root);
    measure(AST_GREP, sgArgs, root);
    const a = [];
    const g = [];
    const floor = [];
    const aCpu = [];
    const gCpu = [];
    let peak = 0;
    let aCode = null;
    for (let round = 0; round < ROUNDS; round++) {
      const first = round % 2 === 0;
      const runA = () => {
        const m = measure(process.execPath, authspecArgs, root);
        a.push(m.seconds);
        if (m.cpu !== null) aCpu.push(m.cpu);
        aCode = m.code;
        if (m.rss !== null) peak = Math.max(peak, m.rss);
        if (m.code !== 0 && m.code !== 1) throw new Error(`authspec check failed (${m.code}):\n${m.stderr}`);
      };
      const runG = () => {
        const m = measure(AST_GREP, sgArgs, root);
        g.push(m.seconds);
        if (m.cpu !== null) gCpu.push(m.cpu);
        if (m.code !== 0 && m.code !== 1) throw new Error(`ast-grep scan failed (${m.code}):\n${m.stderr}`);
      };
      const runF = () => {
        const m = measure(process.execPath, [FLOOR, root, '2'], root);
        if (m.code !== 0) throw new Error(`parse-floor failed (${m.code}):\n${m.stderr}`);
        floor.push(m.seconds);
      };
      if (first) {
        runA();
        runG();
        runF();
      } else {
        runF();
        runG();
        runA();
      }
    }
    const ma = median(a);
    const mg = median(g);
    console.log(`${label}: ${nPy} Python + ${nTs} TS files`);
    console.log(`  authspec check  median ${fmt(ma)}  (runs: ${a.map((x) => x.toFixed(2)).join(', ')}; exit ${aCode})`);
    console.log(`  ast-grep scan   median ${fmt(mg)}  (runs: ${g.map((x) => x.toFixed(2)).join(', ')})`);
    console.log(`  ratio authspec / ast-grep: ${(ma / mg).toFixed(2)} (target ≤ 1.5)`);
    // On a shared machine other load only ever adds time: the best runs are the least disturbed.
    console.log(`  best runs: authspec ${fmt(Math.min(...a))}, ast-grep ${fmt(Math.min(...g))}, ratio ${(Math.min(...a) / Math.min(...g)).toFixed(2)}`);
    const mf = median(floor);
    console.log(`  floor (node + web-tree-sitter parse of the .py files only, 2 threads): median ${fmt(mf)} = ${(mf / mg).toFixed(2)} × ast-grep; authspec's analysis beyond parsing: ${fmt(Math.max(0, ma - mf))}`);
    if (aCpu.length && gCpu.length) {
      console.log(`  CPU time (user+sys) medians: authspec ${fmt(median(aCpu))}, ast-grep ${fmt(median(gCpu))} (ratio ${(median(aCpu) / median(gCpu)).toFixed(2)}; less sensitive to other load on the machine)`);
    }
    const load = (await import('node:os')).loadavg()[0];
    console.log(`  load average during the run: ${load.toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores`);
    console.log(`  authspec peak RSS: ${peak ? mib(peak) : 'n/a'} (target < 1024 MiB${HAS_TIME ? '' : '; lower bound without /usr/bin/time'})`);
    return { ma, mg, peak };
  } finally {
    if (KEEP) console.log(`  kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

const nPy = Math.round(2000 * SCALE);
const nTs = Math.round(1000 * SCALE);
const full = await bench('full size', nPy, nTs);
const half = await bench('half size', Math.round(nPy / 2), Math.round(nTs / 2));
console.log(`linearity: full / half = ${(full.ma / half.ma).toFixed(2)} for authspec (2.00 is linear; fixed start-up cost pulls it below), ${(full.mg / half.mg).toFixed(2)} for ast-grep`);
