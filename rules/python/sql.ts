/**
 * A light reading of a raw SQL string (`text("SELECT * FROM task WHERE id = :id AND user_id = :uid")`):
 * which tables it reads, updates or deletes, and whether each is constrained by its owner column
 * equal to a bound parameter, itself or through an owned table it is linked to. Not a parser: comments
 * and string literals are blanked, then keywords are matched; anything it cannot place reads as "not
 * constrained".
 */

export type SqlParam = { kind: 'named'; name: string } | { kind: 'positional'; index: number };

export interface SqlTableUse {
  /** The table as found in the SQL (lower-cased, unquoted, without schema). */
  table: string;
  /** The owner comparison's bound parameter, or null when the statement does not constrain the owner column. */
  param: SqlParam | null;
  /**
   * The owned table whose owner comparison scopes this one (`param` is then that comparison's): the
   * statement links the two (`JOIN project p ON p.id = t.project_id`, `t.project_id IN (SELECT id FROM
   * project WHERE ...)`) and narrows the other to the user (`WHERE p.owner_id = :uid`).
   */
  via?: string;
}

const CLAUSE_END = /\b(where|join|inner|left|right|full|cross|outer|on|using|group|order|limit|offset|having|union|intersect|except|returning|set|values|window|for)\b|[;()]/;
const NOT_ALIAS = new Set(['where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'outer', 'on', 'using', 'group', 'order', 'limit', 'offset', 'having', 'union', 'returning', 'set', 'natural', 'lateral']);
const PLACEHOLDER = /:(?!:)[a-z_]\w*|\?|%s|%\(\w+\)s|\$\d+/g;

/** Comments and quoted strings blanked (same length, so offsets hold), lower-cased. */
function clean(sql: string): string {
  return sql
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length))
    .replace(/'(?:[^']|'')*'/g, (m) => `'${' '.repeat(Math.max(0, m.length - 2))}'`)
    .toLowerCase();
}

function unquote(name: string): string {
  const last = name.split('.').pop() ?? name;
  return last.replace(/^["`[]|["`\]]$/g, '');
}

/** Is this a statement whose rows a user may not own (an INSERT), or not SQL at all? */
export function isScopableSql(sql: string): boolean {
  const s = clean(sql).trimStart();
  return /^(select|with|update|delete)\b/.test(s) && !/^with\b[\s\S]*\binsert\s+into\b/.test(s);
}

interface TableItem {
  table: string;
  /** Where the FROM / JOIN / UPDATE item starts. */
  at: number;
  /** The table's name and its alias, if any: what its columns can be qualified with. */
  names: Set<string>;
}

/** The FROM / JOIN / UPDATE items of `s` (a subquery item, `FROM (SELECT ...) x`, left out). */
function tableItems(s: string): TableItem[] {
  const out: TableItem[] = [];
  const add = (item: string, at: number): void => {
    const m = /^\s*([\w."`[\]]+)(?:\s+(?:as\s+)?["`]?(\w+)["`]?)?/.exec(item);
    if (!m || m[1]!.startsWith('(')) return;
    const table = unquote(m[1]!);
    const names = new Set([table]);
    if (m[2] && !NOT_ALIAS.has(m[2])) names.add(m[2]);
    out.push({ table, at, names });
  };
  for (const m of s.matchAll(/\b(from|join|update)\s+/g)) {
    const at = m.index! + m[0].length;
    const rest = s.slice(at);
    const end = CLAUSE_END.exec(rest);
    const list = end ? rest.slice(0, end.index) : rest;
    if (m[1] === 'from') {
      let offset = at;
      for (const item of list.split(',')) {
        add(item, offset);
        offset += item.length + 1;
      }
    } else add(list, at);
  }
  return out;
}

/** The owned tables the statement reads, updates or deletes, and the parameter each one's owner column is compared with. */
export function sqlTableUses(sql: string, owners: (table: string) => string | undefined): SqlTableUse[] {
  if (!isScopableSql(sql)) return [];
  const s = clean(sql);
  // table → aliases (and the table's own name) it can be qualified with, and where its items start
  const found = new Map<string, { names: Set<string>; ats: number[] }>();
  for (const item of tableItems(s)) {
    if (!owners(item.table)) continue;
    const f = found.get(item.table);
    if (f) {
      for (const n of item.names) f.names.add(n);
      f.ats.push(item.at);
    } else found.set(item.table, { names: new Set(item.names), ats: [item.at] });
  }
  const out: SqlTableUse[] = [];
  for (const [table, { names, ats }] of found) {
    const owner = owners(table)!;
    out.push({ table, param: ownerParam(s, s, owner, names, false, ats) });
  }
  if (out.some((u) => u.param === null) && out.some((u) => u.param !== null)) scopeThroughLinks(s, out, owners);
  return out;
}

/**
 * An owned table without its own owner comparison is scoped by another owned table of the same query
 * level that is (itself or in turn) narrowed to the user, when the statement links their columns:
 * `t.project_id = p.id` in an ON or WHERE clause with no OR, or `t.project_id IN (SELECT id FROM project
 * WHERE owner_id = :uid)`. The other table's owner comparison must narrow every row: in the WHERE
 * clause or the ON clause of an inner join (a LEFT JOIN's ON keeps the unmatched rows). It must hold at
 * every level the table is read at; a level with a UNION scopes nothing. A correlated `EXISTS (SELECT 1
 * FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)` in such a clause links the two as a
 * join would (NOT EXISTS does not), and a CTE whose every owned table is scoped (`WITH mine AS (SELECT id
 * FROM project WHERE owner_id = :uid)`) stands for its table scoped, where it is joined without an outer join.
 */
function scopeThroughLinks(s: string, uses: SqlTableUse[], owners: (table: string) => string | undefined): void {
  const groups = subqueries(s);
  const levels: [number, number][] = [[0, s.length], ...groups];
  const byTable = new Map(uses.map((u) => [u.table, u]));
  type Scope = { param: SqlParam; via?: string };
  // CTE name → the owned table its rows are, scoped to the user
  const ctes = new Map<string, { param: SqlParam; via: string }>();

  /** The owned tables read at level [a, b) (not in its subqueries) and those of them it scopes. */
  const levelScope = (a: number, b: number): { tables: Set<string>; scoped: Map<string, Scope> } => {
    const v = levelView(s, a, b, groups);
    const items = tableItems(v).filter((i) => i.at >= a && i.at < b);
    const owned = items.filter((i) => byTable.has(i.table));
    const scoped = new Map<string, Scope>();
    const tables = new Set(owned.map((i) => i.table));
    if (/\bunion\b/.test(v)) return { tables, scoped };
    // a scoped CTE narrows the rows it is joined to, unless an outer join keeps them
    const outer = /\b(?:left|right|full)\s+(?:outer\s+)?join\b/.test(v);
    const linked = [...owned, ...items.filter((i) => ctes.has(i.table) && !byTable.has(i.table) && !outer)];
    for (const i of linked) if (ctes.has(i.table) && !byTable.has(i.table)) scoped.set(i.table, ctes.get(i.table)!);
    const namesOf = (table: string): Set<string> => new Set(owned.filter((i) => i.table === table).flatMap((i) => [...i.names]));
    const tablesNamed = (q: string): string[] => [...new Set(linked.filter((i) => i.names.has(q)).map((i) => i.table))];
    for (const i of owned) {
      const p = ownerParam(v, s, owners(i.table)!, namesOf(i.table), true);
      if (p) scoped.set(i.table, { param: p });
    }
    // `x IN (SELECT col FROM other WHERE other.owner = :uid)`: x's table is scoped through the subquery's
    for (const m of v.matchAll(/(?<![\w."`])(?:["`]?(\w+)["`]?\.)?["`]?(\w+)["`]?\s+in\s*\(/g)) {
      if (m[2] === 'not' || !narrowingClause(v, m.index!)) continue;
      const open = m.index! + m[0].length;
      const group = groups.find(([x]) => x === open);
      if (!group) continue;
      const sub = levelView(s, group[0], group[1], groups);
      if (/\bunion\b/.test(sub)) continue;
      const head = /^\s*select\s+(?:distinct\s+)?(?:["`]?\w+["`]?\.)?["`]?\w+["`]?\s+from\s+([\w."`[\]]+)(?:\s+(?:as\s+)?["`]?(\w+)["`]?)?\s+where\b/.exec(sub.slice(group[0], group[1]));
      const other = head ? unquote(head[1]!) : undefined;
      const owner = other ? owners(other) : undefined;
      if (!other || !owner) continue;
      const names = new Set([other]);
      if (head![2] && !NOT_ALIAS.has(head![2])) names.add(head![2]);
      const p = ownerParam(sub, s, owner, names, true);
      if (!p) continue;
      // an unqualified column names the level's only table
      const targets = m[1] !== undefined ? tablesNamed(m[1]) : items.length === 1 ? [items[0]!.table] : [];
      for (const t of targets) if (t !== other && !scoped.has(t)) scoped.set(t, { param: p, via: other });
    }
    // `EXISTS (SELECT 1 FROM project p WHERE p.id = t.project_id AND p.owner_id = :uid)`: the subquery's
    // scoped table, linked to one of this level's in a clause that narrows the subquery's rows
    for (const m of v.matchAll(/(?<![\w."`])exists\s*\(/g)) {
      if (/\bnot\s*(?:\(\s*)*$/.test(v.slice(0, m.index!)) || !narrowingClause(v, m.index!)) continue;
      const open = m.index! + m[0].length;
      const group = groups.find(([x]) => x === open);
      if (!group) continue;
      const inner = levelScope(group[0], group[1]);
      const sub = levelView(s, group[0], group[1], groups);
      const subItems = tableItems(sub).filter((i) => i.at >= group[0] && i.at < group[1]);
      const innerNamed = (q: string): string[] => [...new Set(subItems.filter((i) => i.names.has(q)).map((i) => i.table))];
      const col = '["`]?(\\w+)["`]?\\.["`]?\\w+["`]?';
      for (const l of sub.matchAll(new RegExp(`(?<![\\w."\`])${col}\\s*=\\s*${col}(?![\\w."\`])`, 'g'))) {
        if (!narrowingClause(sub, l.index!)) continue;
        for (const [x, y] of [
          [l[1]!, l[2]!],
          [l[2]!, l[1]!],
        ] as const) {
          // x names the subquery's scoped table; y one of this level's (a name the subquery also has is its own)
          if (innerNamed(y).length > 0) continue;
          for (const from of innerNamed(x)) {
            const src = inner.scoped.get(from);
            if (!src) continue;
            for (const to of tablesNamed(y)) if (!scoped.has(to)) scoped.set(to, { param: src.param, via: src.via ?? from });
          }
        }
      }
    }
    // `a.col = b.col` between two owned tables of the level, in an ON or WHERE clause with no OR
    const links: [string, string][] = [];
    const col = '["`]?(\\w+)["`]?\\.["`]?\\w+["`]?';
    for (const m of v.matchAll(new RegExp(`(?<![\\w."\`])${col}\\s*=\\s*${col}(?![\\w."\`])`, 'g'))) {
      if (!inAndOnlyClause(v, m.index!)) continue;
      for (const x of tablesNamed(m[1]!)) for (const y of tablesNamed(m[2]!)) if (x !== y) links.push([x, y]);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const [x, y] of links)
        for (const [from, to] of [
          [x, y],
          [y, x],
        ] as const) {
          const src = scoped.get(from);
          if (!src || scoped.has(to)) continue;
          scoped.set(to, { param: src.param, via: src.via ?? from });
          changed = true;
        }
    }
    return { tables, scoped };
  };

  // `WITH name AS (...)`, `, name (cols) AS MATERIALIZED (...)`: in order, so a CTE may read an earlier one
  for (const [a, b] of [...groups].sort((x, y) => x[0] - y[0])) {
    const m = /(?:\bwith(?:\s+recursive)?|,)\s*["`]?(\w+)["`]?(?:\s*\([^()]*\))?\s+as\s*(?:(?:not\s+)?materialized\s*)?\($/.exec(s.slice(0, a));
    if (!m || byTable.has(m[1]!)) continue;
    const { tables, scoped } = levelScope(a, b);
    if (tables.size === 0 || [...tables].some((t) => !scoped.has(t))) continue;
    const first = [...tables][0]!;
    const sc = scoped.get(first)!;
    ctes.set(m[1]!, { param: sc.param, via: sc.via ?? first });
  }

  // table → its scoping at each level it is read at (undefined where that level does not scope it)
  const verdicts = new Map<string, ({ param: SqlParam; via: string } | undefined)[]>();
  for (const [a, b] of levels) {
    const { tables, scoped } = levelScope(a, b);
    for (const table of tables) {
      const list = verdicts.get(table) ?? [];
      const sc = scoped.get(table);
      list.push(sc?.via !== undefined ? { param: sc.param, via: sc.via } : undefined);
      verdicts.set(table, list);
    }
  }
  for (const u of uses) {
    if (u.param !== null) continue;
    const list = verdicts.get(u.table);
    if (!list || list.length === 0 || list.some((x) => x === undefined)) continue;
    u.param = list[0]!.param;
    u.via = list[0]!.via;
  }
}

/** Subqueries: the content of each `(` that starts with SELECT or WITH, as [start, end). */
function subqueries(s: string): [number, number][] {
  const out: [number, number][] = [];
  const open: number[] = [];
  const head = /\s*(select|with)\b/y;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') open.push(i);
    else if (c === ')') {
      const o = open.pop();
      if (o === undefined) continue;
      head.lastIndex = o + 1;
      if (head.test(s) && head.lastIndex <= i) out.push([o + 1, i]);
    }
  }
  return out;
}

/** `s` with all but [a, b) blanked, and the subqueries nested in it blanked too (same length, so offsets hold). */
function levelView(s: string, a: number, b: number, groups: [number, number][]): string {
  let v = ' '.repeat(a) + s.slice(a, b) + ' '.repeat(s.length - b);
  for (const [x, y] of groups) if (x >= a && y <= b && (x !== a || y !== b)) v = v.slice(0, x) + ' '.repeat(y - x) + v.slice(y);
  return v;
}

/**
 * `[q.]owner = <placeholder>` (either way round) in a WHERE or ON clause of `v` with no OR, qualified by one
 * of `names` (or unqualified, which names every table); with `narrowing`, not in the ON clause of an outer
 * join; else, in an outer join's ON clause, only for a table (whose items start at `ats`) on the side it
 * filters. `v` is `s` or a view of one of its levels: placeholders are counted in `s`.
 */
function ownerParam(v: string, s: string, owner: string, names: Set<string>, narrowing: boolean, ats: number[] = []): SqlParam | null {
  const col = `(?:([\\w"\`]+)\\.)?["\`]?${owner}["\`]?`;
  const ph = `(:(?!:)[a-z_]\\w*|\\?|%s|%\\(\\w+\\)s|\\$\\d+)`;
  const re = new RegExp(`(?<![\\w.])${col}\\s*=\\s*${ph}|${ph}\\s*=\\s*${col}(?![\\w])`, 'g');
  for (const m of v.matchAll(re)) {
    const qualifier = m[1] ?? m[4];
    const placeholder = (m[2] ?? m[3])!;
    if (qualifier !== undefined && !names.has(unquote(qualifier))) continue;
    if (!(narrowing ? narrowingClause(v, m.index!) : filtersTable(v, m.index!, ats))) continue;
    if (placeholder.startsWith(':')) return { kind: 'named', name: placeholder.slice(1) };
    const named = /^%\((\w+)\)s$/.exec(placeholder);
    if (named) return { kind: 'named', name: named[1]! };
    if (placeholder.startsWith('$')) return { kind: 'positional', index: Number(placeholder.slice(1)) - 1 };
    const before = s.slice(0, m.index!).match(PLACEHOLDER) ?? [];
    return { kind: 'positional', index: before.filter((p) => p === '?' || p === '%s').length };
  }
  return null;
}

/** Is offset `at` inside a WHERE or ON clause whose text has no OR (so the comparison narrows every row)? */
function inAndOnlyClause(s: string, at: number): boolean {
  return clauseAt(s, at) !== null;
}

/** `inAndOnlyClause`, and not in the ON clause of a LEFT / RIGHT / FULL join (which keeps the rows it does not match). */
function narrowingClause(s: string, at: number): boolean {
  const c = clauseAt(s, at);
  if (!c) return false;
  if (c.keyword === 'where') return true;
  const join = joinBefore(s, c.start);
  return !!join && join.kind === 'inner';
}

/** The JOIN an ON clause starting at `start` belongs to: where its keyword is, and its kind. */
function joinBefore(s: string, start: number): { at: number; kind: 'inner' | 'left' | 'right' | 'full' } | null {
  const join = [...s.slice(0, start).matchAll(/\b(?:(left|right|full)\s+(?:outer\s+)?|(\w+)\s+)?join\b/g)].pop();
  if (!join) return null;
  if (join[1]) return { at: join.index!, kind: join[1] as 'left' | 'right' | 'full' };
  return { at: join.index!, kind: 'inner' };
}

/**
 * Does a comparison at `at` filter the rows of a table whose items start at `ats`? In a WHERE clause with no
 * OR, or an ON clause with none: an inner join's, a LEFT JOIN's for the joined table only, a RIGHT JOIN's
 * for the tables before it only, a FULL JOIN's for none (an outer join keeps its preserved side's rows
 * whether they match or not).
 */
function filtersTable(s: string, at: number, ats: number[]): boolean {
  const c = clauseAt(s, at);
  if (!c) return false;
  if (c.keyword === 'where') return true;
  const join = joinBefore(s, c.start);
  if (!join || join.kind === 'inner') return true;
  const joined = ats.some((x) => x > join.at && x < c.start);
  if (join.kind === 'left') return joined;
  if (join.kind === 'right') return !joined && ats.some((x) => x < join.at);
  return false;
}

/** The WHERE or ON clause around offset `at`, when it has no OR: its keyword and where it starts. */
function clauseAt(s: string, at: number): { keyword: string; start: number } | null {
  const head = s.slice(0, at);
  const kw = [...head.matchAll(/\b(where|on|join|from|set|select)\b/g)].pop();
  if (!kw || (kw[1] !== 'where' && kw[1] !== 'on')) return null;
  const start = kw.index!;
  const tail = s.slice(at);
  const end = /\b(group|order|limit|offset|having|union|intersect|except|returning|join|inner|left|right|full|cross|where)\b|;/.exec(tail);
  const clause = s.slice(start, at + (end ? end.index : tail.length));
  return /\bor\b/.test(clause) ? null : { keyword: kw[1]!, start };
}
