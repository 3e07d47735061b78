import { describe, expect, it } from 'vitest';
import { sqlTableUses } from './sql.js';

const owners = (t: string): string | undefined => (t === 'task' || t === 'tasks' ? 'user_id' : t === 'project' ? 'owner_id' : undefined);

describe('sqlTableUses', () => {
  it('finds owned tables and the parameter their owner column is compared with', () => {
    expect(sqlTableUses('SELECT * FROM task WHERE id = :id AND user_id = :uid', owners)).toEqual([{ table: 'task', param: { kind: 'named', name: 'uid' } }]);
    expect(sqlTableUses('UPDATE task SET title = :t WHERE id = ? AND user_id = ?', owners)).toEqual([{ table: 'task', param: { kind: 'positional', index: 1 } }]);
    expect(sqlTableUses('DELETE FROM "task" WHERE id = %s AND user_id=%s', owners)).toEqual([{ table: 'task', param: { kind: 'positional', index: 1 } }]);
    expect(sqlTableUses('select count(*) from public.tasks where %(uid)s = user_id', owners)).toEqual([{ table: 'tasks', param: { kind: 'named', name: 'uid' } }]);
    expect(sqlTableUses('SELECT t.* FROM task AS t JOIN project p ON p.id = t.project_id WHERE p.owner_id = :uid AND t.user_id = :uid', owners)).toEqual([
      { table: 'task', param: { kind: 'named', name: 'uid' } },
      { table: 'project', param: { kind: 'named', name: 'uid' } },
    ]);
  });
  it('reads a missing, OR-ed, literal or other-table constraint as none, and skips INSERT and other tables', () => {
    expect(sqlTableUses('SELECT * FROM task WHERE id = :id', owners)).toEqual([{ table: 'task', param: null }]);
    expect(sqlTableUses('SELECT * FROM task t WHERE t.id = :id OR t.user_id = :uid', owners)).toEqual([{ table: 'task', param: null }]);
    expect(sqlTableUses("SELECT * FROM task WHERE user_id = 'alice'", owners)).toEqual([{ table: 'task', param: null }]);
    expect(sqlTableUses('SELECT * FROM task t, project p WHERE p.owner_id = :uid', owners)).toEqual([
      { table: 'task', param: null },
      { table: 'project', param: { kind: 'named', name: 'uid' } },
    ]);
    expect(sqlTableUses('SELECT * FROM task -- WHERE user_id = :uid', owners)).toEqual([{ table: 'task', param: null }]);
    expect(sqlTableUses('INSERT INTO task (title, user_id) VALUES (:t, :u)', owners)).toEqual([]);
    expect(sqlTableUses('SELECT * FROM note WHERE id = :id', owners)).toEqual([]);
  });
  it('scopes a table through an owned table the statement links it to and narrows to the user', () => {
    const uid = { kind: 'named', name: 'uid' };
    expect(sqlTableUses('SELECT t.* FROM task t JOIN project p ON p.id = t.project_id WHERE p.owner_id = :uid AND t.id = :id', owners)).toEqual([
      { table: 'task', param: uid, via: 'project' },
      { table: 'project', param: uid },
    ]);
    expect(sqlTableUses('SELECT t.* FROM "task" "t" LEFT JOIN "project" AS "p" ON "p"."id" = "t"."project_id" WHERE "p"."owner_id" = :uid', owners)[0]).toEqual({ table: 'task', param: uid, via: 'project' });
    expect(sqlTableUses('SELECT * FROM task t, project p WHERE t.project_id = p.id AND p.owner_id = ?', owners)[0]).toEqual({ table: 'task', param: { kind: 'positional', index: 0 }, via: 'project' });
    expect(sqlTableUses('SELECT * FROM task WHERE id = %s AND project_id IN (SELECT id FROM project WHERE owner_id = %s)', owners)[0]).toEqual({
      table: 'task',
      param: { kind: 'positional', index: 1 },
      via: 'project',
    });
    // through a chain of joins
    const chain = sqlTableUses('SELECT tt.* FROM tasks tt JOIN task t ON t.id = tt.task_id JOIN project p ON p.id = t.project_id WHERE p.owner_id = $1', owners);
    expect(chain.map((u) => [u.table, u.via])).toEqual([
      ['tasks', 'project'],
      ['task', 'project'],
      ['project', undefined],
    ]);
  });
  it('does not scope through a link it cannot trust', () => {
    const task = (sql: string) => sqlTableUses(sql, owners)[0];
    // the owner in a LEFT JOIN's ON clause keeps every task; no link; an OR; NOT IN; a UNION; an unscoped read in a subquery
    expect(task('SELECT t.* FROM task t LEFT JOIN project p ON p.id = t.project_id AND p.owner_id = :uid')).toEqual({ table: 'task', param: null });
    expect(task('SELECT t.* FROM task t JOIN project p ON p.name = :n WHERE p.owner_id = :uid')).toEqual({ table: 'task', param: null });
    expect(task('SELECT t.* FROM task t JOIN project p ON p.id = t.project_id OR t.public WHERE p.owner_id = :uid')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task WHERE project_id NOT IN (SELECT id FROM project WHERE owner_id = :uid)')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task WHERE project_id IN (SELECT id FROM project WHERE owner_id = :uid) OR public')).toEqual({ table: 'task', param: null });
    expect(task('SELECT t.id FROM task t JOIN project p ON p.id = t.project_id WHERE p.owner_id = :uid UNION SELECT id FROM task')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task t WHERE NOT EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)')).toEqual({ table: 'task', param: null });
  });
});
