/**
 * `--format junit`: JUnit XML, one <testsuite> per rule that ran, one <testcase> per finding
 * (a <failure>), and one passing testcase for a rule with no finding so the run shows every rule.
 */
import type { Finding } from '../types.js';
import { summarise, type ReportInput } from './types.js';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

const attr = (pairs: Record<string, string | number>): string =>
  Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

export function formatJunit(input: ReportInput): string {
  const byRule = new Map<string, Finding[]>();
  for (const { meta } of input.rules) byRule.set(meta.id, []);
  for (const f of input.findings) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  const s = summarise(input);
  const total = [...byRule.values()].reduce((n, l) => n + Math.max(1, l.length), 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attr({ name: 'authspec', tests: total, failures: s.errors + s.warnings, errors: 0 })}>`];
  for (const [ruleId, findings] of byRule) {
    out.push(`  <testsuite${attr({ name: ruleId, tests: Math.max(1, findings.length), failures: findings.length, errors: 0, skipped: 0 })}>`);
    if (findings.length === 0) out.push(`    <testcase${attr({ classname: ruleId, name: 'no findings' })}/>`);
    for (const f of findings) {
      const where = `${f.file}:${f.line}:${f.column}`;
      out.push(`    <testcase${attr({ classname: ruleId, name: where, file: f.file, line: f.line })}>`);
      const body = `${where}: ${f.severity}: ${f.message}${f.hint ? `\nhint: ${f.hint}` : ''}`;
      out.push(`      <failure${attr({ type: f.severity, message: f.message })}>${xmlEscape(body)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
