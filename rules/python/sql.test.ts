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
});
