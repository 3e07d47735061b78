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
