import { testRule } from './test-support/rule-tester.js';
import { backend, ROUTER_HEAD } from './python/test-fixtures.js';
import rule from './path-user-check.js';

const R = 'backend/app/routers/tasks.py';
const route = (body: string, extra: Record<string, string> = {}): Record<string, string> => backend(ROUTER_HEAD + body, extra);
/** A class-based view whose route takes {user_id} (line 19) and compares it with `self.uid` (line 20). */
const cbvPath = (uid: string): Record<string, string> =>
  backend(`from typing import Annotated, ClassVar

from fastapi import APIRouter, Depends, HTTPException
from fastapi_utils.cbv import cbv
from sqlmodel import Session, select
from app.auth import get_current_user
from app.db import get_session
from app.models import Task

router = APIRouter()


@cbv(router)
class TaskViews:
    session: Session = Depends(get_session)
${uid}

    @router.get("/api/{user_id}/tasks")
    def list_tasks(self, user_id: str):
        if user_id != self.uid:
            raise HTTPException(status_code=404)
        return self.session.exec(select(Task).where(Task.user_id == user_id)).all()
`);

testRule(rule, {
  valid: [
    {
      name: 'a class-based view (`@cbv(router)`): the path value compared with `self.uid`, the auth dependency\'s value (found by probing)',
      files: cbvPath('    uid: str = Depends(get_current_user)'),
    },
    {
      name: 'a class-based view: `self.uid` declared with Annotated',
      files: cbvPath('    uid: Annotated[str, Depends(get_current_user)]'),
    },
    {
      name: 'compare_digest (secrets, hmac) refusing on mismatch, and a positive check whose only way on is the match (found by probing)',
      files: route(`
import hmac
import secrets

@router.get("/api/{user_id}/a")
def a(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if not secrets.compare_digest(user_id, current):
        raise HTTPException(status_code=404)
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/api/{user_id}/b")
def b(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if not hmac.compare_digest(current, user_id):
        raise HTTPException(status_code=404)
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/api/{user_id}/c")
def c(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if current == user_id:
        return session.exec(select(Task).where(Task.user_id == user_id)).all()
    raise HTTPException(status_code=404)
`),
    },
    {
      name: 'compared and refused first',
      files: route(`
@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if user_id != current:
        raise HTTPException(status_code=404)
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
    },
    {
      name: 'guard helper in another module',
      files: route(
        `
from app.guards import ensure_same_user

@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    ensure_same_user(user_id, current)
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`,
        {
          'backend/app/guards.py': `from fastapi import HTTPException


def ensure_same_user(path_user: str, token_user: str) -> None:
    if path_user != token_user:
        raise HTTPException(status_code=404)
`,
        },
      ),
    },
    {
      name: 'a route dependency that checks the path parameter',
      files: route(`
def owner_only(user_id: str, current: str = Depends(get_current_user)) -> str:
    if current != user_id:
        raise HTTPException(status_code=403)
    return current

@router.get("/api/{user_id}/tasks", dependencies=[Depends(owner_only)])
def list_tasks(user_id: str, session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
    },
    {
      name: 'path value ignored, token user used',
      files: route(`
@router.get("/api/{user_id}/tasks")
def list_tasks(current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == current)).all()
`),
    },
  ],
  invalid: [
    {
      name: 'a class-based view whose `uid` is a plain attribute (a query parameter) or a ClassVar: no comparison with the user',
      files: { ...cbvPath('    uid: str'), 'backend/app/routers/other.py': cbvPath('    uid: ClassVar[str] = Depends(get_current_user)')[R]! },
      errors: [
        { line: 20, file: R, messageIncludes: 'Path parameter user_id is used without comparing it with the authenticated user' },
        { line: 20, file: 'backend/app/routers/other.py', messageIncludes: 'Path parameter user_id is used without comparing it with the authenticated user' },
      ],
    },
    {
      name: 'an assert as the only check; a positive check that falls through to the use',
      files: route(`
@router.get("/api/{user_id}/a")
def a(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    assert user_id == current
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/api/{user_id}/c")
def c(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if current == user_id:
        print("same user")
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
      errors: [
        { line: 11, column: 12, file: R, messageIncludes: 'checked only by an assert, which python -O removes' },
        { line: 16, column: 19, file: R, messageIncludes: 'used without comparing it' },
      ],
    },
    {
      name: 'never compared',
      files: route(`
@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    return session.exec(select(Task).where(Task.user_id == user_id)).all()
`),
      errors: [{ line: 11, column: 60, file: R, messageIncludes: 'without comparing' }],
    },
    {
      name: 'used before the check',
      files: route(`
@router.get("/api/{user_id}/tasks")
def list_tasks(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    tasks = session.exec(select(Task).where(Task.user_id == user_id)).all()
    if user_id != current:
        raise HTTPException(status_code=404)
    return tasks
`),
      errors: [{ line: 11, file: R, messageIncludes: 'before' }],
    },
    {
      name: 'compared but not refused, or compared with the wrong thing',
      files: route(`
@router.get("/api/{user_id}/tasks")
def a(user_id: str, current: str = Depends(get_current_user), session: Session = Depends(get_session)):
    if user_id != current:
        print("mismatch")
    return session.exec(select(Task).where(Task.user_id == user_id)).all()

@router.get("/api/{user_id}/notes")
def b(user_id: str, other: str, current: str = Depends(get_current_user)):
    if user_id != other:
        raise HTTPException(status_code=403)
    return {"user": user_id}
`),
      errors: [
        { line: 11, file: R },
        { line: 17, file: R },
      ],
    },
  ],
});
