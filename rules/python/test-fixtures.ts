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
