import { testRule } from './test-support/rule-tester.js';
import { backend, CBV_OPEN, CBV_STYLES, CBV_VIEWS, cbvViews, ROUTER_HEAD, WS_ROUTER } from './python/test-fixtures.js';
import rule from './protected-route.js';

const R = 'backend/app/routers/tasks.py';
const MAIN = (include: string): string => `from fastapi import FastAPI, Depends
from app.auth import get_current_user
from app.routers import tasks

app = FastAPI()
${include}
`;

testRule(rule, {
  valid: [
    ...CBV_STYLES.map(([style, s]) => ({
      name: `class-based views (${style}): the class attribute on the auth dependency protects every route of the class`,
      files: backend(cbvViews(s)),
    })),
    {
      name: "a class-based view whose auth attribute is declared on a base class of the same module (cbv reads the class's type hints, inherited ones included)",
      files: backend(
        cbvViews({ uid: '' }).replace(
          '@cbv(router)\nclass TaskViews:',
          'class Authed:\n    uid: str = Depends(get_current_user)\n\n\n@cbv(router)\nclass TaskViews(Authed):',
        ),
      ),
    },
    {
      name: 'a method of a project instance (`Depends(handler.current)`) that verifies the JWT through `self.decode_token()` (found by probing)',
      files: backend(
        `from fastapi import APIRouter, Depends
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task
from app.handler import handler

router = APIRouter()


@router.get("/tasks")
def list_tasks(uid: str = Depends(handler.current), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == uid)).all()
`,
        {
          'backend/app/handler.py': `import os
import jwt
from fastapi import HTTPException, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer


class Handler:
    bearer = HTTPBearer(auto_error=False)

    def decode_token(self, token: str) -> str:
        try:
            return jwt.decode(token, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])["sub"]
        except jwt.PyJWTError:
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})

    def current(self, creds: HTTPAuthorizationCredentials | None = Security(bearer)) -> str:
        if creds is None:
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return self.decode_token(creds.credentials)


handler = Handler()
`,
        },
      ),
    },
    {
      name: 'an instance built inline in Depends (`Depends(Verifier())`, a project class whose __call__ verifies the JWT; found by probing)',
      files: backend(
        `from fastapi import APIRouter, Depends
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task
from app.verifier import Verifier

router = APIRouter()


@router.get("/tasks")
def list_tasks(uid: str = Depends(Verifier()), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == uid)).all()
`,
        {
          'backend/app/verifier.py': `import os
import jwt
from fastapi import HTTPException, Request
from fastapi.security import HTTPBearer


class Verifier(HTTPBearer):
    async def __call__(self, request: Request) -> str:
        creds = await super().__call__(request)
        try:
            return jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])["sub"]
        except jwt.PyJWTError:
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
`,
        },
      ),
    },
    {
      name: 'a websocket endpoint that verifies the token from the query itself (found by probing)',
      files: backend('', { 'backend/app/routers/ws.py': WS_ROUTER.slice(0, WS_ROUTER.indexOf('@router.websocket("/ws/leak")')) }),
    },
    {
      name: 'a chain through an instance of a project class whose __call__ verifies the JWT (`verifier = JWTBearer()`, `Security(verifier)` in a dependency of a dependency; found by probing)',
      files: backend(
        `from fastapi import APIRouter, Depends
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task
from app.security import UserId

router = APIRouter()


@router.get("/tasks")
def list_tasks(user_id: UserId, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`,
        {
          'backend/app/security.py': `import os
from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPBearer


class JWTBearer(HTTPBearer):
    def __init__(self) -> None:
        super().__init__(auto_error=False)

    async def __call__(self, request: Request) -> dict:
        creds = await super().__call__(request)
        if creds is None:
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        try:
            return jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
        except jwt.PyJWTError:
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})


verifier = JWTBearer()


async def get_claims(claims: Annotated[dict, Security(verifier)]) -> dict:
    return claims


async def get_user_id(claims: Annotated[dict, Depends(get_claims)]) -> str:
    return claims["sub"]


UserId = Annotated[str, Depends(get_user_id)]
`,
        },
      ),
    },
    {
      name: 'an app whose HTTP middleware verifies the JWT: a decorated function, or add_middleware with a class whose dispatch does (found by probing)',
      files: {
        ...backend(''),
        'backend/app/main.py': `import os
import jwt
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task

app = FastAPI()


@app.middleware("http")
async def verify_jwt(request: Request, call_next):
    try:
        claims = jwt.decode(request.headers.get("authorization", "")[7:], os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        return JSONResponse({"detail": "Not authenticated"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    request.state.user_id = claims["sub"]
    return await call_next(request)


@app.get("/api/tasks")
def list_tasks(request: Request, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == request.state.user_id)).all()
`,
        'backend/app/other.py': `import os
import jwt
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task

app = FastAPI()


def claims_of(request: Request) -> dict:
    return jwt.decode(request.headers.get("authorization", "")[7:], os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])


class AuthMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next):
        try:
            request.state.user_id = claims_of(request)["sub"]
        except jwt.PyJWTError:
            return JSONResponse({"detail": "Not authenticated"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return await call_next(request)


app.add_middleware(AuthMiddleware)


@app.get("/api/tasks")
def list_tasks(request: Request, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == request.state.user_id)).all()
`,
      },
    },
    {
      name: 'parameter dependency; public route that touches nothing',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/health")
def health():
    return {"ok": True}
`,
      ),
    },
    {
      name: 'Annotated alias from another module, decorator dependencies',
      files: backend(
        `from fastapi import APIRouter, Depends
from sqlmodel import select
from app.deps import CurrentUser, SessionDep
from app.auth import get_current_user
from app.models import Task

router = APIRouter()

@router.get("/tasks")
def list_tasks(user: CurrentUser, session: SessionDep):
    return session.exec(select(Task).where(Task.user_id == user)).all()

@router.post("/tasks/purge", dependencies=[Depends(get_current_user)])
def purge(session: SessionDep):
    return session.exec(select(Task).where(Task.id == 0)).all()
`,
        {
          'backend/app/deps.py': `from typing import Annotated
from fastapi import Depends
from sqlmodel import Session
from .auth import get_current_user
from .db import get_session

CurrentUser = Annotated[str, Depends(get_current_user)]
SessionDep = Annotated[Session, Depends(get_session)]
`,
        },
      ),
    },
    {
      name: 'router-level dependencies',
      files: backend(
        ROUTER_HEAD.replace('router = APIRouter()', 'router = APIRouter(prefix="/api/{user_id}/tasks", dependencies=[Depends(get_current_user)])') +
          `
@router.get("")
def list_tasks(user_id: str, session: Session = Depends(get_session)):
    return []
`,
      ),
    },
    {
      name: 'include_router(..., dependencies=...) in main.py',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str, session: Session = Depends(get_session)):
    return session.exec(select(Task)).all()
`,
        { 'backend/app/main.py': MAIN('app.include_router(tasks.router, dependencies=[Depends(get_current_user)])') },
      ),
    },
    {
      name: 'FastAPI(dependencies=...) on the app itself',
      files: {
        ...backend(ROUTER_HEAD),
        'backend/app/main.py': `from fastapi import FastAPI, Depends
from sqlmodel import select
from .auth import get_current_user
from .models import Task

app = FastAPI(dependencies=[Depends(get_current_user)])

@app.get("/api/{user_id}/tasks")
def list_tasks(user_id: str):
    return []
`,
      },
    },
    {
      name: 'a library dependency instance (fastapi-users style) named like the user',
      files: backend(
        `from fastapi import APIRouter, Depends
from sqlmodel import select
from app.users import current_active_user
from app.models import Task

router = APIRouter()

@router.get("/tasks")
def list_tasks(user=Depends(current_active_user)):
    return select(Task).where(Task.user_id == user.id)
`,
        { 'backend/app/users.py': 'from fastapi_users import FastAPIUsers\n\nfastapi_users = FastAPIUsers(get_user_manager, [auth_backend])\ncurrent_active_user = fastapi_users.current_user(active=True)\n' },
      ),
    },
    {
      name: 'no JWT decode in the project, but the dependency hands the token to a verifier library (firebase-admin style)',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`,
        {
          'backend/app/auth.py': `from fastapi import Header
from firebase_admin import auth as fb


def get_current_user(authorization: str = Header(default="")) -> str:
    return fb.verify_id_token(authorization.removeprefix("Bearer "))["uid"]
`,
        },
      ),
    },
    {
      name: 'routes registered with add_api_route, protected by the handler or the call\'s dependencies',
      files: backend(
        ROUTER_HEAD +
          `
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

def count_tasks(session: Session = Depends(get_session)):
    return len(session.exec(select(Task)).all())

router.add_api_route("/tasks", list_tasks, methods=["GET"])
router.add_api_route(path="/tasks/count", endpoint=count_tasks, dependencies=[Depends(get_current_user)])
`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a class-based view whose only class dependency is the session, beside one on the auth dependency (found by probing)',
      files: backend(CBV_VIEWS + CBV_OPEN),
      errors: [{ line: 41, file: R, messageIncludes: 'Route GET /api/all (Open.all_tasks)' }],
    },
    {
      name: 'the same class without @cbv: its attributes are no dependencies of the routes',
      files: backend(cbvViews({ decorator: '' })),
      errors: [
        { line: 18, file: R, messageIncludes: 'TaskViews.list_tasks' },
        { line: 22, file: R, messageIncludes: 'TaskViews.get_task' },
        { line: 29, file: R, messageIncludes: 'TaskViews.create_task' },
      ],
    },
    {
      name: 'a class-based view whose `uid` is a ClassVar: cbv makes no parameter of it',
      files: backend(cbvViews({ uid: '    uid: ClassVar[str] = Depends(get_current_user)' }).replace('from typing import Annotated', 'from typing import Annotated, ClassVar')),
      errors: [
        { line: 18, file: R, messageIncludes: 'TaskViews.list_tasks' },
        { line: 22, file: R, messageIncludes: 'TaskViews.get_task' },
        { line: 29, file: R, messageIncludes: 'TaskViews.create_task' },
      ],
    },
    {
      name: 'a websocket endpoint that reads owned rows without verifying any token',
      files: backend('', { 'backend/app/routers/ws.py': WS_ROUTER }),
      errors: [{ line: 23, file: 'backend/app/routers/ws.py', messageIncludes: 'Route WEBSOCKET /ws/leak (leak)' }],
    },
    {
      name: 'an app whose only middleware does not verify a token',
      files: {
        ...backend(''),
        'backend/app/main.py': `import os
import jwt
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task

app = FastAPI()


@app.middleware("http")
async def timing(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Elapsed"] = "0"
    return response


@app.get("/api/tasks")
def list_tasks(request: Request, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == request.state.user_id)).all()
`,
      },
      errors: [{ line: 20, file: 'backend/app/main.py', messageIncludes: 'does not depend on the auth dependency' }],
    },
    {
      name: 'route touching Task without the dependency',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/tasks")
def list_tasks(user_id: str, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`,
      ),
      errors: [{ line: 9, column: 1, file: R, messageIncludes: 'list_tasks' }],
    },
    {
      name: "route under the spec's resource path, no model, no dependency",
      files: backend(
        ROUTER_HEAD.replace('router = APIRouter()', 'router = APIRouter(prefix="/api/{user_id}/tasks")') +
          `
@router.delete("/{task_id}")
def delete_task(user_id: str, task_id: int):
    return None
`,
      ),
      errors: [{ line: 9, file: R, messageIncludes: 'DELETE /api/{user_id}/tasks/{task_id}' }],
    },
    {
      name: 'router mounted twice, once without dependencies',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str):
    return []
`,
        {
          'backend/app/main.py': MAIN(
            'app.include_router(tasks.router, dependencies=[Depends(get_current_user)])\napp.include_router(tasks.router, prefix="/v2")',
          ),
        },
      ),
      errors: [{ line: 9, file: R }],
    },
    {
      name: 'a dependency that does not verify a token does not count',
      files: backend(
        ROUTER_HEAD +
          `
def get_db_user(session: Session = Depends(get_session)):
    return "someone"

@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_db_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`,
      ),
      errors: [{ line: 12, file: R }],
    },
    {
      name: 'a dependency named get_current_user that only reads the Authorization header (no JWT verified anywhere)',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/tasks")
def list_tasks(uid: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == uid)).all()
`,
        { 'backend/app/auth.py': `from fastapi import Header, HTTPException


def get_current_user(authorization: str = Header(default="")) -> str:
    if not authorization.startswith("Bearer "):
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return authorization.removeprefix("Bearer ")
` },
      ),
      errors: [{ line: 9, file: R, messageIncludes: 'no function of the project verifies a JWT, so no dependency authenticates the caller' }],
    },
    {
      name: 'routes registered with add_api_route and no auth dependency (one route per method)',
      files: backend(
        ROUTER_HEAD +
          `
def list_tasks(session: Session = Depends(get_session)):
    return session.exec(select(Task)).all()

router.add_api_route("/tasks", list_tasks, methods=["GET", "HEAD"])
`,
      ),
      errors: [
        { line: 12, file: R, messageIncludes: 'Route GET /tasks (list_tasks)' },
        { line: 12, file: R, messageIncludes: 'Route HEAD /tasks (list_tasks)' },
      ],
    },
  ],
});
