#!/usr/bin/env node
/**
 * `npm run demo`: scaffolds a demo repository in a temporary folder with `authspec init`, adds a small
 * hand-written FastAPI backend (one route forgets the owner filter, on purpose), then runs validate,
 * generate, check and trace through the built CLI and shows what each printed.
 *
 *   node scripts/demo.mjs [--keep]     # --keep leaves the demo repository in place to look around
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'generator', 'cli.js');
if (!existsSync(cli)) {
  console.error('demo: dist/generator/cli.js is missing: run `npm run build` first (npm run demo does)');
  process.exit(2);
}
const keep = process.argv.includes('--keep');
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${s}\u001b[22m` : s);

const demo = mkdtempSync(join(tmpdir(), 'authspec-demo-'));
const repo = join(demo, 'todo-app');

/** Hand-written parts of the app that the generated code plugs into. */
const handWritten = {
  'backend/requirements.txt': 'fastapi==0.115.6\nsqlmodel==0.0.22\npyjwt[crypto]==2.10.1\nuvicorn==0.32.1\n',
  'backend/app/__init__.py': '',
  'backend/app/models.py': `# [Task]: T020
# [From]: specs/features/authentication.md §3.3
from datetime import datetime

from sqlmodel import Field, SQLModel


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(index=True)
    title: str
    description: str | None = None
    completed: bool = False
    created_at: datetime = Field(default_factory=datetime.utcnow)
`,
  'backend/app/db.py': `# [Task]: T004
import os

from sqlmodel import Session, create_engine

engine = create_engine(os.environ.get("DATABASE_URL", "sqlite:///todo.db"))


def get_session():
    with Session(engine) as session:
        yield session
`,
  'backend/app/routers/stats.py': `# [Task]: T042
# Hand-written: counts every user's tasks, not only the caller's (check should flag it).
from fastapi import APIRouter, Depends
from sqlmodel import Session, select

from app.db import get_session
from app.models import Task

router = APIRouter()


@router.get("/api/stats")
def stats(session: Session = Depends(get_session)) -> dict:
    return {"tasks": len(session.exec(select(Task)).all())}
`,
  'frontend/.env.local': 'BETTER_AUTH_URL=http://localhost:3000\nNEXT_PUBLIC_API_URL=http://localhost:8000\n',
};

function run(title, args, { optional = true } = {}) {
  console.log(`\n${bold(`$ authspec ${args.join(' ')}`)}   ${title ? `# ${title}` : ''}`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: existsSync(repo) ? repo : demo, encoding: 'utf8' });
  if (r.error) console.log(`  (could not run: ${r.error.message})`);
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trimEnd();
  const lines = out.split('\n');
  const shown = lines.length > 60 ? [...lines.slice(0, 60), `... (${lines.length - 60} more lines)`] : lines;
  if (out) console.log(shown.map((l) => `  ${l}`).join('\n'));
  console.log(`  -> exit ${r.status}`);
  if (!optional && r.status !== 0) {
    console.error(`demo: \`authspec ${args.join(' ')}\` failed`);
    cleanup();
    process.exit(1);
  }
  return r.status;
}

function cleanup() {
  if (keep) console.log(`\nThe demo repository stays at ${repo}`);
  else rmSync(demo, { recursive: true, force: true });
}

console.log(bold('authspec demo: the Todo app authentication feature'));
console.log(`demo repository: ${repo}`);
run('scaffold the spec and the task list', ['init', repo], { optional: false });
for (const [path, text] of Object.entries(handWritten)) {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}
console.log(`  (added the hand-written backend: ${Object.keys(handWritten).length} files)`);
run('read the spec, the task list and the config', ['validate'], { optional: false });
run('render the JWT middleware, the routers and the API client', ['generate']);
run('drift check: nothing changed since generate', ['generate', '--check']);
run('run the rules over generated and hand-written code', ['check']);
run('tasks, requirements and the code that references them', ['trace']);
cleanup();
