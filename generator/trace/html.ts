/**
 * `authspec trace --format html`: ONE self-contained page (inline CSS and JS, no network, no
 * external assets; a Content-Security-Policy forbids any fetch) with the summary, the task table
 * and a filter box that hides rows by task ID, title, file or state. Every value is escaped; the
 * script reads data only from the (escaped) DOM, never from interpolated strings.
 */
import { statusMark, type Checklist } from '../../rules/checklist.js';
import { groupByFile, type TraceReport } from './model.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const yesNo = (v: boolean | null): string => (v === null ? '–' : v ? 'yes' : '<span class="state-unreferenced">no</span>');

/** The verification checklist (rules/checklist.ts): questions with their answer, evidence and findings, then the features table. */
function renderChecklist(c: Checklist): string {
  if (c.items.length === 0 && c.features.length === 0) return '';
  const e = escapeHtml;
  const items = c.items.map((item) => {
    const details = [
      ...item.evidence.map((x) => `<li>${e(x)}</li>`),
      ...(item.status === 'fail' ? item.findings.map((f) => `<li><code>${e(f.ruleId)}</code> <code>${e(f.file)}:${f.line}</code> ${e(f.message)}</li>`) : []),
    ];
    return `<li class="item status-${e(item.status)}"><span class="mark" title="${e(item.status)}">${e(statusMark(item.status))}</span> <span class="question">${e(item.question)}</span>${details.length ? `<ul>${details.join('')}</ul>` : ''}</li>`;
  });
  const rows = c.features.map(
    (f) =>
      `<tr class="${f.missing ? 'missing' : ''}"><td>${e(f.feature)} <span class="muted">(${e(f.operation)})</span></td><td>${f.missing ? '<span class="state-unreferenced">missing</span>' : `<code>${e(`${f.method ?? ''} ${f.path ?? ''}`)}</code>`}</td><td>${f.handler ? `<code>${e(f.handler.symbol)}</code> <code>${e(f.handler.file)}:${f.handler.line}</code>` : '–'}</td><td>${yesNo(f.protected)}</td><td>${yesNo(f.scoped)}</td><td>${f.tasks.map(e).join(', ') || '–'}</td></tr>`,
  );
  return `<section id="checklist">
<h2>Verification checklist</h2>
<ul class="checklist">
${items.join('\n')}
</ul>
${
  rows.length
    ? `<h3>The five basic features</h3>
<table id="features">
<thead><tr><th>Feature</th><th>Route</th><th>Handler</th><th>Protected</th><th>Scoped</th><th>Tasks</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
    : ''
}
</section>`;
}

const CSS = `
:root { color-scheme: light dark; --line: #8884; --muted: #888; --bad: #c0392b; --ok: #2e8b57; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { position: sticky; top: 0; background: Canvas; }
code { font: 12px ui-monospace, monospace; }
.muted { color: var(--muted); }
.state-done { color: var(--ok); } .state-unreferenced { color: var(--bad); font-weight: 600; }
.filters { display: flex; gap: .5rem; margin: 1rem 0; align-items: center; }
.filters input { flex: 1; padding: .4rem; font: inherit; }
.gap li { margin: .2rem 0; }
ul.checklist { list-style: none; padding-left: 0; } ul.checklist > li { margin: .4rem 0; } ul.checklist ul { color: var(--muted); }
.mark { display: inline-block; width: 1.2em; font-weight: 700; } .status-pass .mark { color: var(--ok); } .status-fail .mark { color: var(--bad); }
.note { border-left: 3px solid var(--muted); padding-left: .6rem; }
`;

// Plain DOM filtering: each row carries data-search (lower-cased text) and data-state.
const JS = `
(function () {
  var box = document.getElementById('filter');
  var state = document.getElementById('state');
  var rows = Array.prototype.slice.call(document.querySelectorAll('#tasks tbody tr'));
  var count = document.getElementById('shown');
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = state.value;
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-search');
      var states = row.getAttribute('data-state').split(' ');
      var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) && (wanted === 'all' || states.indexOf(wanted) !== -1);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = String(shown);
  }
  box.addEventListener('input', apply);
  state.addEventListener('change', apply);
  apply();
})();
`;

export function renderHtml(r: TraceReport): string {
  const e = escapeHtml;
  const place = (file: string, line: number | string): string => `<code>${e(file)}:${line}</code>`;
  const rows = r.tasks.map((t) => {
    const states = [t.done ? 'done' : 'open', t.references.length ? 'referenced' : 'unreferenced'];
    if (t.done && t.references.length === 0) states.push('gap');
    const stateLabel = t.done ? (t.references.length ? '<span class="state-done">done</span>' : '<span class="state-unreferenced">done, unreferenced</span>') : 'open';
    const search = [t.id, t.spelling, t.title, t.phase ?? '', t.story ?? '', ...t.requirements, ...t.references.map((x) => `${x.file}:${x.line}`), ...states].join(' ').toLowerCase();
    return `<tr data-search="${e(search)}" data-state="${e(states.join(' '))}"><td><code>${e(t.spelling)}</code></td><td>${stateLabel}</td><td>${e(t.phase ?? '–')}</td><td>${e(t.story ?? '–')}</td><td>${e(t.title)}</td><td>${t.requirements.map(e).join(', ') || '–'}</td><td>${groupByFile(t.references).map((g) => place(g.file, g.lines.join(', '))).join('<br>') || '<span class="muted">–</span>'}</td></tr>`;
  });
  const list = (id: string, title: string, items: string[]): string =>
    `<h3 id="${id}">${e(title)} (${items.length})</h3>${items.length ? `<ul class="gap">${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'}`;
  const byId = new Map(r.tasks.map((t) => [t.id, t]));
  const s = r.summary;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>authspec trace</title>
<style>${CSS}</style>
</head>
<body>
<h1>Traceability: tasks, requirements, code</h1>
<p>Task list: ${r.taskList ? `<code>${e(r.taskList)}</code>` : '<em>none found</em>'} · Spec: ${r.spec ? `<code>${e(r.spec)}</code>` : '<em>none found (defaults)</em>'}</p>
<p id="summary"><strong>${s.tasks} tasks</strong> (${s.done} done), ${s.referenced} referenced from code (${s.references} references), ${s.requirements} requirements.
Gaps: ${r.doneWithoutReferences.length} done without references, ${r.unknownReferences.length} unknown references, ${r.unlinkedCode.length} unlinked auth-related code, ${r.requirementsWithoutTasks.length} requirements without tasks.</p>
${r.notes.map((n) => `<p class="note">${e(n)}</p>`).join('\n')}
${renderChecklist(r.checklist)}
<h2>Tasks</h2>
<div class="filters">
<input id="filter" type="search" placeholder="Filter by task ID, title, file or state (done, open, referenced, unreferenced, gap)" aria-label="Filter tasks">
<select id="state" aria-label="State"><option value="all">all states</option><option value="done">done</option><option value="open">open</option><option value="referenced">referenced</option><option value="unreferenced">unreferenced</option><option value="gap">done, unreferenced</option></select>
<span class="muted"><span id="shown">${r.tasks.length}</span> of ${r.tasks.length}</span>
</div>
<table id="tasks">
<thead><tr><th>Task</th><th>State</th><th>Phase</th><th>Story</th><th>Title</th><th>Requirements</th><th>References</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<h2>Gaps</h2>
${list('done-unreferenced', 'Tasks marked done that no code references', r.doneWithoutReferences.map((id) => `<code>${e(byId.get(id)?.spelling ?? id)}</code> ${e(byId.get(id)?.title ?? '')}`))}
${list('unknown', 'References to unknown tasks', r.unknownReferences.map((u) => `<code>${e(u.spelling)}</code> at ${place(u.file, u.line)}${u.requirement ? ` (requirement ${e(u.requirement)})` : ''}`))}
${list('unlinked', 'Auth-related code without a task reference', r.unlinkedCode.map((u) => `<code>${e(u.symbol)}</code> at ${place(u.file, u.line)} <span class="muted">(${e(u.reasons.join(', '))})</span>`))}
${list('requirements', 'Requirements without a task', r.requirementsWithoutTasks.map(e))}
<script>${JS}</script>
</body>
</html>
`;
}
