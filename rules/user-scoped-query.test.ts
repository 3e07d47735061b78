import { testRule } from './test-support/rule-tester.js';
import { AUTH, backend, CBV_DELETE_UNCHECKED, CBV_OPEN, CBV_STYLES, CBV_VIEWS, cbvViews, DB, MODELS, ROUTER_HEAD, WS_ROUTER } from './python/test-fixtures.js';
import rule from './user-scoped-query.js';

const R = 'backend/app/routers/tasks.py';
// ROUTER_HEAD is 7 lines; handlers start at line 8
const route = (body: string): Record<string, string> => backend(ROUTER_HEAD + body);
// Task (owner user_id) belongs to a Project (owner owner_id: owned too, there is no spec file)
const PROJECT_MODELS = `from sqlmodel import SQLModel, Field


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: str = Field(index=True)
    name: str


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(index=True)
    project_id: int = Field(foreign_key="project.id")
    title: str
`;
const joinRoute = (body: string): Record<string, string> => ({
  ...backend(ROUTER_HEAD.replace('from app.models import Task', 'from app.models import Project, Task') + body),
  'backend/app/models.py': PROJECT_MODELS,
});

/** AUTH plus `verify_jwt`, a dependency that returns the verified claims (a dict). */
const CLAIMS_AUTH =
  AUTH +
  `

def verify_jwt(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> dict:
    if creds is None:
        raise HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    try:
        return jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token", headers={"WWW-Authenticate": "Bearer"})
`;
const claimsRoute = (body: string): Record<string, string> =>
  backend(ROUTER_HEAD.replace('from app.auth import get_current_user', 'from app.auth import get_current_user, verify_jwt') + body, { 'backend/app/auth.py': CLAIMS_AUTH });

/**
 * backend/app/deps.py: dependencies on verify_jwt. Their result is the user's (`me`, `checked_uid`,
 * `acting_user` behind a role check of the claims, `my_id` on `checked_uid`) or may be a client value
 * (`current_uid`: `?user_id=` wins; `header_uid`: an X-Act-As header; `plain_uid`: the claims ignored;
 * `chained_uid` on `current_uid`).
 */
const DEPS = `from fastapi import Depends, Header, HTTPException
from app.auth import verify_jwt


def me(claims: dict = Depends(verify_jwt)) -> str:
    return claims["sub"]


def checked_uid(user_id: str, claims: dict = Depends(verify_jwt)) -> str:
    if user_id != claims["sub"]:
        raise HTTPException(status_code=403)
    return user_id


def acting_user(x_act_as: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:
    if x_act_as and "admin" in claims.get("roles", []):
        return x_act_as
    return claims["sub"]


def my_id(uid: str = Depends(checked_uid)) -> str:
    return uid


def current_uid(user_id: str | None = None, claims: dict = Depends(verify_jwt)) -> str:
    return user_id or claims["sub"]


def header_uid(x_act_as: str | None = Header(None), claims: dict = Depends(verify_jwt)) -> str:
    if x_act_as:
        return x_act_as
    return claims["sub"]


def plain_uid(user_id: str, claims: dict = Depends(verify_jwt)) -> str:
    return user_id


def chained_uid(uid: str = Depends(current_uid)) -> str:
    return uid
`;
/** Routes listing the tasks of each dependency's result (the query of the n-th, from 0, at line 11 + 4n). */
const depRoutes = (names: string[]): Record<string, string> =>
  backend(
    ROUTER_HEAD.replace('from app.auth import get_current_user', `from app.deps import ${names.join(', ')}`) +
      names.map((n) => `\n@router.get("/${n}")\ndef route_${n}(uid: str = Depends(${n}), session: Session = Depends(get_session)):\n    return session.exec(select(Task).where(Task.user_id == uid)).all()\n`).join(''),
    { 'backend/app/auth.py': CLAIMS_AUTH, 'backend/app/deps.py': DEPS },
  );

/** A backend whose owned model is keyed by owner_id, and a route that fetches one row by id alone. */
const TODO_BACKEND: Record<string, string> = {
  'backend/app/__init__.py': '',
  'backend/app/models.py': `from sqlmodel import SQLModel, Field


class Todo(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: str = Field(index=True)
    title: str
`,
  'backend/app/auth.py': AUTH,
  'backend/app/db.py': DB,
  'backend/app/todos.py': `from fastapi import APIRouter, Depends
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Todo

router = APIRouter()


@router.get("/todos/{todo_id}")
def show(todo_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Todo).where(Todo.id == todo_id)).first()
`,
};

/** TODO_BACKEND with the model named Task, as the default spec's resource is (whose guessed owner is user_id). */
const TASK_OWNER_BACKEND: Record<string, string> = Object.fromEntries(
  Object.entries(TODO_BACKEND).map(([k, v]) => [k.replace('todos', 'tasks'), v.replace(/Todo/g, 'Task').replace(/todo/g, 'task')]),
);

/** A route that updates a row scoped to the user, refuses when none matched, then returns it by id. */
const UPDATE_THEN_GET = `
@router.patch("/tasks/{task_id}")
def complete(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    res = session.exec(update(Task).where(Task.id == task_id, Task.user_id == user_id).values(completed=True))
    if res.rowcount == 0:
        raise HTTPException(status_code=404)
    session.commit()
    return session.get(Task, task_id)
`;
const updateThenGet = (body: string): Record<string, string> => backend(ROUTER_HEAD.replace('import Session, select', 'import Session, select, update') + body);

/** A repository whose methods take the owner's id, built by a factory dependency; routes call its methods. */
const FACTORY_REPO = `from fastapi import Depends
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task


class TaskRepository:
    def __init__(self, session: Session):
        self.session = session

    def get_for(self, task_id: int, owner_id: str):
        return self.session.exec(select(Task).where(Task.id == task_id, Task.user_id == owner_id)).first()


def get_task_repo(session: Session = Depends(get_session)) -> TaskRepository:
    return TaskRepository(session)
`;
const factoryRepo = (owner: string): Record<string, string> =>
  backend(
    ROUTER_HEAD.replace('from app.models import Task', 'from typing import Annotated\nfrom app.models import Task\nfrom app.repository import TaskRepository, get_task_repo') +
      `
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), repo: TaskRepository = Depends(get_task_repo)):
    return repo.get_for(task_id, user_id)


@router.delete("/tasks/{task_id}")
def remove(task_id: int, owner: str, user_id: str = Depends(get_current_user), repo: Annotated[TaskRepository, Depends(get_task_repo)] = None):
    return repo.get_for(task_id, ${owner})
`,
    { 'backend/app/repository.py': FACTORY_REPO },
  );

/** TODO_BACKEND with a SQLAlchemy 2.0 declarative model (`Mapped[...]`, `__tablename__`) instead of SQLModel. */
const SA_TODO_BACKEND: Record<string, string> = {
  ...TODO_BACKEND,
  'backend/app/models.py': `from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Todo(Base):
    __tablename__ = "todos"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[str] = mapped_column(index=True)
    title: Mapped[str]
`,
};

/** A crud module whose helpers return a row fetched by id alone. */
const CRUD = `from sqlmodel import Session, select
from app.models import Task


def get_task(db: Session, task_id: int) -> Task | None:
    return db.get(Task, task_id)


def find_task(db: Session, task_id: int) -> Task | None:
    return db.exec(select(Task).where(Task.id == task_id)).first()
`;


/**
 * A generic CRUD class (the older full-stack template's style): its queries are on `self.model`, the
 * model an instance is bound to. get: line 12, get_multi: line 15, remove: line 18.
 */
const CRUD_BASE = `from typing import Generic, TypeVar
from sqlmodel import Session, SQLModel, select

ModelType = TypeVar("ModelType", bound=SQLModel)


class CRUDBase(Generic[ModelType]):
    def __init__(self, model: type[ModelType]):
        self.model = model

    def get(self, db: Session, id: int) -> ModelType | None:
        return db.get(self.model, id)

    def get_multi(self, db: Session, *, skip: int = 0, limit: int = 100):
        return db.exec(select(self.model).offset(skip).limit(limit)).all()

    def remove(self, db: Session, *, id: int):
        obj = db.get(self.model, id)
        db.delete(obj)
        db.commit()
        return obj
`;

/** A subclass bound to Task, with a method scoped by its owner parameter (line 8), and the package exporting it as `task`. */
const crudModules = (task: string = CRUD_TASK): Record<string, string> => ({
  'backend/app/crud/__init__.py': 'from .crud_task import crud_task as task\n',
  'backend/app/crud/base.py': CRUD_BASE,
  'backend/app/crud/crud_task.py': task,
});
const CRUD_TASK = `from sqlmodel import Session, select
from app.crud.base import CRUDBase
from app.models import Task


class CRUDTask(CRUDBase[Task]):
    def get_multi_by_owner(self, db: Session, *, owner_id: str, skip: int = 0, limit: int = 100):
        return db.exec(select(self.model).where(self.model.user_id == owner_id).offset(skip).limit(limit)).all()


crud_task = CRUDTask(Task)
`;
const crudRoute = (body: string): Record<string, string> => ({
  ...route(`
from app import crud
from app.crud.crud_task import crud_task
${body}`),
  ...crudModules(),
});

testRule(rule, {
  valid: [
    ...CBV_STYLES.map(([style, s]) => ({
      name: `class-based views (${style}): \`self.uid\` is the auth dependency's value, in the query and in the check after get (found by probing)`,
      files: backend(cbvViews(s)),
    })),
    {
      name: "a class-based view's user object and claims: `self.user.id`, `self.claims[\"sub\"]`, through a local, and in a helper method",
      files: backend(
        CBV_VIEWS.replace('    uid: str = Depends(get_current_user)', '    user: User = Depends(get_current_user)\n    claims: dict = Depends(get_current_user)')
          .replace('Task.user_id == self.uid', 'Task.user_id == self.user.id')
          .replace('task.user_id != self.uid', 'task.user_id != self.claims["sub"]')
          .replace('task = Task(user_id=self.uid, title=title)', 'owner = self.user.id\n        task = Task(user_id=owner, title=title)') +
          `
    def _owned(self, task_id: int):
        return self.session.exec(select(Task).where(Task.id == task_id, Task.user_id == self.user.id)).first()

    @router.patch("/tasks/{task_id}")
    def toggle(self, task_id: int):
        return self._owned(task_id)
`,
      ),
    },
    {
      name: 'a generic CRUD class bound to an owned model: scoped methods, returned rows checked by the caller, a removal after the check (found by probing)',
      files: crudRoute(`
@router.get("/tasks")
def read_tasks(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_task.get_multi_by_owner(db, owner_id=user_id)

@router.get("/mine")
def mine(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud.task.get_multi_by_owner(db=db, owner_id=user_id, limit=10)

@router.get("/tasks/{task_id}")
def read_one(task_id: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    task = crud_task.get(db, task_id)
    if not task or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task

@router.delete("/tasks/{task_id}")
def delete(task_id: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    task = crud.task.get(db=db, id=task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return crud.task.remove(db, id=task_id)
`),
    },
    {
      name: 'a helper returns the row it fetched through a variable, returned at once, and every caller checks its owner',
      files: {
        ...route(`
from app import crud

@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.find_task(session, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task

@router.get("/other/{task_id}")
def other(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.fetch_task(session, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task
`),
        'backend/app/crud.py': `from sqlmodel import Session, select
from app.models import Task


def find_task(db: Session, task_id: int) -> Task | None:
    statement = select(Task).where(Task.id == task_id)
    return db.exec(statement).first()


def fetch_task(db: Session, task_id: int) -> Task | None:
    result = db.exec(select(Task).where(Task.id == task_id))
    # the row, if any
    return result.first()
`,
      },
    },
    {
      name: 'a generic CRUD get that returns the row through a variable, checked by its caller',
      files: {
        ...crudRoute(`
@router.get("/tasks/{task_id}")
def read_one(task_id: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    task = crud_task.get(db, task_id)
    if not task or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task
`),
        'backend/app/crud/base.py': CRUD_BASE.replace('        return db.get(self.model, id)\n', '        result = db.exec(select(self.model).where(self.model.id == id))\n        return result.first()\n'),
      },
    },
    {
      name: 'a generic CRUD method scoped by the bound model named directly (Task.user_id == owner_id)',
      files: {
        ...crudRoute(`
@router.get("/tasks")
def read_tasks(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_task.get_multi_by_owner(db, owner_id=user_id)
`),
        'backend/app/crud/crud_task.py': CRUD_TASK.replace('self.model.user_id == owner_id', 'Task.user_id == owner_id'),
      },
    },
    {
      name: 'a generic CRUD class bound to a model that is not owned, or called on an instance that cannot be followed, stays silent',
      files: {
        ...crudRoute(`
from app.crud.base import CRUDBase
from app.models import Tag

crud_tag = CRUDBase(Tag)


def make_crud():
    return CRUDBase(Task)


@router.get("/tags")
def tags(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_tag.get_multi(db)

@router.get("/tags/{tag_id}")
def tag(tag_id: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_tag.get(db, tag_id)

@router.get("/all")
def everything(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return make_crud().get_multi(db)
`),
        'backend/app/models.py': MODELS + '\n\nclass Tag(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    label: str\n',
      },
    },
    {
      name: 'a crud helper returns the row and every caller checks its owner (found by probing)',
      files: {
        ...route(`
from app import crud

@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.get_task(session, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task

@router.delete("/tasks/{task_id}")
def remove(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.find_task(session, task_id)
    if not task or task.user_id != user_id:
        raise HTTPException(status_code=404)
    session.delete(task)
    session.commit()
`),
        'backend/app/crud.py': CRUD,
      },
    },
    {
      name: 'scoped by the sub of the token the endpoint verified itself (a websocket endpoint; found by probing)',
      files: backend('', { 'backend/app/routers/ws.py': WS_ROUTER.slice(0, WS_ROUTER.indexOf('@router.websocket("/ws/leak")')) }),
    },
    {
      name: 'without a spec file, a Task model keyed by owner_id is scoped by Task.owner_id, not the default resource\'s user_id (found by probing)',
      files: { ...TASK_OWNER_BACKEND, 'backend/app/tasks.py': TASK_OWNER_BACKEND['backend/app/tasks.py']!.replace('Task.id == task_id)', 'Task.id == task_id, Task.owner_id == user_id)') },
    },
    {
      name: 'session.get(Task, task_id) after an update scoped to the user on the same id whose no-match is refused (found by probing)',
      files: updateThenGet(UPDATE_THEN_GET),
    },
    {
      name: 'a repository method called on a parameter a factory dependency builds, with the user\'s id at every call site',
      files: factoryRepo('owner_id=user_id'),
    },
    {
      name: 'a SQLAlchemy declarative model scoped by its owner column',
      files: { ...SA_TODO_BACKEND, 'backend/app/todos.py': SA_TODO_BACKEND['backend/app/todos.py']!.replace('Todo.id == todo_id)', 'Todo.id == todo_id, Todo.owner_id == user_id)') },
    },
    {
      name: 'with a spec file, only its owner fields (and user_id) make a model owned: owner_id is not guessed',
      files: {
        ...TODO_BACKEND,
        'specs/features/authentication.md': '---\nverification:\n  mode: jwks\n---\n\n# Auth\n',
      },
    },
    {
      name: 'request.state set by a router dependency or a verifying middleware, and self.user.id of a service built with the user (found by probing)',
      files: backend(
        ROUTER_HEAD.replace('router = APIRouter()', 'router = APIRouter(dependencies=[Depends(attach_user)])').replace(
          'from app.auth import get_current_user',
          'from fastapi import Request\nfrom app.auth import get_current_user, attach_user\nfrom app.service import TaskService',
        ) +
          `
@router.get("/a")
def a(request: Request, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == request.state.user_id)).all()

@router.get("/b")
def b(request: Request, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == request.state.claims.sub)).all()

@router.get("/c")
def c(user: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return TaskService(session, user).list()
`,
        {
          'backend/app/auth.py':
            AUTH +
            `

async def attach_user(request: Request, user_id: str = Depends(get_current_user)) -> None:
    request.state.user_id = user_id
`,
          'backend/app/middleware.py': `import os
import jwt
from fastapi import Request
from fastapi.responses import JSONResponse


async def verify_jwt(request: Request, call_next):
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        return JSONResponse({"detail": "Not authenticated"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    request.state.claims = claims
    return await call_next(request)
`,
          'backend/app/service.py': `from sqlmodel import Session, select
from app.models import Task


class TaskService:
    def __init__(self, session: Session, user):
        self.session = session
        self.user = user

    def list(self):
        return self.session.exec(select(Task).where(Task.user_id == self.user.id)).all()
`,
        },
      ),
    },
    {
      name: 'where with the dependency result',
      files: route(`
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
    },
    {
      name: 'two where arguments, and_(), chained wheres, filter_by',
      files: route(`
from sqlalchemy import and_

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.id == task_id, Task.user_id == user_id)).first()

@router.get("/b/{task_id}")
def b(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(and_(Task.id == task_id, Task.user_id == user_id))).first()

@router.get("/c/{task_id}")
def c(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.id == task_id).where(Task.user_id == user_id)).first()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.query(Task).filter_by(user_id=user_id).all()

@router.get("/e")
def e(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.query(Task).filter(Task.user_id == user_id).all()
`),
    },
    {
      name: 'statement built in steps, Annotated dependency, user object .id',
      files: route(`
from typing import Annotated
CurrentUser = Annotated[str, Depends(get_current_user)]

@router.get("/tasks")
def list_tasks(user: CurrentUser, done: bool | None = None, session: Session = Depends(get_session)):
    stmt = select(Task)
    if done is not None:
        stmt = stmt.where(Task.completed == done)
    stmt = stmt.where(Task.user_id == user)
    return session.exec(stmt).all()
`),
    },
    {
      name: 'session.get followed by an ownership check, async session',
      files: route(`
@router.delete("/tasks/{task_id}")
async def delete_task(task_id: int, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    task = await session.get(Task, task_id)
    if not task or task.user_id != user_id:
        raise HTTPException(status_code=404)
    await session.delete(task)
`),
    },
    {
      name: 'session.get followed by a check that returns a 404 or 403 response instead of raising',
      files: route(`
@router.patch("/tasks/{task_id}/done")
def done(task_id: int, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    task = session.get(Task, task_id)
    if task is None or task.user_id != user_id:
        return JSONResponse(status_code=404, content={"detail": "Not found"})
    return task

@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    task = session.get(Task, task_id)
    if task and task.user_id == user_id:
        return task
    return Response(status_code=status.HTTP_403_FORBIDDEN)
`),
    },
    {
      name: 'repository classes: built with the user id from the dependency, or as a class dependency whose __init__ takes it',
      files: {
        ...route(`
from app.repo import TaskRepo, OwnRepo

@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session=Depends(get_session)):
    return TaskRepo(session, user_id).list()

@router.get("/tasks/{task_id}")
def read(task_id: int, repo: OwnRepo = Depends()):
    return repo.get(task_id)
`),
        'backend/app/repo.py': `from fastapi import Depends, HTTPException
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Task


class TaskRepo:
    def __init__(self, session: Session, owner_id: str) -> None:
        self.session = session
        self.owner_id = owner_id

    def list(self):
        return self.session.exec(select(Task).where(Task.user_id == self.owner_id)).all()


class OwnRepo:
    def __init__(self, session: Session = Depends(get_session), uid: str = Depends(get_current_user)) -> None:
        self.session = session
        self.uid = uid

    def get(self, task_id: int) -> Task:
        task = self.session.get(Task, task_id)
        if task is None or task.user_id != self.uid:
            raise HTTPException(status_code=404)
        return task
`,
      },
    },
    {
      name: 'path user id checked against the dependency before the query',
      files: route(`
@router.get("/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if user_id != current:
        raise HTTPException(status_code=403)
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
    },
    {
      name: 'helper in another module, every call site passes the user id',
      files: backend(
        ROUTER_HEAD.replace('from app.models import Task', 'from app.crud import tasks_of') +
          `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return tasks_of(session, user_id)
`,
        {
          'backend/app/crud.py': `from sqlmodel import select
from .models import Task


def tasks_of(session, owner):
    return session.exec(select(Task).where(Task.user_id == owner)).all()
`,
        },
      ),
    },
    {
      name: 'tests query freely and their calls do not make a helper parameter untrusted',
      files: backend(
        ROUTER_HEAD.replace('from app.models import Task', 'from app.crud import tasks_of') +
          `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return tasks_of(session, user_id)
`,
        {
          'backend/app/crud.py': 'from sqlmodel import select\nfrom .models import Task\n\n\ndef tasks_of(session, owner):\n    return session.exec(select(Task).where(Task.user_id == owner)).all()\n',
          'backend/tests/test_tasks.py': 'from sqlmodel import select\nfrom app.crud import tasks_of\nfrom app.models import Task\n\n\ndef test_all(session):\n    assert tasks_of(session, "alice") == []\n    assert session.exec(select(Task)).all() == []\n',
        },
      ),
    },
    {
      name: 'Annotated in the signature, async execute/scalars, sa.select',
      files: route(`
from typing import Annotated
import sqlalchemy as sa

@router.get("/a")
async def a(user_id: Annotated[str, Depends(get_current_user)], session=Depends(get_session)):
    result = await session.execute(sa.select(Task).where(Task.user_id == user_id))
    return result.scalars().all()

@router.get("/b")
async def b(user_id: Annotated[str, Depends(get_current_user)], session=Depends(get_session)):
    return (await session.scalars(select(Task).filter(Task.user_id == user_id))).all()
`),
    },
    {
      name: 'session.get returned only when the owner matches, raise after',
      files: route(`
@router.get("/tasks/{task_id}")
async def read(task_id: int, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    task = await session.get(Task, task_id)
    if task is not None and task.user_id == user_id:
        return task
    raise HTTPException(status_code=404)
`),
    },
    {
      name: 'module-qualified model (models.Task)',
      files: route(`
from app import models

@router.get("/q")
def q(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(models.Task).where(models.Task.user_id == user_id)).all()
`),
    },
    {
      name: 'in_ with the user id alone, and a predicate helper from another module (found by probing)',
      files: {
        ...route(`
from sqlmodel import col
from app.filters import owned_by, mine_and_open

@router.get("/a")
def a(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(col(Task.user_id).in_([user_id]))).all()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id.in_((user_id,)))).all()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(owned_by(user_id))).all()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(mine_and_open(uid=user_id))).all()
`),
        'backend/app/filters.py': `from sqlalchemy import and_
from app.models import Task


def owned_by(uid: str):
    """Rows of this user."""
    return Task.user_id == uid


def mine_and_open(uid: str):
    return and_(Task.completed == False, Task.user_id == uid)
`,
      },
    },
    {
      name: "a query scoped through a joined owned model's owner column: implicit join, explicit onclause, a statement built in steps, outerjoin",
      files: joinRoute(`
@router.get("/a")
def a(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project).where(Project.owner_id == user_id)).all()

@router.get("/b/{task_id}")
def b(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project, Task.project_id == Project.id).where(Task.id == task_id, Project.owner_id == user_id)).first()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    stmt = select(Task)
    stmt = stmt.join(Project)
    stmt = stmt.where(Project.owner_id == user_id)
    return session.exec(stmt).all()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).outerjoin(Project).where(Project.owner_id == user_id)).all()
`),
    },
    {
      name: 'raw SQL constraining the owner column, bound to the authenticated user (bindparams, a params dict, params=, a variable and a dict variable, a connection); INSERT is not scoped',
      files: route(`
import sqlalchemy as sa
from sqlalchemy import text
from app.db import engine

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(text("SELECT * FROM task WHERE id = :id AND user_id = :uid").bindparams(id=task_id, uid=user_id)).first()

@router.get("/b/{task_id}")
def b(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT * FROM task WHERE id = :id AND user_id = :uid"), {"id": task_id, "uid": user_id}).first()

@router.delete("/c/{task_id}")
def c(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    session.exec(sa.text("DELETE FROM task WHERE user_id = :uid AND id = :id"), params={"id": task_id, "uid": user_id})

@router.get("/d/{task_id}")
def d(task_id: int, user_id: str = Depends(get_current_user)):
    stmt = text("SELECT title FROM task t WHERE t.id = :id AND t.user_id = :uid")
    values = {"id": task_id, "uid": user_id}
    with engine.connect() as connection:
        return connection.execute(stmt, values).first()

@router.post("/e")
def e(title: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    session.execute(text("INSERT INTO task (title, user_id) VALUES (:title, :uid)"), {"title": title, "uid": user_id})
`),
    },
    {
      name: 'raw SQL on a table scoped through an owned table it is linked to: JOIN ... ON (inner, or LEFT with the owner in WHERE), a comma join linked in WHERE, an IN subquery, several joins, UPDATE ... FROM',
      files: joinRoute(`
from sqlalchemy import text

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t JOIN project p ON p.id = t.project_id WHERE p.owner_id = :uid AND t.id = :id"), {"uid": user_id, "id": task_id}).first()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task AS t INNER JOIN project AS p ON t.project_id = p.id AND p.owner_id = :uid"), {"uid": user_id}).all()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT task.* FROM task LEFT JOIN project ON project.id = task.project_id WHERE project.owner_id = :uid"), {"uid": user_id}).all()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t, project p WHERE t.project_id = p.id AND p.owner_id = :uid"), {"uid": user_id}).all()

@router.get("/e")
def e(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT * FROM task WHERE project_id IN (SELECT id FROM project WHERE owner_id = :uid)"), {"uid": user_id}).all()

@router.patch("/f/{task_id}")
def f(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    session.execute(text('UPDATE task SET title = :t FROM project p WHERE p.id = task.project_id AND p.owner_id = :uid AND task.id = :id'), {"t": "x", "uid": user_id, "id": task_id})
`),
    },
    {
      name: 'raw SQL on a table scoped through a correlated EXISTS or a CTE that holds only the user\'s rows (joined to it, or read alone)',
      files: joinRoute(`
from sqlalchemy import text

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t WHERE t.id = :id AND EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)"), {"id": task_id, "uid": user_id}).first()

@router.get("/b/{task_id}")
def b(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("WITH mine AS (SELECT id FROM project WHERE owner_id = :uid) SELECT t.* FROM task t JOIN mine m ON m.id = t.project_id WHERE t.id = :id"), {"id": task_id, "uid": user_id}).first()

@router.get("/c/{task_id}")
def c(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("WITH mine AS (SELECT * FROM task WHERE user_id = :uid) SELECT * FROM mine WHERE id = :id"), {"id": task_id, "uid": user_id}).first()
`),
    },
    {
      name: 'raw SQL run as a string, scoped: a DB-API cursor (tuple, module constant, local variable, dict), asyncpg ($n arguments), exec_driver_sql, the databases package, a text alias, an f-string interpolating the user id or a LIMIT',
      files: route(`
import asyncpg
from sqlalchemy import text as sql_text
from app.db import engine

GET_TASK = "SELECT * FROM task WHERE id = %s AND user_id = %s"

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user)):
    cur = engine.raw_connection().cursor()
    cur.execute("SELECT * FROM task WHERE id = %s AND user_id = %s", (task_id, user_id))
    cur.execute(GET_TASK, (task_id, user_id))
    return cur.fetchone()

@router.get("/b/{task_id}")
def b(task_id: int, user_id: str = Depends(get_current_user)):
    query = """
        SELECT *
        FROM task
        WHERE id = %(id)s AND user_id = %(uid)s
    """
    with engine.raw_connection().cursor() as cur:
        cur.execute(query, {"id": task_id, "uid": user_id})
        return cur.fetchone()

@router.get("/c/{task_id}")
async def c(task_id: int, user_id: str = Depends(get_current_user)):
    conn = await asyncpg.connect("postgresql://")
    return await conn.fetchrow("SELECT * FROM task WHERE id = $1 AND user_id = $2", task_id, user_id)

@router.get("/d/{task_id}")
def d(task_id: int, user_id: str = Depends(get_current_user)):
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT * FROM task WHERE id = ? AND user_id = ?", (task_id, user_id)).first()

@router.get("/e")
async def e(user_id: str = Depends(get_current_user)):
    return await database.fetch_all(query="SELECT * FROM task WHERE user_id = :uid", values={"uid": user_id})

@router.get("/f/{task_id}")
def f(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(sql_text("SELECT * FROM task WHERE id = :id AND user_id = :uid"), {"id": task_id, "uid": user_id}).first()

@router.get("/g/{task_id}")
def g(task_id: int, limit: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    session.execute(sql_text(f"SELECT * FROM task WHERE id = {task_id} AND user_id = '{user_id}'")).first()
    return session.execute(sql_text(f"SELECT * FROM task WHERE user_id = :uid LIMIT {limit}"), {"uid": user_id}).all()
`),
    },
    {
      name: 'raw SQL the rule cannot read is left unjudged: an f-string interpolating a table or a clause, SQL extended with +=, %-formatting, .format(), asyncpg arguments from *args',
      files: route(`
import asyncpg
from sqlalchemy import text
from app.db import engine

@router.get("/a")
def a(table: str, clause: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    session.execute(text(f"SELECT * FROM {table}")).all()
    return session.execute(text(f"SELECT * FROM task WHERE {clause}")).all()

@router.get("/b")
def b(q: str, user_id: str = Depends(get_current_user)):
    sql = "SELECT * FROM task WHERE title LIKE %s"
    sql += " AND user_id = %s"
    cur = engine.raw_connection().cursor()
    cur.execute(sql, (q, user_id))
    cur.execute("SELECT * FROM task WHERE user_id = '%s'" % user_id)
    cur.execute("SELECT * FROM task WHERE user_id = '{}'".format(user_id))
    return cur.fetchall()

@router.get("/c")
async def c(user_id: str = Depends(get_current_user)):
    conn = await asyncpg.connect("postgresql://")
    args = [user_id]
    await conn.execute("DELETE FROM task WHERE user_id = $1", *args)
    return await conn.fetch("SELECT * FROM task WHERE user_id = $1", *args)
`),
    },
    {
      name: 'the user\'s id with a falsy literal fallback (`claims.get("sub") or ""`, `or None`, `if ... else None`), or one of two values that are both the user\'s: scoped',
      files: claimsRoute(`
@router.get("/a")
def a(claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    user_id = claims.get("sub") or ""
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/b")
def b(claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == (claims["sub"] or None))).all()

@router.get("/c")
def c(me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    uid = me if me else None
    return session.exec(select(Task).filter_by(user_id=uid)).all()

@router.get("/d")
def d(me: str = Depends(get_current_user), claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    uid = me or claims["sub"]
    return session.exec(select(Task).where(Task.user_id == uid)).all()

@router.get("/e")
def e(me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return mine(session, me or "")


def mine(session: Session, owner: str):
    return session.exec(select(Task).where(Task.user_id == owner)).all()
`),
    },
    {
      name: 'filter_by after a join names the joined model\'s columns: Project.owner_id scopes Task through the join; filter_by before the join is the root model\'s',
      files: joinRoute(`
@router.get("/a")
def a(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.query(Task).join(Project).filter_by(owner_id=user_id).all()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project, Task.project_id == Project.id).filter_by(owner_id=user_id)).all()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).filter_by(user_id=user_id).join(Project)).all()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    stmt = select(Task).join(Project)
    stmt = stmt.filter_by(owner_id=user_id)
    return session.exec(stmt).all()
`),
    },
    {
      name: 'scoped by the result of a dependency on the auth dependency that is the user: its sub, a client value refused unless it matches, an impersonation behind a role check of the claims, a dependency on one of these',
      files: depRoutes(['me', 'checked_uid', 'acting_user', 'my_id']),
    },
  ],
  invalid: [
    {
      name: 'scoped by the result of a dependency on the auth dependency that may be a client value (a query parameter or header wins, the claims ignored, a dependency on such a one): as for a plain dependency returning a query parameter (found by probing)',
      files: depRoutes(['current_uid', 'header_uid', 'plain_uid', 'chained_uid']),
      errors: [
        { line: 11, file: R, messageIncludes: '`Task.user_id == uid`, which is not the authenticated user' },
        { line: 15, file: R, messageIncludes: '`Task.user_id == uid`, which is not the authenticated user' },
        { line: 19, file: R, messageIncludes: '`Task.user_id == uid`, which is not the authenticated user' },
        { line: 23, file: R, messageIncludes: '`Task.user_id == uid`, which is not the authenticated user' },
      ],
    },
    {
      name: "class-based views: an unchecked get in a view on the auth dependency, and a view with only the session (found by probing)",
      files: backend(CBV_VIEWS + CBV_DELETE_UNCHECKED + CBV_OPEN),
      errors: [
        { line: 38, file: R, messageIncludes: 'session.get(Task, ...) is not followed by an ownership check' },
        { line: 49, file: R, messageIncludes: 'Query on Task is not scoped to the authenticated user' },
      ],
    },
    {
      name: "a class-based view whose `uid` is a plain attribute (cbv makes it a query parameter) or the auth attribute overwritten from the request",
      files: backend(
        cbvViews({ uid: '    uid: str' }) +
          `

@cbv(router)
class Mine:
    session: Session = Depends(get_session)
    uid: str = Depends(get_current_user)

    @router.get("/mine")
    def mine(self, other: str):
        self.uid = other
        return self.session.exec(select(Task).where(Task.user_id == self.uid)).all()
`,
      ),
      errors: [
        { line: 20, file: R, messageIncludes: 'which is not the authenticated user' },
        { line: 24, file: R, messageIncludes: 'is not followed by an ownership check' },
        { line: 45, file: R, messageIncludes: 'which is not the authenticated user' },
      ],
    },
    {
      name: 'a generic CRUD method that does not scope its query, called on an instance bound to an owned model (found by probing)',
      files: crudRoute(`
@router.get("/all")
def read_all(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_task.get_multi(db)

@router.get("/peek/{task_id}")
def peek(task_id: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud.task.get(db, task_id)
`),
      errors: [
        { line: 12, column: 16, file: 'backend/app/crud/base.py', messageIncludes: '`crud.task.get(...)` at backend/app/routers/tasks.py:18 runs it on Task' },
        { line: 15, column: 24, file: 'backend/app/crud/base.py', messageIncludes: 'Query on Task (`self.model`) is not scoped to the authenticated user' },
      ],
    },
    {
      name: 'a helper deletes the row it fetched before returning it: the caller checks too late',
      files: {
        ...route(`
from app import crud

@router.delete("/tasks/{task_id}")
def delete(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.delete_task(session, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task
`),
        'backend/app/crud.py': `from sqlmodel import Session
from app.models import Task


def delete_task(db: Session, task_id: int) -> Task | None:
    task = db.get(Task, task_id)
    db.delete(task)
    db.commit()
    return task
`,
      },
      errors: [{ line: 6, file: 'backend/app/crud.py', messageIncludes: 'session.get(Task, ...) is not followed by an ownership check' }],
    },
    {
      name: 'a generic CRUD class bound by the type argument of its base (no constructor argument), called through the package',
      files: {
        ...crudRoute(`
@router.get("/all")
def read_all(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud.task.get_multi(db, limit=5)
`),
        'backend/app/crud/crud_task.py': CRUD_TASK.replace('class CRUDTask(CRUDBase[Task]):\n', 'class CRUDTask(CRUDBase[Task]):\n    def __init__(self) -> None:\n        super().__init__(Task)\n\n').replace('crud_task = CRUDTask(Task)', 'crud_task = CRUDTask()'),
      },
      errors: [{ line: 15, file: 'backend/app/crud/base.py', messageIncludes: '`crud.task.get_multi(...)` at backend/app/routers/tasks.py:14' }],
    },
    {
      name: 'a generic CRUD instance built from the base class itself, a removal with no check, and one after checking another row',
      files: {
        ...crudRoute(`
@router.delete("/tasks/{task_id}")
def delete(task_id: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud.task.remove(db, id=task_id)

@router.delete("/tasks/{task_id}/{other}")
def delete_other(task_id: int, other: int, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    task = crud.task.get(db, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return crud.task.remove(db, id=other)
`),
        'backend/app/crud/__init__.py': 'from app.models import Task\nfrom .base import CRUDBase\n\ntask = CRUDBase(model=Task)\n',
      },
      errors: [{ line: 18, file: 'backend/app/crud/base.py', messageIncludes: 'session.get(self.model, ...) is not followed by an ownership check' }],
    },
    {
      name: 'a generic CRUD method scoped by its owner parameter, which one caller fills from the query string',
      files: crudRoute(`
@router.get("/tasks")
def read_tasks(user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_task.get_multi_by_owner(db, owner_id=user_id)

@router.get("/board")
def board(owner: str, user_id: str = Depends(get_current_user), db: Session = Depends(get_session)):
    return crud_task.get_multi_by_owner(db, owner_id=owner)
`),
      errors: [{ line: 8, column: 24, file: 'backend/app/crud/crud_task.py', messageIncludes: '`self.model.user_id == owner_id`' }],
    },
    {
      name: 'a crud helper returns the row, but one caller does not check its owner, or checks it against another value',
      files: {
        ...route(`
from app import crud

@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.get_task(session, task_id)
    if task is None or task.user_id != user_id:
        raise HTTPException(status_code=404)
    return task

@router.get("/peek/{task_id}")
def peek(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return crud.get_task(session, task_id)

@router.delete("/tasks/{task_id}")
def remove(task_id: int, owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = crud.find_task(session, task_id)
    if not task or task.user_id != owner:
        raise HTTPException(status_code=404)
    session.delete(task)
`),
        'backend/app/crud.py': CRUD,
      },
      errors: [
        { line: 6, column: 12, file: 'backend/app/crud.py', messageIncludes: 'session.get(Task, ...) is not followed by an ownership check' },
        { line: 10, column: 20, file: 'backend/app/crud.py', messageIncludes: 'Query on Task is not scoped' },
      ],
    },
    {
      name: 'scoped by the sub of a token the endpoint decoded without verifying its signature',
      files: backend('', {
        'backend/app/routers/ws.py': WS_ROUTER.replace('algorithms=["HS256"])', 'algorithms=["HS256"], options={"verify_signature": False})'),
      }),
      errors: [
        { line: 19, file: 'backend/app/routers/ws.py', messageIncludes: 'not the authenticated user' },
        { line: 26, file: 'backend/app/routers/ws.py' },
      ],
    },
    {
      name: 'without a spec file, a table with owner_id is an owned model too (found by probing: its queries went unchecked)',
      files: {
        ...TODO_BACKEND,
      },
      errors: [{ line: 12, column: 25, file: 'backend/app/todos.py', messageIncludes: 'Todo.owner_id ==' }],
    },
    {
      name: 'session.get(Task, ...) after a scoped update: with no refusal between, or for another id',
      files: updateThenGet(
        UPDATE_THEN_GET.replace('    if res.rowcount == 0:\n        raise HTTPException(status_code=404)\n', '') +
          UPDATE_THEN_GET.replace('def complete(task_id: int,', 'def complete2(task_id: int, other_id: int,').replace('{task_id}"', '{task_id}/other"').replace('get(Task, task_id)', 'get(Task, other_id)'),
      ),
      errors: [
        { line: 13, file: R, messageIncludes: 'session.get(Task, ...) is not followed' },
        { line: 21, file: R, messageIncludes: 'session.get(Task, ...) is not followed' },
      ],
    },
    {
      name: 'a repository method called on a parameter a factory dependency builds (`repo: TaskRepository = Depends(get_task_repo)`, also Annotated), one call site passing a query parameter (found by probing: such calls were never resolved)',
      files: factoryRepo('owner'),
      errors: [{ line: 12, file: 'backend/app/repository.py', messageIncludes: 'which is not the authenticated user\'s id' }],
    },
    {
      name: 'a SQLAlchemy declarative model with __tablename__ and an owner column is owned (found by probing: only SQLModel table=True classes were)',
      files: SA_TODO_BACKEND,
      errors: [{ line: 12, column: 25, file: 'backend/app/todos.py', messageIncludes: 'Todo.owner_id ==' }],
    },
    {
      name: 'without a spec file, a Task model keyed by owner_id: the fix names Task.owner_id',
      files: TASK_OWNER_BACKEND,
      errors: [{ line: 12, column: 25, file: 'backend/app/tasks.py', messageIncludes: 'Task.owner_id ==' }],
    },
    {
      name: 'request.state set from a header, and a service built with a query parameter',
      files: backend(
        ROUTER_HEAD.replace('router = APIRouter()', 'router = APIRouter(dependencies=[Depends(attach_user)])').replace(
          'from app.auth import get_current_user',
          'from fastapi import Request\nfrom app.auth import get_current_user, attach_user\nfrom app.service import TaskService',
        ) +
          `
@router.get("/a")
def a(request: Request, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == request.state.user_id)).all()

@router.get("/c")
def c(owner: str, user: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return TaskService(session, owner).list()
`,
        {
          'backend/app/auth.py':
            AUTH +
            `

async def attach_user(request: Request, user: str = Depends(get_current_user)) -> None:
    request.state.user_id = request.headers.get("x-user-id")
`,
          'backend/app/service.py': `from sqlmodel import Session, select
from app.models import Task


class TaskService:
    def __init__(self, session: Session, user):
        self.session = session
        self.user = user

    def list(self):
        return self.session.exec(select(Task).where(Task.user_id == self.user.id)).all()
`,
        },
      ),
      errors: [
        { line: 13, column: 25, file: R, messageIncludes: 'request.state.user_id' },
        { line: 11, column: 34, file: 'backend/app/service.py', messageIncludes: 'self.user.id' },
      ],
    },
    {
      name: 'in_ with more than the user, a predicate helper given another value, a helper on another column',
      files: {
        ...route(`
from app.filters import owned_by, by_id

@router.get("/a")
def a(other: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id.in_([user_id, other]))).all()

@router.get("/b")
def b(owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(owned_by(owner))).all()

@router.get("/c/{task_id}")
def c(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(by_id(task_id))).first()
`),
        'backend/app/filters.py': `from app.models import Task


def owned_by(uid: str):
    return Task.user_id == uid


def by_id(task_id: int):
    return Task.id == task_id
`,
      },
      errors: [
        { line: 13, column: 25, file: R, messageIncludes: 'in [user_id, other]' },
        { line: 17, column: 25, file: R, messageIncludes: '== owner' },
        { line: 21, column: 25, file: R, messageIncludes: 'is not scoped' },
      ],
    },
    {
      name: 'async execute and scalars without a filter',
      files: route(`
import sqlalchemy as sa

@router.get("/a")
async def a(user_id: str = Depends(get_current_user), session=Depends(get_session)):
    result = await session.execute(sa.select(Task))
    return (await session.scalars(select(Task).limit(5))).all()
`),
      errors: [
        { line: 13, column: 36, file: R },
        { line: 14, column: 35, file: R },
      ],
    },
    {
      name: 'count over select_from(Task): scoped and unscoped',
      files: route(`
from sqlmodel import func

@router.get("/count")
def count(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    mine = session.exec(select(func.count()).select_from(Task).where(Task.user_id == user_id)).one()
    total = session.exec(select(func.count()).select_from(Task)).one()
    return mine, total
`),
      errors: [{ line: 14, column: 26, file: R }],
    },
    {
      name: 'positive owner check that does not refuse',
      files: route(`
@router.get("/tasks/{task_id}")
async def read(task_id: int, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    task = await session.get(Task, task_id)
    if task.user_id == user_id:
        print("own task")
    return task
`),
      errors: [{ line: 11, column: 18, file: R, messageIncludes: 'ownership check' }],
    },
    {
      name: 'a check that returns a 200 response does not refuse',
      files: route(`
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    task = session.get(Task, task_id)
    if task is None or task.user_id != user_id:
        return JSONResponse(status_code=200, content={"warning": "not yours"})
    return task
`),
      errors: [{ line: 11, file: R, messageIncludes: 'ownership check' }],
    },
    {
      name: 'repository classes: owner taken from the query string, and a class dependency whose __init__ takes a plain parameter',
      files: {
        ...route(`
from typing import Optional
from app.repo import TaskRepo, OpenRepo

@router.get("/tasks")
def list_tasks(owner: Optional[str] = None, user_id: str = Depends(get_current_user), session=Depends(get_session)):
    return TaskRepo(session, owner).list()

@router.get("/all")
def list_all(repo: OpenRepo = Depends()):
    return repo.list()
`),
        'backend/app/repo.py': `from fastapi import Depends
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task


class TaskRepo:
    def __init__(self, session: Session, owner_id: str) -> None:
        self.session = session
        self.owner_id = owner_id

    def list(self):
        return self.session.exec(select(Task).where(Task.user_id == self.owner_id)).all()


class OpenRepo:
    def __init__(self, uid: str, session: Session = Depends(get_session)) -> None:
        self.session = session
        self.uid = uid

    def list(self):
        return self.session.exec(select(Task).where(Task.user_id == self.uid)).all()
`,
      },
      errors: [
        { line: 13, file: 'backend/app/repo.py', messageIncludes: '`Task.user_id == self.owner_id`, which is not the authenticated user' },
        { line: 22, file: 'backend/app/repo.py', messageIncludes: '`Task.user_id == self.uid`, which is not the authenticated user' },
      ],
    },
    {
      name: 'a joined owned model compared with a non-auth value, an onclause that does not link the models, a join without a comparison',
      files: joinRoute(`
@router.get("/a")
def a(owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project).where(Project.owner_id == owner)).all()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project, Project.id == 1).where(Project.owner_id == user_id)).all()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project)).all()
`),
      errors: [
        { line: 11, column: 25, file: R, messageIncludes: '`Project.owner_id == owner`, which is not the authenticated user' },
        { line: 15, column: 25, file: R, messageIncludes: 'not scoped' },
        { line: 19, column: 25, file: R, messageIncludes: 'not scoped' },
      ],
    },
    {
      name: 'raw SQL without the owner column, with it beside an OR, bound to a query parameter, and on a __tablename__ table',
      files: {
        ...route(`
from sqlalchemy import text

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(text("SELECT * FROM task WHERE id = :id").bindparams(id=task_id)).first()

@router.get("/b/{task_id}")
def b(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT * FROM task WHERE id = :id OR user_id = :uid"), {"id": task_id, "uid": user_id}).first()

@router.get("/c/{task_id}")
def c(task_id: int, owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT * FROM task WHERE id = :id AND user_id = :uid"), {"id": task_id, "uid": owner}).first()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT * FROM notes")).all()
`),
        'backend/app/models.py': `from sqlmodel import SQLModel, Field


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(index=True)
    title: str


class Note(SQLModel, table=True):
    __tablename__ = "notes"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str
`,
      },
      errors: [
        { line: 13, column: 25, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 17, column: 28, file: R, messageIncludes: 'does not constrain `user_id`' },
        { line: 21, column: 28, file: R, messageIncludes: 'bound to `owner`, which is not the authenticated user' },
        { line: 25, column: 28, file: R, messageIncludes: 'Raw SQL on table `notes` (Note)' },
      ],
    },
    {
      name: 'raw SQL scoped through a linked owned table wrongly: its owner bound to another value (reported once), compared in a LEFT JOIN\'s ON clause, tables not linked, NOT IN, a UNION',
      files: joinRoute(`
from sqlalchemy import text

@router.get("/a/{task_id}")
def a(task_id: int, owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t JOIN project p ON p.id = t.project_id WHERE t.id = :id AND p.owner_id = :uid"), {"id": task_id, "uid": owner}).first()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t LEFT JOIN project p ON p.id = t.project_id AND p.owner_id = :uid"), {"uid": user_id}).all()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t, project p WHERE p.owner_id = :uid"), {"uid": user_id}).all()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT * FROM task WHERE project_id NOT IN (SELECT id FROM project WHERE owner_id = :uid)"), {"uid": user_id}).all()

@router.get("/e")
def e(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.id FROM task t JOIN project p ON p.id = t.project_id WHERE p.owner_id = :uid UNION SELECT id FROM task"), {"uid": user_id}).all()
`),
      errors: [
        { line: 13, column: 28, file: R, messageIncludes: 'Raw SQL on table `project` (Project) compares `owner_id` with :uid, bound to `owner`' },
        { line: 17, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 21, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 25, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 29, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
      ],
    },
    {
      name: 'raw SQL through EXISTS or a CTE that does not scope, or the owner compared in an outer join\'s ON clause on the table it preserves: NOT EXISTS, EXISTS under an OR, EXISTS bound to another value, a CTE reading the table unscoped, a LEFT JOIN',
      files: joinRoute(`
from sqlalchemy import text

@router.get("/a")
def a(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)"), {"uid": user_id}).all()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t WHERE t.title = :q OR EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)"), {"q": "x", "uid": user_id}).all()

@router.get("/c/{task_id}")
def c(task_id: int, owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t WHERE t.id = :id AND EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)"), {"id": task_id, "uid": owner}).first()

@router.get("/d/{task_id}")
def d(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("WITH allt AS (SELECT * FROM task) SELECT * FROM allt WHERE id = :id"), {"id": task_id}).first()

@router.get("/e")
def e(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(text("SELECT t.* FROM task t LEFT JOIN project p ON p.id = t.project_id AND t.user_id = :uid"), {"uid": user_id}).all()
`),
      errors: [
        { line: 13, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 17, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 21, column: 28, file: R, messageIncludes: 'Raw SQL on table `project` (Project) compares `owner_id` with :uid, bound to `owner`' },
        { line: 25, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 29, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 29, column: 28, file: R, messageIncludes: 'Raw SQL on table `project` (Project) does not constrain `owner_id`' },
      ],
    },
    {
      name: 'raw SQL run as a string, not scoped: a DB-API cursor, asyncpg, exec_driver_sql, the databases package, a text alias, an f-string',
      files: route(`
import asyncpg
from sqlalchemy import text as t
from app.db import engine

@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user)):
    cur = engine.raw_connection().cursor()
    cur.execute("SELECT * FROM task WHERE id = %s", (task_id,))
    return cur.fetchone()

@router.get("/b/{task_id}")
def b(task_id: int, owner: str, user_id: str = Depends(get_current_user)):
    conn = engine.raw_connection()
    conn.cursor().execute("SELECT * FROM task WHERE id = ? AND user_id = ?", (task_id, owner))

@router.get("/c/{task_id}")
async def c(task_id: int, owner: str, user_id: str = Depends(get_current_user)):
    conn = await asyncpg.connect("postgresql://")
    await conn.fetch("SELECT * FROM task WHERE id = $1", task_id)
    return await conn.fetchrow("SELECT * FROM task WHERE id = $1 AND user_id = $2", task_id, owner)

@router.delete("/d/{task_id}")
def d(task_id: int, user_id: str = Depends(get_current_user)):
    with engine.connect() as conn:
        conn.exec_driver_sql("DELETE FROM task WHERE id = %s", (task_id,))

@router.get("/e")
async def e(user_id: str = Depends(get_current_user)):
    return await database.fetch_all(query="SELECT * FROM task")

@router.get("/f/{task_id}")
def f(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.execute(t("SELECT * FROM task WHERE id = :id"), {"id": task_id}).first()

@router.get("/g/{task_id}")
def g(task_id: int, owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    session.execute(t(f"SELECT * FROM task WHERE id = {task_id}")).first()
    return session.execute(t(f"SELECT * FROM task WHERE id = {task_id} AND user_id = '{owner}'")).first()
`),
      errors: [
        { line: 16, column: 5, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`: add `AND user_id = %s`' },
        { line: 22, column: 5, file: R, messageIncludes: 'compares `user_id` with parameter 2, bound to `owner`' },
        { line: 27, column: 11, file: R, messageIncludes: 'does not constrain `user_id`: add `AND user_id = $n`' },
        { line: 28, column: 18, file: R, messageIncludes: 'compares `user_id` with parameter 2, bound to `owner`' },
        { line: 33, column: 9, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 37, column: 18, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 41, column: 28, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 45, column: 21, file: R, messageIncludes: 'Raw SQL on table `task` (Task) does not constrain `user_id`' },
        { line: 46, column: 28, file: R, messageIncludes: 'compares `user_id` with the interpolated `owner`' },
      ],
    },
    {
      name: 'module-qualified model without a filter',
      files: route(`
from app import models

@router.get("/q")
def q(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(models.Task)).all()
`),
      errors: [{ line: 13, column: 25, file: R, messageIncludes: 'Task' }],
    },
    {
      name: 'no filter at all',
      files: route(`
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task)).all()
`),
      errors: [{ line: 11, column: 25, file: R, messageIncludes: 'not scoped' }],
    },
    {
      name: 'by id only, by the body, tautology, !=',
      files: route(`
@router.get("/a/{task_id}")
def a(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.id == task_id)).first()

@router.post("/b")
def b(body: dict, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == body["user_id"])).all()

@router.get("/c")
def c(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == Task.user_id)).all()

@router.get("/d")
def d(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id != user_id)).all()
`),
      errors: [
        { line: 11, file: R },
        { line: 15, file: R, messageIncludes: 'body["user_id"]' },
        { line: 19, file: R },
        { line: 23, file: R },
      ],
    },
    {
      name: 'session.get without a check; unchecked path user id',
      files: route(`
@router.get("/tasks/{task_id}")
def read(task_id: int, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    task = session.get(Task, task_id)
    return task

@router.get("/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
      errors: [
        { line: 11, file: R, messageIncludes: 'ownership check' },
        { line: 16, file: R },
      ],
    },
    {
      name: 'helper called once with an unverified value',
      files: backend(
        ROUTER_HEAD.replace('from app.models import Task', 'from app.crud import tasks_of') +
          `
@router.get("/tasks")
def list_tasks(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return tasks_of(session, user_id)

@router.get("/other")
def other(owner: str, session: Session = Depends(get_session)):
    return tasks_of(session, owner)
`,
        {
          'backend/app/crud.py': `from sqlmodel import select
from .models import Task


def tasks_of(session, owner):
    return session.exec(select(Task).where(Task.user_id == owner)).all()
`,
        },
      ),
      errors: [{ line: 6, column: 25, file: 'backend/app/crud.py' }],
    },
    {
      name: 'a value that may be a client\'s or another value through `or` or a conditional expression is not the user\'s id (every operand that can be the value must be)',
      files: claimsRoute(`
from fastapi import Header, Request
from pydantic import BaseModel

DEBUG = False
DEFAULT_OWNER = "admin"


class TaskFilter(BaseModel):
    user_id: str | None = None


@router.get("/a")
def a(x_user_id: str | None = Header(None), claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    user_id = x_user_id or claims["sub"]
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/b")
def b(request: Request, claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    user_id = request.headers.get("X-User-ID") if DEBUG else claims["sub"]
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.post("/c")
def c(body: TaskFilter, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    uid = body.user_id or me
    return session.exec(select(Task).filter_by(user_id=uid)).all()

@router.get("/d")
def d(claims: dict = Depends(verify_jwt), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == (claims.get("sub") or DEFAULT_OWNER))).all()

@router.get("/e")
def e(me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == (me if me else "admin"))).all()

@router.get("/f")
def f(owner: str, me: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return listed(session, owner or me)


def listed(session: Session, uid: str):
    return session.exec(select(Task).where(Task.user_id == uid)).all()
`),
      errors: [
        { line: 23, file: R, messageIncludes: '`Task.user_id == user_id`, which is not the authenticated user' },
        { line: 28, file: R, messageIncludes: '`Task.user_id == user_id`, which is not the authenticated user' },
        { line: 33, file: R, messageIncludes: '`Task.user_id = uid`, which is not the authenticated user' },
        { line: 37, file: R, messageIncludes: 'which is not the authenticated user' },
        { line: 41, file: R, messageIncludes: 'which is not the authenticated user' },
        { line: 49, file: R, messageIncludes: '`Task.user_id == uid`, which is not the authenticated user' },
      ],
    },
    {
      name: 'filter_by after a join names the joined model\'s columns: the root\'s owner keyword there, a joined model the onclause does not link, another value',
      files: joinRoute(`
@router.get("/a")
def a(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.query(Task).join(Project).filter_by(user_id=user_id).all()

@router.get("/b")
def b(user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project, Project.id == 1).filter_by(owner_id=user_id)).all()

@router.get("/c")
def c(owner: str, user_id: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).join(Project).filter_by(owner_id=owner)).all()
`),
      errors: [
        { line: 11, column: 12, file: R, messageIncludes: 'Query on Task is not scoped' },
        { line: 15, column: 25, file: R, messageIncludes: 'Query on Task is not scoped' },
        { line: 19, column: 25, file: R, messageIncludes: '`Project.owner_id = owner`, which is not the authenticated user' },
      ],
    },
  ],
});
