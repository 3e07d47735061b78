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
  it('scopes a table through a correlated EXISTS whose table is narrowed to the user', () => {
    const uid = { kind: 'named', name: 'uid' };
    expect(sqlTableUses('SELECT t.* FROM task t WHERE t.id = :id AND EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)', owners)).toEqual([
      { table: 'task', param: uid, via: 'project' },
      { table: 'project', param: uid },
    ]);
    expect(sqlTableUses('DELETE FROM task WHERE id = ? AND EXISTS (SELECT 1 FROM project WHERE project.id = task.project_id AND project.owner_id = ?)', owners)[0]).toEqual({
      table: 'task',
      param: { kind: 'positional', index: 1 },
      via: 'project',
    });
    const task = (sql: string) => sqlTableUses(sql, owners)[0];
    // NOT (EXISTS ...); under an OR; not correlated; the correlation OR-ed; the owner compared with no parameter
    expect(task('SELECT * FROM task t WHERE NOT (EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid))')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task t WHERE t.id = :id OR EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task t WHERE t.id = :id AND EXISTS (SELECT 1 FROM project p WHERE p.owner_id = :uid)')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task t WHERE EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id OR p.owner_id = :uid)')).toEqual({ table: 'task', param: null });
    expect(task('SELECT * FROM task t WHERE EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id) AND EXISTS (SELECT 1 FROM project p WHERE p.owner_id = :uid)')).toEqual({ table: 'task', param: null });
  });
  it('scopes a table through a CTE that holds only rows scoped to the user', () => {
    const uid = { kind: 'named', name: 'uid' };
    expect(sqlTableUses('WITH mine AS (SELECT id FROM project WHERE owner_id = :uid) SELECT t.* FROM task t JOIN mine m ON m.id = t.project_id WHERE t.id = :id', owners)).toEqual([
      { table: 'project', param: uid },
      { table: 'task', param: uid, via: 'project' },
    ]);
    expect(sqlTableUses('WITH mine AS (SELECT * FROM task WHERE user_id = :uid) SELECT * FROM mine WHERE id = :id', owners)).toEqual([{ table: 'task', param: uid }]);
    expect(sqlTableUses('WITH RECURSIVE x AS (SELECT 1), mine (id) AS MATERIALIZED (SELECT id FROM project WHERE owner_id = $1) SELECT t.* FROM task t, mine WHERE t.project_id = mine.id', owners)[1]).toEqual({
      table: 'task',
      param: { kind: 'positional', index: 0 },
      via: 'project',
    });
    const task = (sql: string) => sqlTableUses(sql, owners).find((u) => u.table === 'task');
    // the CTE reads the table unscoped; a LEFT JOIN to the scoped CTE keeps every task; the CTE also reads an unscoped owned table
    expect(task('WITH allt AS (SELECT * FROM task) SELECT * FROM allt WHERE id = :id')).toEqual({ table: 'task', param: null });
    expect(task('WITH mine AS (SELECT id FROM project WHERE owner_id = :uid) SELECT t.* FROM task t LEFT JOIN mine m ON m.id = t.project_id')).toEqual({ table: 'task', param: null });
    expect(task('WITH m AS (SELECT t2.id FROM task t2, project p WHERE p.owner_id = :uid) SELECT t.* FROM task t JOIN m ON m.id = t.id')).toEqual({ table: 'task', param: null });
  });
  it('does not take a comparison in an outer join\'s ON clause as scoping the table it preserves', () => {
    const uid = { kind: 'named', name: 'uid' };
    expect(sqlTableUses('SELECT * FROM task t LEFT JOIN project p ON p.id = t.project_id AND t.user_id = :uid', owners)).toEqual([
      { table: 'task', param: null },
      { table: 'project', param: null },
    ]);
    expect(sqlTableUses('SELECT * FROM task t LEFT OUTER JOIN project p ON p.id = t.project_id AND p.owner_id = :uid', owners)[1]).toEqual({ table: 'project', param: uid });
    expect(sqlTableUses('SELECT * FROM project p RIGHT JOIN task t ON t.project_id = p.id AND t.user_id = :uid', owners)[1]).toEqual({ table: 'task', param: null });
    expect(sqlTableUses('SELECT * FROM project p RIGHT JOIN task t ON t.project_id = p.id AND p.owner_id = :uid', owners)[0]).toEqual({ table: 'project', param: uid });
    expect(sqlTableUses('SELECT * FROM task t FULL OUTER JOIN project p ON p.id = t.project_id AND p.owner_id = :uid AND t.user_id = :uid', owners)).toEqual([
      { table: 'task', param: null },
      { table: 'project', param: null },
    ]);
    expect(sqlTableUses('SELECT * FROM task t JOIN project p ON p.id = t.project_id AND t.user_id = :uid', owners)[0]).toEqual({ table: 'task', param: uid });
  });
});
