/**
 * A light reading of a raw SQL string (`text("SELECT * FROM task WHERE id = :id AND user_id = :uid")`):
 * which tables it reads, updates or deletes, and whether each is constrained by its owner column
 * equal to a bound parameter. Not a parser: comments and string literals are blanked, then keywords
 * are matched; anything it cannot place reads as "not constrained".
 */

export type SqlParam = { kind: 'named'; name: string } | { kind: 'positional'; index: number };

export interface SqlTableUse {
  /** The table as found in the SQL (lower-cased, unquoted, without schema). */
  table: string;
  /** The owner comparison's bound parameter, or null when the statement does not constrain the owner column. */
  param: SqlParam | null;
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

/** The owned tables the statement reads, updates or deletes, and the parameter each one's owner column is compared with. */
export function sqlTableUses(sql: string, owners: (table: string) => string | undefined): SqlTableUse[] {
  if (!isScopableSql(sql)) return [];
  const s = clean(sql);
  // table → aliases (and the table's own name) it can be qualified with
  const found = new Map<string, Set<string>>();
  const add = (item: string): void => {
    const m = /^\s*([\w."`[\]]+)(?:\s+(?:as\s+)?(\w+))?/.exec(item);
    if (!m || m[1]!.startsWith('(')) return;
    const table = unquote(m[1]!);
    if (!owners(table)) return;
    const names = found.get(table) ?? new Set([table]);
    if (m[2] && !NOT_ALIAS.has(m[2])) names.add(m[2]);
    found.set(table, names);
  };
  for (const m of s.matchAll(/\b(from|join|update)\s+/g)) {
    const rest = s.slice(m.index! + m[0].length);
    const end = CLAUSE_END.exec(rest);
    const list = end ? rest.slice(0, end.index) : rest;
    if (m[1] === 'from') for (const item of list.split(',')) add(item);
    else add(list);
  }
  const out: SqlTableUse[] = [];
  for (const [table, names] of found) {
    const owner = owners(table)!;
    out.push({ table, param: ownerParam(s, owner, names) });
  }
  return out;
}

/** `[q.]owner = <placeholder>` (either way round) in a WHERE or ON clause with no OR, qualified by one of `names` (or unqualified, which names every table). */
function ownerParam(s: string, owner: string, names: Set<string>): SqlParam | null {
  const col = `(?:([\\w"\`]+)\\.)?["\`]?${owner}["\`]?`;
  const ph = `(:(?!:)[a-z_]\\w*|\\?|%s|%\\(\\w+\\)s|\\$\\d+)`;
  const re = new RegExp(`(?<![\\w.])${col}\\s*=\\s*${ph}|${ph}\\s*=\\s*${col}(?![\\w])`, 'g');
  for (const m of s.matchAll(re)) {
    const qualifier = m[1] ?? m[4];
    const placeholder = (m[2] ?? m[3])!;
    if (qualifier !== undefined && !names.has(unquote(qualifier))) continue;
    if (!inAndOnlyClause(s, m.index!)) continue;
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
  const head = s.slice(0, at);
  const kw = [...head.matchAll(/\b(where|on|join|from|set|select)\b/g)].pop();
  if (!kw || (kw[1] !== 'where' && kw[1] !== 'on')) return false;
  const start = kw.index!;
  const tail = s.slice(at);
  const end = /\b(group|order|limit|offset|having|union|intersect|except|returning|join|inner|left|right|full|cross|where)\b|;/.exec(tail);
  const clause = s.slice(start, at + (end ? end.index : tail.length));
  return !/\bor\b/.test(clause);
}
