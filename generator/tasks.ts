/**
 * The task-list reader. Accepts what exists in the wild (../shared/docs/task-lists.md):
 *   - Spec Kit: `- [ ] T012 [P] [US1] Description (depends on T010, T011)`, `[x]`/`[X]` done, `T-012` spellings;
 *   - phases from headings: `## Phase 1: Setup`, `## Phase 3: User Story 1 - Title (Priority: P1)`, `## Phase 3.1: Setup`;
 *   - `### Task 1.1: …` group headings, and headings that carry an ID themselves (`### T-001: Create the app`);
 *   - emoji before or after the ID; lists without IDs (a warning: nothing to link to).
 * The Markdown goes through remark (+ GFM task list items); only the start of each item's text is matched.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Heading, List, ListItem, Nodes } from 'mdast';
import type { Diagnostic } from './errors.js';
import { nodeText, parseMarkdown } from './markdown.js';
import { normaliseTaskId, type SourcePos, type Task, type TaskList } from './model.js';
import { readTextFile, sortDiagnostics } from './source.js';

export interface TaskListResult {
  tasks: TaskList;
  diagnostics: Diagnostic[];
}

export const ROOT_TASK_LIST = 'speckit.tasks';

const EMOJI = /^(?:[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}]|\s)+/u;
const LEADING_ID = /^(?:Task\s+)?(T-?\d{1,6})(?![A-Za-z0-9_])\s*[:.)\u2013\u2014-]?\s*/;
const LABEL = /^\[([^\]\n]{1,40})\]\s*/;
const DEPENDS = /\(?\s*\b(?:depends on|depends|dependencies|after|requires)\s*:?\s*((?:T-?\d{1,6}[\s,;and&]*)+)\)?/i;
const ID_IN_TEXT = /(?<![A-Za-z0-9_-])T-?\d{1,6}(?![A-Za-z0-9_])/g;

interface Candidate {
  spelling: string;
  title: string;
  done: boolean;
  parallel: boolean;
  story: string | null;
  dependsOn: string[];
  pos: SourcePos;
  phase: string | null;
  kind: 'checkbox' | 'bullet' | 'heading';
}

/** Splits an item's (or heading's) text into ID, labels and description; null when it has no leading ID. */
export function parseTaskText(
  text: string,
): { spelling: string; parallel: boolean; story: string | null; title: string; dependsOn: string[]; doneEmoji: boolean } | null {
  let s = text.replace(/\s+/g, ' ').trim();
  const lead = EMOJI.exec(s);
  let doneEmoji = lead ? /\u2705|\u2714/u.test(lead[0]) : false;
  if (lead) s = s.slice(lead[0].length);
  const idm = LEADING_ID.exec(s);
  if (!idm || !idm[1]) return null;
  const spelling = idm[1];
  s = s.slice(idm[0].length);
  let parallel = false;
  let story: string | null = null;
  for (;;) {
    const e = EMOJI.exec(s);
    if (e) {
      if (/\u2705|\u2714/u.test(e[0])) doneEmoji = true;
      s = s.slice(e[0].length);
      continue;
    }
    const l = LABEL.exec(s);
    if (!l || !l[1]) break;
    const label = l[1].trim();
    if (/^P$/i.test(label)) parallel = true;
    else {
      const us = /^(?:US|Story|User Story)\s*-?\s*(\d+)$/i.exec(label);
      if (us) story = `US${us[1]}`;
      else if (/^[xX ]$/.test(label)) doneEmoji ||= label !== ' ';
      // other labels ([BE], [FE], [Auth]) are kept in neither field: they are tags, not structure
    }
    s = s.slice(l[0].length);
  }
  s = s.replace(/^[:\u2013\u2014-]\s*/, '');
  const dependsOn: string[] = [];
  const dep = DEPENDS.exec(s);
  if (dep?.[1]) {
    for (const m of dep[1].matchAll(ID_IN_TEXT)) {
      const id = normaliseTaskId(m[0]);
      if (id && !dependsOn.includes(id)) dependsOn.push(id);
    }
    if (dependsOn.length > 0) s = (s.slice(0, dep.index) + s.slice(dep.index + dep[0].length)).trim();
  }
  return { spelling, parallel, story, title: s.replace(/\s+[-\u2013\u2014:]\s*$/, '').trim(), dependsOn, doneEmoji };
}

/** Parses task-list text (pure: no file system). `file` is the path diagnostics name. */
export function parseTaskList(text: string, file: string): TaskListResult {
  const tree = parseMarkdown(text);
  const diagnostics: Diagnostic[] = [];
  const candidates: Candidate[] = [];
  let phase: string | null = null;
  let itemsWithoutId = 0;

  const storyOfPhase = (): string | null => {
    const m = phase ? /User Story\s*(\d+)/i.exec(phase) : null;
    return m ? `US${m[1]}` : null;
  };

  const onHeading = (h: Heading): void => {
    const text = nodeText(h).replace(/\s+/g, ' ').trim();
    const parsed = parseTaskText(text);
    if (parsed) {
      candidates.push({
        spelling: parsed.spelling,
        title: parsed.title,
        done: parsed.doneEmoji,
        parallel: parsed.parallel,
        story: parsed.story ?? storyOfPhase(),
        dependsOn: parsed.dependsOn,
        pos: { file, line: h.position?.start.line ?? 1, column: h.position?.start.column ?? 1 },
        phase,
        kind: 'heading',
      });
      return;
    }
    if (/^Phase\b/i.test(text) || h.depth === 2) phase = text;
    else if (/^Task\s+\d+(?:\.\d+)*\b/i.test(text)) itemsWithoutId++;
  };

  const onItem = (item: ListItem): void => {
    const own = item.children.filter((c) => c.type !== 'list');
    const first = own[0];
    const text = first ? nodeText(first as Nodes) : '';
    const parsed = parseTaskText(text);
    if (!parsed) {
      if (item.checked !== null && item.checked !== undefined && text.trim() !== '') itemsWithoutId++;
      return;
    }
    const rest = own.slice(1).map((c) => nodeText(c as Nodes)).join(' ');
    const dependsOn = [...parsed.dependsOn];
    const restDep = rest ? DEPENDS.exec(rest) : null;
    if (restDep?.[1])
      for (const m of restDep[1].matchAll(ID_IN_TEXT)) {
        const id = normaliseTaskId(m[0]);
        if (id && !dependsOn.includes(id)) dependsOn.push(id);
      }
    candidates.push({
      spelling: parsed.spelling,
      title: parsed.title,
      done: item.checked === true || (item.checked == null && parsed.doneEmoji),
      parallel: parsed.parallel,
      story: parsed.story ?? storyOfPhase(),
      dependsOn,
      pos: { file, line: item.position?.start.line ?? 1, column: item.position?.start.column ?? 1 },
      phase,
      kind: item.checked !== null && item.checked !== undefined ? 'checkbox' : 'bullet',
    });
  };

  const visit = (node: Nodes): void => {
    if (node.type === 'heading') {
      onHeading(node);
      return;
    }
    if (node.type === 'listItem') onItem(node);
    if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote')
      for (const c of (node as List | ListItem).children as Nodes[]) visit(c);
  };
  for (const c of tree.children as Nodes[]) visit(c);

  // A plain bullet that starts with the ID of a checkbox task is a note about that task
  // (Spec Kit's "Dependencies" section: `- T013 blocks T020`), not a second definition.
  const checkboxIds = new Set(candidates.filter((c) => c.kind === 'checkbox').map((c) => normaliseTaskId(c.spelling)));
  const chosen = candidates.filter((c) => c.kind !== 'bullet' || !checkboxIds.has(normaliseTaskId(c.spelling)));

  const tasks: Task[] = [];
  const byId = new Map<string, Task>();
  for (const c of chosen) {
    const id = normaliseTaskId(c.spelling);
    if (!id) continue;
    const prev = byId.get(id);
    if (prev) {
      const spelled = prev.spelling === c.spelling ? '' : ` as ${prev.spelling}`;
      diagnostics.push({
        severity: 'error',
        file,
        line: c.pos.line,
        column: c.pos.column,
        message: `duplicate task ID ${c.spelling} (first at ${file}:${prev.pos.line}${spelled})`,
        hint: 'give each task its own ID',
      });
      continue;
    }
    const task: Task = {
      id,
      spelling: c.spelling,
      title: c.title,
      done: c.done,
      parallel: c.parallel,
      phase: c.phase,
      story: c.story,
      dependsOn: c.dependsOn,
      pos: c.pos,
    };
    tasks.push(task);
    byId.set(id, task);
  }
  for (const t of tasks) {
    for (const d of t.dependsOn) {
      if (!byId.has(d))
        diagnostics.push({
          severity: 'warning',
          file,
          line: t.pos.line,
          column: t.pos.column,
          message: `${t.spelling} depends on ${d}, which is not in the task list`,
        });
    }
  }

  if (tasks.length === 0) {
    diagnostics.push({
      severity: 'warning',
      file,
      line: 1,
      column: 1,
      message:
        itemsWithoutId > 0
          ? `the task list has ${itemsWithoutId} task${itemsWithoutId === 1 ? '' : 's'} but no task IDs: there is nothing to link code or requirements to`
          : 'the task list has no tasks: there is nothing to link code or requirements to',
      hint: 'number the tasks T001, T002, ... as in `- [ ] T001 Description`',
    });
  }
  return { tasks: { file, tasks, byId }, diagnostics: sortDiagnostics(diagnostics) };
}

/** Where the task list came from: the spec's `tasks` key or the config's (with that value's place). */
export interface ConfiguredTaskList {
  path: string;
  pos?: SourcePos;
}

/**
 * Finds the task list: the configured path (must exist); else `speckit.tasks` at the root; else
 * `specs/**\/tasks.md` (one found → it; several → the one whose folder names "auth", if exactly one does;
 * otherwise an error asking to name it). None → a warning.
 */
export function discoverTaskList(root: string, configured?: ConfiguredTaskList): { file: string | null; diagnostics: Diagnostic[] } {
  if (configured) {
    if (existsSync(join(root, configured.path))) return { file: configured.path, diagnostics: [] };
    const at = configured.pos ?? { file: configured.path };
    return {
      file: null,
      diagnostics: [
        {
          severity: 'error',
          ...at,
          message: `task list ${configured.path} does not exist`,
          hint: 'fix the `tasks` path, or remove it to find speckit.tasks or specs/**/tasks.md',
        },
      ],
    };
  }
  if (existsSync(join(root, ROOT_TASK_LIST))) return { file: ROOT_TASK_LIST, diagnostics: [] };
  const found = findTasksMd(root);
  if (found.length === 1) return { file: found[0]!, diagnostics: [] };
  if (found.length > 1) {
    const auth = found.filter((f) => /auth/i.test(f.split('/').slice(0, -1).join('/')));
    if (auth.length === 1) return { file: auth[0]!, diagnostics: [] };
    return {
      file: null,
      diagnostics: [
        {
          severity: 'error',
          file: found[0]!,
          message: `several task lists found (${found.join(', ')}) and none is chosen`,
          hint: 'name one with `tasks:` in the spec front matter or the config',
        },
      ],
    };
  }
  return {
    file: null,
    diagnostics: [
      {
        severity: 'warning',
        file: ROOT_TASK_LIST,
        message: 'no task list found (speckit.tasks or specs/**/tasks.md): task IDs in comments cannot be checked against it (task-link still asks auth-related code for a reference)',
        hint: 'run `authspec init`, or set `tasks:` in the spec front matter',
      },
    ],
  };
}

function findTasksMd(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number): void => {
    if (depth > 5) return;
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(child, depth + 1);
      else if (e.isFile() && e.name === 'tasks.md') out.push(child);
    }
  };
  walk('specs', 0);
  return out.sort();
}

/** Reads and parses the task list at `rel` (relative to root). */
export function readTaskList(root: string, rel: string): TaskListResult {
  const read = readTextFile(root, rel, 'task list');
  if (!read.ok) return { tasks: { file: rel, tasks: [], byId: new Map() }, diagnostics: [read.diagnostic] };
  return parseTaskList(read.file.text, read.file.rel);
}
