/** Valid inputs the fuzz tests mutate (the embedded defaults are added when present). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');

function embedded(rel: string): string[] {
  const abs = join(repo, rel);
  return existsSync(abs) ? [readFileSync(abs, 'utf8')] : [];
}

export const SPEC_SEEDS: string[] = [
  `---
verification:
  mode: shared-secret
  algorithms: [HS256]
  secretEnv: BETTER_AUTH_SECRET
  issuer: http://localhost:3000
  audience: todo-api
  leewaySeconds: 5
envFiles: [frontend/.env.local, backend/.env]
resources:
  - model: Task
    ownerField: user_id
    path: /api/{user_id}/tasks
    foreignAccess: 404
    operations: [list, read, create, update, delete, complete]
tasks: speckit.tasks
output:
  backendAuth: backend/app/auth.py
  apiClient: frontend/lib/api.ts
---
# Authentication

| Scenario | Status | Message |
| --- | --- | --- |
| no token | 401 | Not authenticated |

- **AUTH-001** Every request carries the JWT as a Bearer token (T010, T011)
- **FR-002**: System MUST scope every query by user (T-012)

\`\`\`python
print("hello")
\`\`\`
`,
  `---
verification: {mode: jwks, algorithms: [EdDSA], jwksUrl: "http://localhost:3000/api/auth/jwks"}
---
# Auth
Prose only.
`,
  '# A spec without front matter\n\n- **AUTH-001** something (T001)\n',
  ...embedded('specs/features/authentication.md'),
];

export const TASK_SEEDS: string[] = [
  `# Tasks: Authentication

## Phase 1: Setup
- [ ] T001 Create project structure
- [x] T002 [P] Configure linting in backend/pyproject.toml

## Phase 3: User Story 1 - Sign in (Priority: P1)
- [X] T010 [P] [US1] Verify the JWT in backend/app/auth.py (depends on T001, T002)
- [ ] T-011 [US1] 🔐 Attach the Bearer token in frontend/lib/api.ts

## Phase 3.1: Setup
### Task 1.1: Older format
- [ ] T020 Something old
`,
  '- [ ] T001 one\n- [ ] T002 two\n',
  '# Tasks\n\n- [ ] write code\n- [ ] no ids at all\n',
  ...embedded('speckit.tasks'),
];

export const PY_SEEDS: string[] = [
  `# [Task]: T-010
import os
import jwt
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException
from sqlmodel import Field, Session, SQLModel, select


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: str
    title: str


def get_current_user(authorization: str = Header(...)) -> str:
    token = authorization.removeprefix("Bearer ")
    try:
        payload = jwt.decode(token, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="invalid token", headers={"WWW-Authenticate": "Bearer"})
    return payload["sub"]


router = APIRouter()


@router.get("/api/{user_id}/tasks")
async def list_tasks(user_id: str, user: str = Depends(get_current_user), session: Session = Depends()):
    if user_id != user:
        raise HTTPException(status_code=404)
    return session.exec(select(Task).where(Task.user_id == user)).all()


@router.delete("/api/{user_id}/tasks/{task_id}")
def delete_task(user_id: str, task_id: int, session: Session = Depends()):
    task = session.get(Task, task_id)
    session.delete(task)
    print(jwt.decode(task_id, "change-me", options={"verify_signature": False}))


app = FastAPI()
app.include_router(router)
`,
];

export const TS_SEEDS: string[] = [
  `// T011 attach the token
import { authClient } from './auth-client';

const BASE = process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:8000';

export async function listTasks(userId: string): Promise<unknown[]> {
  const { data } = await authClient.token();
  localStorage.setItem('token', data?.token ?? '');
  const res = await fetch(\`\${BASE}/api/\${userId}/tasks\`, {
    headers: { Authorization: \`Bearer \${data?.token}\` },
  });
  if (!res.ok) throw new Error(String(res.status));
  return (await res.json()) as unknown[];
}

export const Page = () => <div className="x">{(() => 1)()}</div>;
`,
];
