import { testRule } from './test-support/rule-tester.js';
import { AUTH, backend, CBV_VIEWS, ROUTER_HEAD } from './python/test-fixtures.js';
import rule from './auth-error-status.js';

const A = 'backend/app/auth.py';
const R = 'backend/app/routers/tasks.py';
const newFastapi = (s: import('../generator/model.js').Spec) => ({ ...s, backend: { ...s.backend, fastapiVersion: '0.122.0' } });
/** An auth dependency on `HTTPBearer()` (auto_error=True): 403 for a missing token before FastAPI 0.122. */
const BEARER_AUTH = `import jwt
from fastapi import Depends
from fastapi.security import HTTPBearer

bearer = HTTPBearer()


def get_current_user(creds=Depends(bearer)) -> dict:
    return jwt.decode(creds.credentials, "k", algorithms=["HS256"])
`;

/** An auth dependency that takes its token from another dependency reading the Authorization header. */
const TOKEN_DEP_AUTH = `from typing import Annotated

import jwt
from fastapi import Depends, HTTPException, Request


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return token


def not_blocked(request: Request) -> None:
    if request.client and request.client.host in {"10.0.0.1"}:
        raise HTTPException(status_code=403, detail="Blocked")


Token = Annotated[str, Depends(bearer_token)]


def current_user_id(token: Token, _: None = Depends(not_blocked)) -> str:
    try:
        return jwt.decode(token, "k", algorithms=["HS256"])["sub"]
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token", headers={"WWW-Authenticate": "Bearer"})
`;

/** HTTPBearer subclasses whose own __init__ passes auto_error on in each way the rule reads. */
const BEARER_SUBCLASSES = `class JWTBearer(HTTPBearer):
    def __init__(self, auto_error: bool = True):
        super(JWTBearer, self).__init__(auto_error=auto_error)


class QuietBearer(HTTPBearer):
    def __init__(self):
        super().__init__(auto_error=False)


class LoudBearer(HTTPBearer):
    def __init__(self, name: str):
        super().__init__(scheme_name=name)


class PassBearer(HTTPBearer):
    def __init__(self, **kwargs):
        HTTPBearer.__init__(self, **kwargs)


class OptInBearer(HTTPBearer):
    def __init__(self, name: str, auto_error=False):
        super().__init__(scheme_name=name, auto_error=auto_error)
`;

testRule(rule, {
  valid: [
    {
      name: "a class-based view refusing another user's item with 404 after comparing with `self.uid`",
      files: backend(CBV_VIEWS),
    },
    {
      name: 'HTTPBearer subclasses whose own __init__ turns auto_error off, or passes on a False argument or default',
      files: {
        ...backend(''),
        [A]: `from fastapi.security import HTTPBearer


${BEARER_SUBCLASSES}

optional = JWTBearer(auto_error=False)
positional = JWTBearer(False)
quiet = QuietBearer()
passed = PassBearer(auto_error=False)
opt_in = OptInBearer("y")
`,
      },
    },
    {
      name: 'hand-built 401 responses that carry WWW-Authenticate; other statuses',
      files: {
        'backend/app/errors.py': `from fastapi import Request, status
from fastapi.responses import JSONResponse, Response

AUTH_HEADERS = {"WWW-Authenticate": "Bearer"}


async def auth_error_handler(request: Request, exc: Exception):
    return JSONResponse({"detail": "Not authenticated"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})


async def forbidden_handler(request: Request, exc: Exception):
    return JSONResponse({"detail": "Forbidden"}, status_code=403)


def unauthorized() -> Response:
    return Response(status_code=status.HTTP_401_UNAUTHORIZED, headers=AUTH_HEADERS)
`,
      },
    },
    {
      name: '401 with WWW-Authenticate, auto_error=False, 404 for a foreign task',
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404, detail="Task not found")
    return task
`,
      ),
    },
    {
      name: 'a token read by a dependency of the auth dependency, refused with 401; another dependency of it answering 403 (not about the token)',
      files: { [A]: TOKEN_DEP_AUTH },
    },
    {
      name: 'HTTPBearer() is fine from FastAPI 0.122; 403 for a role check',
      spec: newFastapi,
      files: {
        [A]: `import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

bearer = HTTPBearer()


def get_current_user(creds=Depends(bearer)) -> dict:
    return jwt.decode(creds.credentials, "k", algorithms=["HS256"])


def require_admin(payload: dict = Depends(get_current_user)) -> dict:
    if payload.get("role") != "admin":
        raise HTTPException(status_code=403, detail="Forbidden")
    return payload
`,
      },
    },
    {
      name: 'HTTPBearer() with FastAPI 0.125 pinned in backend/requirements.txt and no spec (the version is read without one)',
      files: {
        'backend/requirements.txt': 'fastapi==0.125.0\nsqlmodel\n',
        [A]: BEARER_AUTH,
      },
    },
    {
      name: 'WWW-Authenticate as the positional headers argument, and in a module-level headers constant',
      files: {
        [A]: `import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)
AUTH_HEADERS = {"WWW-Authenticate": "Bearer"}


def get_current_user(creds=Depends(bearer)) -> str:
    if creds is None:
        raise HTTPException(401, "Not authenticated", {"WWW-Authenticate": "Bearer"})
    try:
        payload = jwt.decode(creds.credentials, "k", algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token", headers=AUTH_HEADERS)
    return payload["sub"]
`,
      },
    },
  ],
  invalid: [
    {
      name: "a class-based view answering another user's item with 401 (`task.user_id != self.uid`, the auth dependency's value: found by probing)",
      files: backend(CBV_VIEWS.replace('raise HTTPException(status_code=404, detail="Task not found")', 'raise HTTPException(status_code=401, detail="Task not found")')),
      errors: [{ line: 26, file: R, messageIncludes: "Another user's item answers 401" }],
    },
    {
      name: 'HTTPBearer subclasses whose own __init__ leaves the base\'s auto_error at True: passed on from a parameter defaulting to True, not passed at all, or through **kwargs (found by probing: a subclass with an __init__ was never judged)',
      files: {
        ...backend(''),
        [A]: `from fastapi.security import HTTPBearer


${BEARER_SUBCLASSES}

jwt_bearer = JWTBearer()
explicit = JWTBearer(True)
loud = LoudBearer("x")
passed = PassBearer()
forced = OptInBearer("y", auto_error=True)
`,
      },
      errors: [
        { line: 29, file: A, messageIncludes: 'JWTBearer() (an HTTPBearer subclass) with auto_error=True answers a missing token with 403 on FastAPI (version unknown) (401 only from 0.122): use JWTBearer(auto_error=False)' },
        { line: 30, file: A, messageIncludes: 'JWTBearer() (an HTTPBearer subclass) with auto_error=True' },
        { line: 31, file: A, messageIncludes: "pass auto_error=False in LoudBearer.__init__'s call to the base" },
        { line: 32, file: A, messageIncludes: 'PassBearer() (an HTTPBearer subclass)' },
        { line: 33, file: A, messageIncludes: 'OptInBearer() (an HTTPBearer subclass)' },
      ],
    },
    {
      name: 'a project subclass of HTTPBearer with no __init__, built without auto_error=False (found by probing); one built with it is fine',
      files: {
        ...backend(''),
        [A]: `import jwt
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBearer


class TokenBearer(HTTPBearer):
    async def __call__(self, request: Request) -> dict:
        creds = await super().__call__(request)
        try:
            return jwt.decode(creds.credentials, "k", algorithms=["HS256"])
        except jwt.PyJWTError:
            raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"})


strict = TokenBearer()
lenient = TokenBearer(auto_error=False)
`,
      },
      errors: [{ line: 15, file: A, messageIncludes: 'TokenBearer() (an HTTPBearer subclass) with auto_error=True' }],
    },
    {
      name: 'a 401 response built by an exception handler or a middleware without WWW-Authenticate (found by probing)',
      files: {
        'backend/app/errors.py': `from fastapi import Request, status
from fastapi.responses import JSONResponse, Response


async def auth_error_handler(request: Request, exc: Exception):
    return JSONResponse({"detail": "Not authenticated"}, status_code=401)


async def verify(request: Request, call_next):
    if "authorization" not in request.headers:
        return Response(status_code=status.HTTP_401_UNAUTHORIZED)
    return await call_next(request)
`,
      },
      errors: [
        { line: 6, column: 12, file: 'backend/app/errors.py', messageIncludes: 'JSONResponse with 401 but no WWW-Authenticate' },
        { line: 11, column: 16, file: 'backend/app/errors.py', messageIncludes: 'Response with 401 but no WWW-Authenticate' },
      ],
    },
    {
      name: 'HTTPBearer() with FastAPI 0.110 pinned and no spec: 403 for a missing token',
      files: {
        'backend/requirements.txt': 'fastapi==0.110.0\n',
        [A]: BEARER_AUTH,
      },
      errors: [{ line: 5, file: A, messageIncludes: 'HTTPBearer()' }],
    },
    {
      name: 'HTTPBearer() with an unknown FastAPI version; 403 and a bare 401 in the dependency',
      files: {
        [A]: `import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPBearer

bearer = HTTPBearer()


def get_current_user(creds=Depends(bearer)) -> str:
    try:
        payload = jwt.decode(creds.credentials, "k", algorithms=["HS256"])
    except jwt.ExpiredSignatureError:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Token expired")
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token")
    return payload["sub"]
`,
      },
      errors: [
        { line: 5, column: 10, messageIncludes: 'HTTPBearer()' },
        { line: 12, column: 15, messageIncludes: '403' },
        { line: 14, column: 15, messageIncludes: 'WWW-Authenticate' },
      ],
    },
    {
      name: 'a dependency the auth dependency takes its token from (through an Annotated alias) answering a missing token with 403, or 401 without WWW-Authenticate (found by probing)',
      files: {
        [A]: TOKEN_DEP_AUTH.replace('status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"}', 'status_code=403, detail="Not authenticated"'),
        'backend/app/other.py': TOKEN_DEP_AUTH.replace(', headers={"WWW-Authenticate": "Bearer"})\n    return token', ')\n    return token'),
      },
      errors: [
        { line: 10, column: 15, messageIncludes: 'bearer_token answers a missing or invalid token with 403' },
        { line: 10, column: 15, file: 'backend/app/other.py', messageIncludes: 'WWW-Authenticate' },
      ],
    },
    {
      name: "401 for another user's item, path check answering 401",
      files: backend(
        ROUTER_HEAD +
          `
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    if task.user_id != user_id:
        raise HTTPException(status_code=401)
    return task

@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user)):
    if user_id != current:
        raise HTTPException(status_code=401, detail="Not your tasks")
    return []
`,
      ),
      errors: [
        { line: 13, file: R, messageIncludes: "Another user's item" },
        { line: 19, file: R, messageIncludes: "Another user's item" },
      ],
    },
    {
      name: "spec says 404, code answers 403 for another user's item",
      files: {
        ...backend(
          ROUTER_HEAD +
            `
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    if not task or task.user_id != user_id:
        raise HTTPException(status_code=403)
    return task
`,
        ),
        'specs/features/authentication.md': '---\nverification:\n  mode: jwks\n---\n\n# Auth\n',
      },
      errors: [{ line: 13, file: R, messageIncludes: 'foreignAccess is 404' }],
    },
    {
      name: "spec says 404, code answers 400 for another user's item (the full-stack template's \"Not enough permissions\"; found by probing)",
      files: {
        ...backend(
          ROUTER_HEAD +
            `
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    if not task:
        raise HTTPException(status_code=404, detail="Task not found")
    if task.user_id != user_id:
        raise HTTPException(status_code=400, detail="Not enough permissions")
    return task
`,
        ),
        'specs/features/authentication.md': '---\nverification:\n  mode: jwks\n---\n\n# Auth\n',
      },
      errors: [{ line: 15, file: R, messageIncludes: 'answers 400, but the spec\'s foreignAccess is 404' }],
    },
    {
      name: 'a 401 whose headers (positional, or a module-level constant) have no WWW-Authenticate',
      files: {
        [A]: `import jwt
from fastapi import Depends, HTTPException
from fastapi.security import HTTPBearer

bearer = HTTPBearer(auto_error=False)
NO_CACHE = {"Cache-Control": "no-store"}


def get_current_user(creds=Depends(bearer)) -> str:
    if creds is None:
        raise HTTPException(401, "Not authenticated", {"Cache-Control": "no-store"})
    try:
        payload = jwt.decode(creds.credentials, "k", algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token", headers=NO_CACHE)
    return payload["sub"]
`,
      },
      errors: [
        { line: 11, column: 15, messageIncludes: 'WWW-Authenticate' },
        { line: 15, column: 15, messageIncludes: 'WWW-Authenticate' },
      ],
    },
  ],
});
void AUTH;
