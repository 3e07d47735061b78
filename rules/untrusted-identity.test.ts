import { testRule } from './test-support/rule-tester.js';
import { AUTH, backend, CBV_STYLES, cbvViews, ROUTER_HEAD } from './python/test-fixtures.js';
import rule from './untrusted-identity.js';

const A = 'backend/app/auth.py';
const R = 'backend/app/routers/tasks.py';
const app = (auth: string, router = ''): Record<string, string> => ({
  ...backend(
    ROUTER_HEAD +
      `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
` +
      router,
  ),
  [A]: auth,
});

/** Body models: TaskCreate carries the owner field (through its base), TaskIn does not. */
const SCHEMAS = `from sqlmodel import SQLModel


class TaskBase(SQLModel):
    title: str
    user_id: str


class TaskCreate(TaskBase):
    pass


class TaskIn(SQLModel):
    title: str
`;

/** Dependencies on verify_jwt whose result is the user's: its sub, a user built or loaded from it, a client value refused unless it matches, an impersonation behind a role check of the verified claims. */
const USER_DEPS = `import os
import jwt
from fastapi import Depends, Header, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlmodel import Session
from app.db import get_session
from app.models import Task

bearer = HTTPBearer(auto_error=False)


class User(BaseModel):
    id: str
    email: str | None = None


def verify_jwt(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    return jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])


def get_current_user(claims: dict = Depends(verify_jwt)) -> str:
    return claims["sub"]


def current_user(claims: dict = Depends(verify_jwt)) -> User:
    return User(id=claims["sub"], email=claims.get("email"))


def checked_uid(user_id: str, claims: dict = Depends(verify_jwt)) -> str:
    if user_id != claims["sub"]:
        raise HTTPException(status_code=403)
    return user_id


def acting_user(x_act_as: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:
    if x_act_as and "admin" in claims.get("roles", []):
        return x_act_as
    return claims["sub"]


def impersonated_user(x_act_as: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:
    roles = claims.get("roles", [])
    if x_act_as:
        if "admin" not in roles:
            raise HTTPException(status_code=403)
        return x_act_as
    return claims["sub"]


def require_admin(claims: dict = Depends(verify_jwt)) -> dict:
    if "admin" not in claims.get("roles", []):
        raise HTTPException(status_code=403)
    return claims


def support_user(user_id: str, admin: dict = Depends(require_admin)) -> str:
    return user_id


def db_user(claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    return session.get(Task, claims["sub"])


def get_tenant(x_tenant: str = Header(...), me: str = Depends(get_current_user)) -> str:
    return x_tenant


def page_size(limit: int = 20, me: str = Depends(get_current_user)) -> int:
    return limit
`;

/** Routes on every dependency of USER_DEPS / CLIENT_DEPS given by name. */
const depRoutes = (names: string[]): string =>
  `
from app.auth import ${names.join(', ')}
` + names.map((n) => `\n@router.get("/${n}")\ndef route_${n}(v=Depends(${n})):\n    return v\n`).join('');

testRule(rule, {
  valid: [
    ...CBV_STYLES.map(([style, s]) => ({
      name: `class-based views (${style}): a new row owned by \`self.uid\`, the auth dependency's value (found by probing)`,
      files: backend(cbvViews(s)),
    })),
    {
      name: 'an owned row built from a body without the owner field, or with the owner set from the token (update=, explicit keyword, assigned afterwards)',
      files: {
        ...app(
          AUTH,
          `
from app.schemas import TaskCreate, TaskIn

@router.post("/a")
def a(body: TaskIn, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task.model_validate(body, update={"user_id": user_id})

@router.post("/b")
def b(body: TaskCreate, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task(**body.model_dump(exclude={"user_id"}), user_id=user_id)

@router.post("/c")
def c(body: TaskCreate, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = Task.model_validate(body)
    task.user_id = user_id
    return task

@router.post("/d")
def d(body: TaskIn, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task(**body.model_dump())

@router.patch("/e/{task_id}")
def e(task_id: int, body: TaskCreate, patch: TaskIn, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.exec(select(Task).where(Task.id == task_id, Task.user_id == user_id)).one()
    task.sqlmodel_update(body.model_dump(exclude={"user_id"}))
    task.sqlmodel_update(patch.model_dump(exclude_unset=True))
    return task
`,
        ),
        'backend/app/schemas.py': SCHEMAS,
      },
    },
    {
      name: 'request body read for data, and a body user id only compared with the token (found by probing)',
      files: app(
        AUTH,
        `
from fastapi import Request

@router.post("/tasks")
async def create(request: Request, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    data = await request.json()
    if data.get("user_id") != user_id:
        raise HTTPException(status_code=403)
    task = Task(title=data["title"], user_id=user_id, invited=data["email"])
    session.add(task)
    return task
`,
      ),
    },
    { name: 'verified token only', files: app(AUTH) },
    {
      name: 'request id header and a settings branch that raises',
      files: app(
        AUTH.replace(
          '    if creds is None:',
          '    if settings_debug() and creds is None:\n        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})\n    if creds is None:',
        ) + '\n\ndef settings_debug():\n    return False\n',
        `
from fastapi import Request

@router.get("/ping")
def ping(request: Request):
    return {"request_id": request.headers.get("X-Request-ID")}
`,
      ),
    },
    {
      name: 'an unverified peek at the issuer before the verified decode; a debug branch that verifies with another key; an identity header only cross-checked',
      files: app(`import os
import jwt
from fastapi import Depends, Header, HTTPException
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)
ISS = "http://localhost:3000"


def get_current_user(creds=Depends(bearer), x_user_id: str | None = Header(default=None)) -> str:
    unverified = jwt.decode(creds.credentials, options={"verify_signature": False})
    if unverified.get("iss") != ISS:
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    if os.getenv("DEBUG"):
        payload = jwt.decode(creds.credentials, os.environ["DEV_BETTER_AUTH_SECRET"], algorithms=["HS256"])
        return payload["sub"]
    payload = jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    if x_user_id is not None and x_user_id != payload["sub"]:
        raise HTTPException(status_code=400)
    return payload["sub"]
`),
    },
    {
      name: 'a new row\'s owner from the user with a falsy or constant fallback (`me or ""`, `me if me else None`, `"system"`): no client value',
      files: app(
        AUTH,
        `
@router.post("/a")
def a(title: str, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = Task(title=title, user_id=me or "")
    session.add(task)
    return task

@router.post("/b")
def b(title: str, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    uid = me if me else None
    return Task(title=title, user_id=uid)

@router.post("/c")
def c(title: str, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task(title=title, user_id=me if me else "system")
`,
      ),
    },
    {
      name: 'an identity header only tested for presence and cross-checked (`if x_user_id and x_user_id != me: raise`)',
      files: app(
        AUTH,
        `
from fastapi import Header

@router.get("/mine")
def mine(x_user_id: str | None = Header(None), me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if x_user_id and x_user_id != me:
        raise HTTPException(status_code=403)
    return session.exec(select(Task).where(Task.user_id == me)).all()

@router.get("/other")
def other(x_user_id: str | None = Header(None), me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if not (x_user_id is None or x_user_id == me):
        raise HTTPException(status_code=403)
    return session.exec(select(Task).where(Task.user_id == me)).all()
`,
      ),
    },
    {
      name: 'dependencies on the auth dependency whose result is the user: its sub, a user built or loaded from it, a client value refused unless it matches, an impersonation behind a role check of the verified claims (or a role dependency), and results that are no user (a tenant header, a page size)',
      files: app(USER_DEPS, depRoutes(['current_user', 'checked_uid', 'acting_user', 'impersonated_user', 'support_user', 'db_user', 'get_tenant', 'page_size'])),
    },
  ],
  invalid: [
    {
      name: 'a class-based view creating a row owned by a plain class attribute (cbv makes it a query parameter the client fills)',
      files: backend(cbvViews({ uid: '    uid: str = Depends(get_current_user)\n    owner: str' }).replace('Task(user_id=self.uid', 'Task(user_id=self.owner')),
      errors: [{ line: 32, file: R, messageIncludes: 'Task is created with user_id=self.owner, a value the client controls' }],
    },
    {
      name: 'Header() and Cookie() inside Annotated, used as a new row\'s owner or to filter a query (a comparison with a column is no cross-check; found by probing)',
      files: backend(
        `from typing import Annotated
from fastapi import APIRouter, Cookie, Depends, Header
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Task

router = APIRouter()


@router.post("/tasks")
def create(title: str, me: str = Depends(get_current_user), session: Session = Depends(get_session), x_user_id: Annotated[str | None, Header()] = None):
    task = Task(title=title, user_id=x_user_id or me)
    session.add(task)
    return task


@router.get("/tasks")
def by_cookie(uid: Annotated[str, Cookie()], me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == uid)).all()
`,
      ),
      errors: [
        { line: 12, file: R, messageIncludes: 'client-controlled header (x_user_id)' },
        // the owner may be the header's value (`x_user_id or me`), as a plain `user_id=x_user_id` is reported
        { line: 13, file: R, messageIncludes: 'Task is created with user_id=x_user_id or me' },
        { line: 19, file: R, messageIncludes: 'client-controlled cookie (uid)' },
      ],
    },
    {
      name: 'an owned row built wholesale from a body that carries the owner field (model_validate, ** of model_dump / dict / the body) (found by probing)',
      files: {
        ...app(
          AUTH,
          `
from app.schemas import TaskCreate, TaskIn

@router.post("/a")
def a(body: TaskCreate, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task.model_validate(body)

@router.post("/b")
def b(body: TaskCreate, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task(**body.model_dump())

@router.post("/c")
def c(body: TaskCreate, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = Task(**body.dict())
    return task

@router.patch("/e/{task_id}")
def e(task_id: int, body: TaskCreate, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.exec(select(Task).where(Task.id == task_id, Task.user_id == user_id)).one()
    task.sqlmodel_update(body.model_dump(exclude_unset=True))
    return task
`,
        ),
        'backend/app/schemas.py': SCHEMAS,
      },
      errors: [
        { line: 17, column: 12, file: R, messageIncludes: 'Task is built from the request body body, whose user_id the client chooses' },
        { line: 21, column: 12, file: R, messageIncludes: 'Task is built from the request body body' },
        { line: 25, column: 12, file: R, messageIncludes: 'Task is built from the request body body' },
        { line: 31, column: 5, file: R, messageIncludes: 'task.sqlmodel_update() copies the request body body onto the row, user_id included' },
      ],
    },
    {
      name: 'user id read from the request body (json and form) (found by probing)',
      files: app(
        AUTH,
        `
from fastapi import Request

@router.post("/tasks")
async def create(request: Request, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    data = await request.json()
    task = Task(title=data["title"], user_id=data["user_id"])
    session.add(task)
    return task

@router.get("/tasks/mine")
async def mine(request: Request, session: Session = Depends(get_session)):
    body = await request.json()
    uid = body["user_id"]
    return session.exec(select(Task).where(Task.user_id == uid)).all()

@router.post("/tasks/form")
async def create_form(request: Request, session: Session = Depends(get_session)):
    owner = (await request.form()).get("owner_id")
    return owner
`,
      ),
      errors: [
        { line: 18, column: 46, file: R, messageIncludes: 'Task is created with user_id=data["user_id"]' },
        { line: 25, column: 11, file: R, messageIncludes: 'request.json(), key "user_id"' },
        { line: 30, column: 13, file: R, messageIncludes: 'request.form(), key "owner_id"' },
      ],
    },
    {
      name: 'X-User-ID header as the identity',
      files: app(`from fastapi import Header


def get_current_user(x_user_id: str = Header(...)) -> str:
    return x_user_id
`),
      errors: [{ line: 4, column: 22, file: A, messageIncludes: 'header' }],
    },
    {
      name: 'request.headers and a query parameter dependency',
      files: app(`from fastapi import Request


def get_current_user(request: Request) -> str:
    return request.headers.get("X-User-Id")


def user_from_query(user_id: str) -> str:
    return user_id
`, `
from app.auth import user_from_query

@router.get("/mine")
def mine(user_id: str = Depends(user_from_query)):
    return user_id
`),
      errors: [
        { line: 5, file: A, messageIncludes: 'request.headers.get("X-User-Id")' },
        { line: 9, file: A, messageIncludes: 'query string' },
      ],
    },
    {
      name: 'owner of a new row taken from the body',
      files: app(
        AUTH,
        `
from pydantic import BaseModel


class TaskIn(BaseModel):
    title: str
    user_id: str


@router.post("/tasks")
def create(body: TaskIn, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = Task(title=body.title, user_id=body.user_id)
    ok = Task(title=body.title, user_id=current)
    session.add(task)
    return task
`,
      ),
      errors: [{ line: 23, column: 43, file: R, messageIncludes: 'user_id=body.user_id' }],
    },
    {
      name: 'test-token bypass and unverified decode',
      files: app(`import os
import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)


def get_current_user(creds=Depends(bearer)) -> str:
    if os.getenv("ENV") == "dev" and creds.credentials == "test-token":
        return "test-user"
    payload = jwt.decode(creds.credentials, options={"verify_signature": False})
    return payload["sub"]
`),
      errors: [
        { line: 10, column: 5, file: A, messageIncludes: 'returns without verifying' },
        { line: 12, file: A, messageIncludes: 'without signature verification' },
      ],
    },
    {
      name: 'an unverified decode assigned in a test-mode branch; a helper returning an unverified decode',
      files: app(`import os
import jwt
from fastapi import Depends
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)


def peek_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])


def get_current_user(creds=Depends(bearer)) -> str:
    if os.getenv("ENV") == "test":
        payload = jwt.decode(creds.credentials, options={"verify_signature": False})
    else:
        payload = jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    return payload["sub"]


def get_other_user(creds=Depends(bearer)) -> str:
    return peek_claims(creds.credentials)["sub"]
`),
      errors: [
        { line: 10, file: A, messageIncludes: 'without signature verification; its claims are returned' },
        { line: 14, column: 5, file: A, messageIncludes: 'decodes the token without verifying' },
      ],
    },
    {
      name: 'an unverified decode whose options sit in a variable or dict() (read as jwt-verification-config reads them)',
      files: app(`import jwt
from fastapi import Depends
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)
NO_SIGNATURE = {"verify_signature": False}


def get_current_user(creds=Depends(bearer)) -> str:
    return jwt.decode(creds.credentials, options=NO_SIGNATURE)["sub"]


def get_other_user(creds=Depends(bearer)) -> str:
    opts = dict(verify_signature=False)
    payload = jwt.decode(creds.credentials, options=opts)
    return payload["sub"]
`),
      errors: [
        { line: 10, file: A, messageIncludes: 'without signature verification; its claims are returned' },
        { line: 15, file: A, messageIncludes: 'without signature verification; its claims are returned' },
      ],
    },
    {
      name: 'a client value that may be the identity through `or` or a conditional expression: a new row\'s owner, a dependency\'s result',
      files: app(
        AUTH +
          `

def user_from_query(user_id: str | None = None) -> str:
    return user_id or "anonymous"
`,
        `
from pydantic import BaseModel
from fastapi import Header, Request
from app.auth import user_from_query

DEBUG = False


class TaskIn(BaseModel):
    title: str
    user_id: str | None = None


@router.post("/a")
def a(body: TaskIn, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    uid = body.user_id or me
    task = Task(title=body.title, user_id=uid)
    session.add(task)
    return task

@router.post("/b")
def b(body: TaskIn, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return Task(title=body.title, user_id=body.user_id if DEBUG else me)

@router.get("/c")
def c(x_user_id: str | None = Header(None), me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    user_id = x_user_id or me
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/d")
def d(request: Request, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    user_id = request.headers.get("X-User-ID") if DEBUG else me
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/e")
def e(user_id: str = Depends(user_from_query)):
    return user_id
`,
      ),
      errors: [
        { line: 20, file: A, messageIncludes: 'returns user_id, which FastAPI fills from the query string' },
        { line: 28, file: R, messageIncludes: 'Task is created with user_id=uid' },
        { line: 34, file: R, messageIncludes: 'Task is created with user_id=body.user_id if DEBUG else me' },
        { line: 37, file: R, messageIncludes: 'client-controlled header (x_user_id)' },
        { line: 43, file: R, messageIncludes: 'request.headers.get("X-User-ID")' },
      ],
    },
    {
      name: 'a dependency on the auth dependency whose result, taken as the user, may be a client value: a query parameter, a header, a body value, one the claims are verified but ignored beside, under a role check of a client header or a setting (found by probing)',
      files: app(
        `import os
from typing import Annotated
import jwt
from fastapi import Depends, Header
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

bearer = HTTPBearer(auto_error=False)
ALLOW_IMPERSONATION = True


def verify_jwt(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> dict:
    return jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])


Claims = Annotated[dict, Depends(verify_jwt)]


class ActAs(BaseModel):
    user_id: str | None = None


def current_uid(user_id: str | None = None, claims: dict = Depends(verify_jwt)) -> str:
    return user_id or claims["sub"]


def acting_user(x_act_as: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:
    if x_act_as:
        return x_act_as
    return claims["sub"]


def plain_uid(user_id: str, claims: dict = Depends(verify_jwt)) -> str:
    return user_id


def aliased_uid(claims: Claims, user_id: str | None = None) -> str:
    return user_id if user_id else claims["sub"]


def body_user(body: ActAs, claims: dict = Depends(verify_jwt)) -> str:
    return body.user_id or claims["sub"]


def flagged_user(x_act_as: str | None = Header(None), x_role: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:
    if x_act_as and x_role == "admin":
        return x_act_as
    if ALLOW_IMPERSONATION and x_act_as:
        return x_act_as
    return claims["sub"]


def get_current_user(user_id: str | None = None, creds: HTTPAuthorizationCredentials = Depends(bearer)) -> str:
    payload = jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    uid = user_id or payload["sub"]
    return uid
`,
        depRoutes(['current_uid', 'acting_user', 'plain_uid', 'aliased_uid', 'body_user', 'flagged_user']),
      ),
      errors: [
        { line: 24, column: 12, file: A, messageIncludes: 'The dependency current_uid can return user_id, a query parameter the client chooses, and its result is taken as the authenticated user (it depends on verify_jwt)' },
        { line: 29, column: 16, file: A, messageIncludes: 'acting_user can return x_act_as, a header the client chooses' },
        { line: 34, file: A, messageIncludes: 'plain_uid can return user_id, a query parameter' },
        { line: 38, file: A, messageIncludes: 'aliased_uid can return user_id, a query parameter the client chooses, and its result is taken as the authenticated user (it depends on verify_jwt)' },
        { line: 42, file: A, messageIncludes: 'body_user can return body, a body value' },
        { line: 47, file: A, messageIncludes: 'flagged_user can return x_act_as, a header' },
        { line: 49, file: A, messageIncludes: 'flagged_user can return x_act_as, a header' },
        { line: 56, file: A, messageIncludes: 'get_current_user can return user_id, a query parameter the client chooses, and its result is taken as the authenticated user:' },
      ],
    },
  ],
});
void R;
