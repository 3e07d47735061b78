import { describe, expect, it } from 'vitest';
import { parsePython } from './parser.js';
import { buildPythonIndex, extractPythonFacts, pythonMayMatter, type PyFileFacts } from './index.js';
import { pyProject } from './project.js';

async function facts(path: string, source: string): Promise<PyFileFacts> {
  return extractPythonFacts({ path, source, tree: await parsePython(source) });
}

const AUTH = `import jwt as pyjwt
from fastapi import Depends


def get_current_user(token: str) -> str:
    return pyjwt.decode(token, "k", algorithms=["HS256"])["sub"]
`;

describe('Python facts', () => {
  it('are JSON-serialisable and record imports, functions, params, routes, routers and models', async () => {
    const f = await facts(
      'backend/app/routers/tasks.py',
      `from typing import Annotated
from fastapi import APIRouter, Depends
from ..auth import get_current_user as gcu
import app.db as database
from app.models import Task

CurrentUser = Annotated[str, Depends(gcu)]
router = APIRouter(prefix="/api/{user_id}/tasks", dependencies=[Depends(gcu)])


@router.get("/{task_id}", dependencies=[Depends(gcu)])
async def read(task_id: int, user: CurrentUser, s=Depends(database.get_session), *, q: str = "x"):
    helper(s, user.id)
    return Task(title="t", user_id=user)


class Note(SQLModel, table=True):
    user_id: str
    body: str
`,
    );
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    expect(f.imports).toContainEqual({ local: 'gcu', module: 'auth', level: 2, name: 'get_current_user' });
    expect(f.imports).toContainEqual({ local: 'database', module: 'app.db', level: 0 });
    expect(f.aliases).toEqual([{ name: 'CurrentUser', dep: 'gcu' }]);
    expect(f.routers).toEqual([{ name: 'router', kind: 'APIRouter', prefix: '/api/{user_id}/tasks', deps: ['gcu'], line: 8 }]);
    expect(f.routes).toEqual([{ method: 'get', path: '/{task_id}', handler: 'read', router: 'router', deps: ['gcu'], line: 11, column: 1 }]);
    const read = f.functions.find((x) => x.name === 'read')!;
    expect(read.isAsync).toBe(true);
    expect(read.params.map((p) => [p.name, p.dep ?? p.annotation ?? null])).toEqual([
      ['task_id', 'int'],
      ['user', 'CurrentUser'],
      ['s', 'database.get_session'],
      ['q', 'str'],
    ]);
    expect(read.store).toEqual([expect.objectContaining({ what: 'Depends(database.get_session)' })]);
    const helperCall = read.calls.find((c) => c.callee === 'helper')!;
    expect(helperCall.args).toEqual([
      { position: 0, from: ['s'] },
      { position: 1, from: ['user'] },
    ]);
    expect(read.names).toContain('Task');
    expect(f.models).toEqual([{ name: 'Note', line: 17, column: 1, table: true, bases: ['SQLModel'], fields: ['user_id', 'body'] }]);
  });

  it('records JWT decodes under any import alias and refusal checks', async () => {
    const f = await facts('app/auth.py', AUTH + '\n\ndef guard(a, b):\n    if a != b:\n        raise ValueError()\n');
    expect(f.functions.find((x) => x.name === 'get_current_user')!.decodes).toHaveLength(1);
    expect(f.functions.find((x) => x.name === 'guard')!.checks).toEqual([{ a: ['a'], b: ['b'], line: 10 }]);
  });

  it('never throws on broken or odd source', async () => {
    for (const src of ['def f(:\n  return', 'class (', '@router.get(\ndef x(): pass', 'x = [' + '('.repeat(500), '\u0000\uFFFD', 'async def f(a=Depends(), *, b: Annotated[]):\n    await']) {
      const f = await facts('broken.py', src);
      expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    }
  });

  it("gives every method of a class-based view (`@cbv(router)`) the class's annotated attributes as parameters `self.<attr>`, and `self.<attr>` that origin", async () => {
    const f = await facts(
      'backend/app/routers/tasks.py',
      `from typing import Annotated, ClassVar
from fastapi import APIRouter, Depends, Security
import fastapi_utils.cbv
from app.auth import get_current_user

router = APIRouter()


class Base:
    session: Session = Depends(get_session)


@fastapi_utils.cbv.cbv(router)
class Views(Base):
    uid: Annotated[str, Depends(get_current_user)]
    claims: dict = Security(get_current_user)
    limit: int = 10
    kind: ClassVar[str] = "task"
    model = Task

    @router.get("/tasks")
    def list_tasks(this, q: str):
        helper(this.uid, this.claims["sub"], this.limit, this.model.id)

    @staticmethod
    def plain(x):
        return x


class NotAView:
    uid: str = Depends(get_current_user)

    def m(self):
        helper(self.uid)
`,
    );
    const params = (name: string) => f.functions.find((x) => x.name === name)!.params.map((p) => [p.name, p.dep ?? p.annotation ?? null, p.attr ?? false]);
    expect(params('Views.list_tasks')).toEqual([
      ['this', null, false],
      ['q', 'str', false],
      ['this.session', 'get_session', true],
      ['this.uid', 'get_current_user', true],
      ['this.claims', 'get_current_user', true],
      ['this.limit', 'int', true],
    ]);
    // (the session is the class's: no store touch of the method)
    expect(f.functions.find((x) => x.name === 'Views.list_tasks')!.store).toEqual([]);
    expect(f.functions.find((x) => x.name === 'Views.list_tasks')!.calls.find((c) => c.callee === 'helper')!.args).toEqual([
      { position: 0, from: ['this.uid'] },
      { position: 1, from: ['this.claims'] },
      { position: 2, from: ['this.limit'] },
    ]);
    expect(params('Views.plain')).toEqual([['x', null, false]]);
    expect(params('NotAView.m')).toEqual([['self', null, false]]);
    expect(f.functions.find((x) => x.name === 'NotAView.m')!.calls[0]!.args).toEqual([{ position: 0, from: ['self'] }]);
  });

  it('pre-filter skips only files that cannot matter', () => {
    expect(pythonMayMatter('')).toBe(false);
    expect(pythonMayMatter('# just a comment\nX = 1\n')).toBe(false);
    expect(pythonMayMatter('def helper(session, user_id):\n    pass\n')).toBe(true);
    expect(pythonMayMatter('from app.auth import get_current_user\n')).toBe(true);
  });
});

describe('Python project index', () => {
  it('resolves absolute, relative and aliased imports across modules', async () => {
    const index = buildPythonIndex([
      await facts('backend/app/__init__.py', ''),
      await facts('backend/app/auth.py', AUTH),
      await facts('backend/app/deps.py', 'from .auth import get_current_user\n'),
      await facts('backend/app/routers/a.py', 'import app.auth as a\nfrom app.deps import get_current_user as g\nfrom app import auth\n'),
    ]);
    const p = pyProject(index);
    const target = 'backend/app/auth.py#get_current_user';
    expect(p.resolveFunction('backend/app/routers/a.py', 'a.get_current_user')?.id).toBe(target);
    expect(p.resolveFunction('backend/app/routers/a.py', 'g')?.id).toBe(target); // through the re-export in deps.py
    expect(p.resolveFunction('backend/app/routers/a.py', 'auth.get_current_user')?.id).toBe(target);
    expect(p.resolveFunction('backend/app/routers/a.py', 'missing')).toBeUndefined();
  });

  it('finds the auth dependency and the helper parameters every call site fills with the user', async () => {
    const index = buildPythonIndex([
      await facts('app/auth.py', AUTH),
      await facts(
        'app/routes.py',
        `from fastapi import Depends
from app.auth import get_current_user
from app.crud import list_for


def a(uid: str = Depends(get_current_user)):
    return list_for(uid)


def b(uid: str = Depends(get_current_user)):
    return list_for(owner=uid)


def c(other: str):
    return count_for(other)


def count_for(owner):
    return owner
`,
      ),
      await facts('app/crud.py', 'def list_for(owner):\n    return owner\n'),
    ]);
    const p = pyProject(index);
    expect([...p.authDeps]).toEqual(['app/auth.py#get_current_user']);
    expect([...p.authParams.get('app/routes.py#a')!]).toEqual(['uid']);
    expect([...p.authParams.get('app/crud.py#list_for')!]).toEqual(['owner']);
    expect([...p.authParams.get('app/routes.py#count_for')!]).toEqual([]);
  });
});

describe('Python project index: classes and their instances', () => {
  it('finds inherited methods, module-level instances across imports, their constructor arguments and __init__ assignments', async () => {
    const index = buildPythonIndex([
      await facts('app/__init__.py', ''),
      await facts(
        'app/crud/base.py',
        'from typing import Generic, TypeVar\n\nM = TypeVar("M")\n\n\nclass CRUDBase(Generic[M]):\n    def __init__(self, model, *, cache=None):\n        self.model = model\n        self.cache = cache or {}\n\n    def get(self, db, id):\n        return db.get(self.model, id)\n',
      ),
      await facts('app/crud/crud_task.py', 'from app.crud.base import CRUDBase\nfrom app.models import Task\n\n\nclass CRUDTask(CRUDBase[Task]):\n    pass\n\n\ncrud_task = CRUDTask(Task, cache=make_cache())\n'),
      await facts('app/crud/__init__.py', 'from .crud_task import crud_task as task\n'),
      await facts('app/routes.py', 'from app import crud\nfrom app.crud.crud_task import crud_task\n'),
    ]);
    const p = pyProject(index);
    const base = p.files.get('app/crud/base.py')!.functions.find((f) => f.name === 'CRUDBase.__init__')!;
    expect(base.selfSets).toEqual({ model: 'model', cache: '' });
    expect(p.resolveFunction('app/routes.py', 'crud_task.get')?.id).toBe('app/crud/base.py#CRUDBase.get');
    expect(p.resolveFunction('app/routes.py', 'crud.task.get')?.id).toBe('app/crud/base.py#CRUDBase.get');
    const inst = p.instanceAt('app/routes.py', 'crud.task')!;
    expect(inst.c).toEqual({ kind: 'instance', cls: 'CRUDTask', args: ['Task'] });
    const cls = p.classAt(inst.file.path, inst.c.cls)!;
    expect(p.ancestry(cls.file, cls.cls).map((k) => `${k.file.path}#${k.cls.name}`)).toEqual(['app/crud/crud_task.py#CRUDTask', 'app/crud/base.py#CRUDBase']);
  });
});

describe('Python facts for app factories', () => {
  it('finds an app built inside a function and its include_router mounts', async () => {
    const f = await facts(
      'app/main.py',
      'from fastapi import FastAPI, Depends\nfrom app.routers import tasks\n\n\ndef create_app():\n    app = FastAPI(dependencies=[Depends(auth)])\n    app.include_router(tasks.router, prefix="/api")\n    return app\n',
    );
    expect(f.routers).toEqual([{ name: 'app', kind: 'FastAPI', prefix: '', deps: ['auth'], line: 6 }]);
    expect(f.includes).toEqual([{ parent: 'app', child: 'tasks.router', prefix: '/api', deps: [], line: 7 }]);
  });
});
