/** Reporters for `authspec probe`: pretty (a line per probe), json (the ProbeReport), junit. */
import { colours } from '../colour.js';
import type { ProbeReport, ProbeResult } from './types.js';

export type ProbeFormat = 'pretty' | 'json' | 'junit';

export function formatProbeReport(report: ProbeReport, format: ProbeFormat, colour = false): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'junit') return junit(report);
  return pretty(report, colour);
}

function pretty(report: ProbeReport, colour: boolean): string {
  const c = colours(colour);
  const mark = (r: ProbeResult): string => (r.outcome === 'pass' ? c.green('pass') : r.outcome === 'fail' ? c.red('FAIL') : c.yellow('skip'));
  const lines = [`authspec probe ${report.url} (${report.mode} mode)`, ''];
  let group = '';
  for (const r of report.results) {
    if (r.group !== group) {
      group = r.group;
      lines.push(c.bold(group === 'token' ? 'Token attacks (each must get 401)' : group === 'cross-user' ? 'Cross-user access' : 'Controls'));
    }
    const actual = r.actual === null ? '-' : String(r.actual);
    lines.push(`  ${mark(r)}  ${r.id.padEnd(34)} ${r.request}  expected ${r.expected}, got ${actual}`);
    lines.push(`        ${c.dim(r.title)}${r.note ? ` ${r.outcome === 'fail' ? c.red(`- ${r.note}`) : c.dim(`- ${r.note}`)}` : ''}`);
  }
  const s = report.summary;
  lines.push('', `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped; ${report.requests} requests`);
  if (s.failed > 0) lines.push(c.red(`Failed: ${report.results.filter((r) => r.outcome === 'fail').map((r) => r.id).join(', ')}`));
  return `${lines.join('\n')}\n`;
}

const xml = (s: string): string => s.replace(/[<>&"']/g, (ch) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[ch]};`);

function junit(report: ProbeReport): string {
  const s = report.summary;
  const cases = report.results.map((r) => {
    const head = `    <testcase classname="authspec.probe.${xml(r.group)}" name="${xml(`${r.id}: ${r.title}`)}">`;
    const detail = `${r.request}: expected ${r.expected}, got ${r.actual ?? '-'}${r.note ? ` (${r.note})` : ''}`;
    if (r.outcome === 'fail') return `${head}\n      <failure message="${xml(detail)}">${xml(detail)}</failure>\n    </testcase>`;
    if (r.outcome === 'skip') return `${head}\n      <skipped message="${xml(r.note ?? '')}"/>\n    </testcase>`;
    return `${head}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="authspec probe" tests="${s.total}" failures="${s.failed}" skipped="${s.skipped}">`,
    `  <testsuite name="authspec probe ${xml(report.url)}" tests="${s.total}" failures="${s.failed}" skipped="${s.skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
