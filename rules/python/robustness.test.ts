/** The backend rules never crash on odd or broken Python (a crash would make `check` exit 2). */
import { describe, expect, it } from 'vitest';
import { runCheckResult } from '../test-support/rule-tester.js';
import { RULES } from '../index.js';
import { BACKEND_RULES } from './corpus.js';

const ODD: Record<string, string> = {
  'app/broken.py': 'def f(:\n    return select(Task\n@router.get(\nclass X(SQLModel, table=True:\n',
  'app/weird.py': `from . import *
from .. import x as y
import a.b.c
@decorator
@router.get
def bare(): ...
@router.get(path=PREFIX + "/x", dependencies=deps)
async def f(*args, user=Depends(), **kwargs):
    if (n := len(args)) != user:
        raise
    match args:
        case [Task(user_id=u)]:
            return select(Task).where(Task.user_id == u)
    g = lambda session=Depends(get_session): session.get(Task, 1)
    return session.get(Task)[0], select(*cols).where(), Task(user_id=kwargs["user_id"])
class Outer:
    class Inner(SQLModel, table=True):
        user_id: str
        def m(self, user_id=Depends(lambda: None)):
            return self.session.query(Outer.Inner).filter_by(**{"user_id": user_id})
app.include_router(*routers)
app.include_router(router=r, prefix=p, dependencies=[Depends(a), Depends()])
jwt.decode()
jwt.decode(*a, **k)
print(*tokens, sep=token)
logger.info
`,
  'app/recursive.py': 'def a(x):\n    return b(x)\n\n\ndef b(y):\n    return a(y)\n\n\ndef c(user_id=Depends(c)):\n    return c(user_id)\n',
  'app/self_import.py': 'from app.self_import import thing as thing\nfrom .self_import import other\nx = thing\n',
  'app/empty.py': '',
};

describe('backend rules on odd Python', () => {
  it('complete without internal errors', async () => {
    const rules = RULES.filter((r) => (BACKEND_RULES as readonly string[]).includes(r.meta.id));
    const result = await runCheckResult(ODD, { rules });
    expect(result.errors).toEqual([]);
  });
});
