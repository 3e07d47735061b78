import { testRule } from './test-support/rule-tester.js';
import { AUTH, backend, ROUTER_HEAD, WS_ROUTER } from './python/test-fixtures.js';
import rule from './stateless-verification.js';

const A = 'backend/app/auth.py';
const withAuth = (auth: string, extra: Record<string, string> = {}): Record<string, string> => ({
  ...backend(
    ROUTER_HEAD +
      `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`,
  ),
  [A]: auth,
  ...extra,
});

/** A router module whose route depends on get_current_user from app/auth.py. */
const SESSION_ROUTER = `import os
from fastapi import APIRouter, Depends
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Task

router = APIRouter()


@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`;

testRule(rule, {
  valid: [
    {
      name: 'a websocket endpoint that verifies the token itself and then reads the user\'s rows is a route, not the auth dependency (found by probing)',
      files: backend('', { 'backend/app/routers/ws.py': WS_ROUTER }),
    },
    {
      name: 'JWKS fetched over HTTP; a session-endpoint URL outside the auth path',
      files: backend(SESSION_ROUTER, {
        'backend/app/auth.py': `import os
import httpx
import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

AUTH_URL = os.environ["BETTER_AUTH_URL"]
bearer = HTTPBearer(auto_error=False)
JWKS = jwt.PyJWKClient(f"{AUTH_URL}/api/auth/jwks")


def get_current_user(creds=Depends(bearer)) -> str:
    if creds is None:
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    key = JWKS.get_signing_key_from_jwt(creds.credentials)
    return jwt.decode(creds.credentials, key.key, algorithms=["EdDSA"], audience=AUTH_URL, issuer=AUTH_URL)["sub"]


def debug_session(cookie: str) -> dict:
    return httpx.get(f"{AUTH_URL}/api/auth/get-session", cookies={"better-auth.session_token": cookie}).json()
`,
      }),
    },
    { name: 'shared-secret verification, routes use the session', files: withAuth(AUTH) },
    {
      name: 'JWKS fetched and cached',
      files: withAuth(`import jwt
from functools import lru_cache
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)


@lru_cache
def jwks_client() -> jwt.PyJWKClient:
    return jwt.PyJWKClient("http://localhost:3000/api/auth/jwks", cache_keys=True)


def get_current_user(creds=Depends(bearer)) -> str:
    if creds is None:
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    key = jwks_client().get_signing_key_from_jwt(creds.credentials)
    return jwt.decode(creds.credentials, key.key, algorithms=["EdDSA"])["sub"]
`),
    },
    {
      name: 'JWKS fetched with a requests session named session',
      files: withAuth(`import jwt
import requests
from fastapi import Depends

session = requests.Session()
JWKS_URL = "http://localhost:3000/api/auth/jwks"


def get_current_user(token: str) -> str:
    keys = session.get(JWKS_URL, timeout=5).json()
    key = jwt.PyJWK(keys["keys"][0])
    return jwt.decode(token, key.key, algorithms=["EdDSA"])["sub"]
`),
    },
    {
      name: 'a repository dependency layered on the auth dependency may take a session (it is not the verification path)',
      files: withAuth(AUTH, {
        'backend/app/repo.py': `from fastapi import Depends
from sqlmodel import Session
from app.auth import get_current_user
from app.db import get_session


def get_repo(session: Session = Depends(get_session), uid: str = Depends(get_current_user)) -> dict:
    return {"session": session, "uid": uid}


class TaskRepo:
    def __init__(self, session: Session = Depends(get_session), uid: str = Depends(get_current_user)) -> None:
        self.session = session
        self.uid = uid
`,
        'backend/app/routers/more.py': `from fastapi import APIRouter, Depends
from app.repo import TaskRepo, get_repo

router = APIRouter()


@router.get("/a")
def a(repo: dict = Depends(get_repo)):
    return []


@router.get("/b")
def b(repo: TaskRepo = Depends()):
    return []
`,
      }),
    },
  ],
  invalid: [
    {
      name: "the auth dependency asks Better Auth's session endpoint, directly or through a helper (found by probing)",
      files: backend(SESSION_ROUTER, {
        'backend/app/auth.py': `import os
import httpx
import requests
from fastapi import Depends, HTTPException, Request

AUTH_URL = os.environ["BETTER_AUTH_URL"]


def fetch_session(token: str) -> dict | None:
    return requests.get(AUTH_URL + "/api/auth/get-session", headers={"Authorization": "Bearer " + token}).json()


async def get_current_user(request: Request) -> str:
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    async with httpx.AsyncClient() as client:
        r = await client.get(f"{AUTH_URL}/api/auth/get-session", headers={"Authorization": f"Bearer {token}"})
    if r.status_code != 200 or not r.json() or not fetch_session(token):
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return r.json()["user"]["id"]
`,
      }),
      errors: [
        { line: 10, file: 'backend/app/auth.py', messageIncludes: "fetch_session asks Better Auth's session endpoint" },
        { line: 16, file: 'backend/app/auth.py', messageIncludes: "get_current_user asks Better Auth's session endpoint (/api/auth/get-session)" },
      ],
    },
    {
      name: 'session dependency and a lookup of the Better Auth session table',
      files: withAuth(`import jwt
from fastapi import Depends, HTTPException
from sqlmodel import Session, select
from app.db import get_session
from app.models import AuthSession


def get_current_user(token: str, session: Session = Depends(get_session)) -> str:
    row = session.exec(select(AuthSession).where(AuthSession.token == token)).first()
    payload = jwt.decode(token, "k", algorithms=["HS256"])
    return payload["sub"]
`),
      errors: [
        { line: 8, file: A, messageIncludes: 'Depends(get_session)' },
        { line: 9, file: A, messageIncludes: 'session.exec' },
      ],
    },
    {
      name: 'a helper in another module opens a session',
      files: withAuth(
        `import jwt
from fastapi import Depends
from app.users import load_user


def get_current_user(token: str) -> str:
    payload = jwt.decode(token, "k", algorithms=["HS256"])
    return load_user(payload["sub"])
`,
        {
          'backend/app/users.py': `from sqlmodel import Session
from .db import engine


def load_user(uid):
    with Session(engine) as s:
        return s.get(User, uid)
`,
        },
      ),
      errors: [
        { line: 6, column: 10, file: 'backend/app/users.py', messageIncludes: 'load_user, called from the auth dependency get_current_user' },
      ],
    },
    {
      name: 'a revocation check opens a session from the sessionmaker (SessionLocal, as in the FastAPI docs)',
      files: withAuth(
        `import jwt
from app.revocation import token_revoked


def get_current_user(token: str) -> str:
    payload = jwt.decode(token, "k", algorithms=["HS256"])
    if token_revoked(payload["jti"]):
        raise ValueError("revoked")
    return payload["sub"]
`,
        {
          'backend/app/revocation.py': `from sqlalchemy import text
from app.db import SessionLocal


def token_revoked(jti: str) -> bool:
    db = SessionLocal()
    try:
        return db.connection().execute(text("SELECT 1 FROM revoked WHERE jti = :j"), {"j": jti}).first() is not None
    finally:
        db.close()
`,
        },
      ),
      errors: [{ line: 6, file: 'backend/app/revocation.py', messageIncludes: 'token_revoked, called from the auth dependency get_current_user' }],
    },
  ],
});
