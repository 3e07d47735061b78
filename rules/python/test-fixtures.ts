/** Small Python building blocks the backend rule tests share (models, auth dependency, db). */
export const MODELS = `from sqlmodel import SQLModel, Field


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(index=True)
    title: str
    completed: bool = False
`;

export const AUTH = `import os
import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer = HTTPBearer(auto_error=False)


def get_current_user(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
    if creds is None:
        raise HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    try:
        payload = jwt.decode(creds.credentials, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=401, detail="Invalid token", headers={"WWW-Authenticate": "Bearer"})
    return payload["sub"]
`;

export const DB = `from sqlmodel import Session, create_engine

engine = create_engine("sqlite://")


def get_session():
    with Session(engine) as session:
        yield session
`;

/** A backend with models, auth and db, plus the given router module at backend/app/routers/tasks.py. */
export function backend(router: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'backend/app/__init__.py': '',
    'backend/app/models.py': MODELS,
    'backend/app/auth.py': AUTH,
    'backend/app/db.py': DB,
    'backend/app/routers/__init__.py': '',
    'backend/app/routers/tasks.py': router,
    ...extra,
  };
}

export const ROUTER_HEAD = `from fastapi import APIRouter, Depends, HTTPException
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Task

router = APIRouter()
`;

/**
 * A websocket router at backend/app/routers/ws.py: the endpoint verifies the token from the query itself
 * (a browser cannot send an Authorization header) and reads the user's rows with a session (line 19);
 * `leak` (decorated at line 23) reads every row (line 26) with no verification at all.
 */
export const WS_ROUTER = `import os
import jwt
from fastapi import APIRouter, Depends, WebSocket, status
from sqlmodel import Session, select
from app.db import get_session
from app.models import Task

router = APIRouter()


@router.websocket("/ws/tasks")
async def tasks_ws(websocket: WebSocket, token: str, session: Session = Depends(get_session)):
    try:
        claims = jwt.decode(token, os.environ["BETTER_AUTH_SECRET"], algorithms=["HS256"])
    except jwt.PyJWTError:
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION)
        return
    await websocket.accept()
    rows = session.exec(select(Task).where(Task.user_id == claims["sub"])).all()
    await websocket.send_json([r.title for r in rows])


@router.websocket("/ws/leak")
async def leak(websocket: WebSocket, session: Session = Depends(get_session)):
    await websocket.accept()
    await websocket.send_json([r.title for r in session.exec(select(Task)).all()])
`;

/**
 * Class-based views (fastapi-utils `@cbv(router)`) at backend/app/routers/tasks.py: the class
 * attributes `session` and `uid` (Depends on the auth dependency, line 16) are resolved for every
 * route of `TaskViews`, and `self.uid` is the user's id. Lines: list_tasks 18 (query 20), get_task
 * 22 (get 24, checked 25), create_task 29 (Task(user_id=self.uid) 31). All correct.
 */
export const CBV_VIEWS = `from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Security
from fastapi_utils.cbv import cbv
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Task

router = APIRouter(prefix="/api")


@cbv(router)
class TaskViews:
    session: Session = Depends(get_session)
    uid: str = Depends(get_current_user)

    @router.get("/tasks")
    def list_tasks(self):
        return self.session.exec(select(Task).where(Task.user_id == self.uid)).all()

    @router.get("/tasks/{task_id}")
    def get_task(self, task_id: int):
        task = self.session.get(Task, task_id)
        if task is None or task.user_id != self.uid:
            raise HTTPException(status_code=404, detail="Task not found")
        return task

    @router.post("/tasks")
    def create_task(self, title: str):
        task = Task(user_id=self.uid, title=title)
        self.session.add(task)
        self.session.commit()
        return task
`;

/** Appended to CBV_VIEWS: a TaskViews route (line 36) whose get (line 38) is not checked. */
export const CBV_DELETE_UNCHECKED = `
    @router.delete("/tasks/{task_id}")
    def delete_task(self, task_id: int):
        task = self.session.get(Task, task_id)
        self.session.delete(task)
        self.session.commit()
`;

/** Appended to CBV_VIEWS (or after CBV_DELETE_UNCHECKED): a view with only the session (route at +6, query at +8 from the end of what precedes it). */
export const CBV_OPEN = `

@cbv(router)
class Open:
    session: Session = Depends(get_session)

    @router.get("/all")
    def all_tasks(self):
        return self.session.exec(select(Task)).all()
`;

/** CBV_VIEWS with TaskViews's decorator, its `uid` line or the cbv import written another way. */
export function cbvViews(style: { decorator?: string; uid?: string; head?: string } = {}): string {
  let text = CBV_VIEWS;
  if (style.decorator !== undefined) text = text.replace('@cbv(router)\nclass TaskViews:', `${style.decorator}\nclass TaskViews:`);
  if (style.uid !== undefined) text = text.replace('    uid: str = Depends(get_current_user)', style.uid);
  if (style.head !== undefined) text = text.replace('from fastapi_utils.cbv import cbv', style.head);
  return text;
}

/** The ways of writing a class-based view that FastAPI reads alike: a name and what `cbvViews` changes. */
export const CBV_STYLES: [string, Parameters<typeof cbvViews>[0]][] = [
  ['`@cbv(router)` from fastapi_utils.cbv', {}],
  ['`@fastapi_utils.cbv.cbv(router)`', { head: 'import fastapi_utils.cbv', decorator: '@fastapi_utils.cbv.cbv(router)' }],
  ["fastapi-restful's cbv", { head: 'from fastapi_restful.cbv import cbv' }],
  ['`Annotated[str, Depends(...)]`', { uid: '    uid: Annotated[str, Depends(get_current_user)]' }],
  ['`Security(...)`', { uid: '    uid: str = Security(get_current_user)' }],
  ['an Annotated alias', { uid: '    uid: CurrentUser', head: 'from fastapi_utils.cbv import cbv\nCurrentUser = Annotated[str, Depends(get_current_user)]' }],
];
