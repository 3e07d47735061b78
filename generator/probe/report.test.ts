import { describe, expect, it } from 'vitest';
import { formatProbeReport } from './report.js';
import { summarise, type ProbeReport, type ProbeResult } from './types.js';

const results: ProbeResult[] = [
  { id: 'valid-token', group: 'control', title: 'a valid token', request: 'GET /api/a/tasks', expected: '2xx', actual: 200, outcome: 'pass' },
  { id: 'alg-none', group: 'token', title: 'an unsigned token (`alg: none`)', request: 'GET /api/a/tasks', expected: '401', actual: 200, outcome: 'fail', note: 'ACCEPTED: the backend served the request' },
  { id: 'unknown-kid', group: 'token', title: 'a kid <unknown> & "odd"', request: 'GET /api/a/tasks', expected: '401', actual: null, outcome: 'skip', note: 'no key ids' },
];
const report: ProbeReport = { url: 'http://127.0.0.1:8000', mode: 'shared-secret', results, requests: 2, summary: summarise(results) };

describe('probe reporters', () => {
  it('json is the report itself', () => {
    const parsed = JSON.parse(formatProbeReport(report, 'json')) as ProbeReport;
    expect(parsed.summary).toEqual({ total: 3, passed: 1, failed: 1, skipped: 1 });
    expect(parsed.results[1]).toMatchObject({ id: 'alg-none', expected: '401', actual: 200, outcome: 'fail' });
  });

  it('pretty shows expected and actual for each probe and names the failures', () => {
    const text = formatProbeReport(report, 'pretty');
    expect(text).toMatch(/FAIL\s+alg-none\s+GET \/api\/a\/tasks\s+expected 401, got 200/);
    expect(text).toMatch(/skip\s+unknown-kid .* got -/);
    expect(text).toContain('1 passed, 1 failed, 1 skipped; 2 requests');
    expect(text).toContain('Failed: alg-none');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('junit has one testcase per probe, failures and skips, escaped', () => {
    const xml = formatProbeReport(report, 'junit');
    expect(xml).toContain('<testsuites name="authspec probe" tests="3" failures="1" skipped="1">');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toMatch(/<failure message="GET \/api\/a\/tasks: expected 401, got 200 \(ACCEPTED/);
    expect(xml).toContain('a kid &lt;unknown&gt; &amp; &quot;odd&quot;');
    expect(xml).toContain('<skipped message="no key ids"/>');
  });
});
