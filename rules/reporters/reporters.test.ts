import { describe, expect, it } from 'vitest';
import { RULES } from '../index.js';
import type { Finding } from '../types.js';
import { escapeData, escapeProperty } from './github.js';
import { formatReport, type ReportInput } from './index.js';
import { fingerprint } from './sarif.js';
import { lineOf } from './types.js';

const SOURCES: Record<string, string> = {
  'backend/app/routes.py': 'from fastapi import APIRouter\n\n@router.get("/tasks")\ndef list_tasks(session):\n    return session.exec(select(Task)).all()\n',
  'frontend/lib/api.ts': 'export async function get() {\n\treturn fetch(url, { headers: {} });\n}\n',
};

const findings: Finding[] = [
  { ruleId: 'parse-error', severity: 'error', file: 'backend/app/routes.py', line: 5, column: 25, endLine: 5, endColumn: 37, message: 'query on `Task` is not scoped, 100% <bad> & "quoted"', hint: 'add .where(Task.user_id == user.id)' },
  { ruleId: 'unused-suppression', severity: 'warning', file: 'frontend/lib/api.ts', line: 2, column: 9, endLine: 2, endColumn: 14, message: 'line one\nline two, with: colon\r' },
];

function input(list: Finding[] = findings): ReportInput {
  const metas = ['parse-error', 'unused-suppression', 'suppression-reason'].map((id) => RULES.find((r) => r.meta.id === id)!.meta);
  return {
    root: '/repo',
    version: '9.9.9',
    findings: list,
    rules: metas.map((meta) => ({ meta, severity: meta.defaultSeverity })),
    filesChecked: 7,
    suppressed: 1,
    notes: [],
    readSource: (f) => SOURCES[f] ?? null,
  };
}

describe('pretty', () => {
  it('groups by file with a code frame, a caret under the span and the summary line', () => {
    expect(formatReport('pretty', input(), { colour: false })).toBe(
      [
        'backend/app/routes.py',
        '  5:25  error  query on `Task` is not scoped, 100% <bad> & "quoted"  parse-error',
        '    > 5 |     return session.exec(select(Task)).all()',
        '        |                         ^^^^^^^^^^^^',
        '    hint: add .where(Task.user_id == user.id)',
        '',
        'frontend/lib/api.ts',
        '  2:9  warning  line one\nline two, with: colon\r  unused-suppression',
        '    > 2 | \treturn fetch(url, { headers: {} });',
        '        | \t       ^^^^^',
        '',
        '1 errors, 1 warnings in 2 files',
        '7 files checked, 1 suppressed',
        '',
      ].join('\n'),
    );
  });

  it('colours only when asked, and says so when clean', () => {
    expect(formatReport('pretty', input(), { colour: true })).toContain('\u001b[');
    expect(formatReport('pretty', input([]), { colour: false })).toBe('0 errors, 0 warnings in 0 files\n7 files checked, 1 suppressed\n');
  });

  it('frames multi-line spans up to three lines', () => {
    const out = formatReport('pretty', input([{ ...findings[0]!, line: 3, column: 1, endLine: 5, endColumn: 10 }]), { colour: false });
    expect(out).toContain('    > 3 | @router.get("/tasks")\n        | ^^^^^^^^^^^^^^^^^^^^^\n    > 4 | def list_tasks(session):\n        | ^^^^^^^^^^^^^^^^^^^^^^^^\n    > 5 |     return');
    expect(out).toContain('        |     ^^^^^\n');
  });
});

describe('json', () => {
  it('has version, root, findings and summary', () => {
    const json = JSON.parse(formatReport('json', input())) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'root', 'findings', 'summary', 'notes']);
    expect(json.version).toBe('9.9.9');
    expect(json.root).toBe('/repo');
    expect(json.findings).toEqual(findings);
    expect(json.summary).toEqual({ errors: 1, warnings: 1, files: 2, filesChecked: 7, suppressed: 1 });
  });
});

describe('github', () => {
  it('writes one workflow command per finding, escaped', () => {
    const out = formatReport('github', input(), { pathFor: (f) => `sub/${f}` });
    expect(out.split('\n')).toEqual([
      '::error file=sub/backend/app/routes.py,line=5,col=25,endLine=5,endColumn=37,title=parse-error::query on `Task` is not scoped, 100%25 <bad> & "quoted" (add .where(Task.user_id == user.id))',
      '::warning file=sub/frontend/lib/api.ts,line=2,col=9,endLine=2,endColumn=14,title=unused-suppression::line one%0Aline two, with: colon%0D',
      '1 errors, 1 warnings in 2 files',
      '',
    ]);
  });
  it('escapes properties and data per the runner rules', () => {
    expect(escapeData('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac:d,e');
    expect(escapeProperty('a%b\r\nc:d,e')).toBe('a%25b%0D%0Ac%3Ad%2Ce');
  });
});

/* ---------- SARIF 2.1.0: the essential parts of the schema, checked by hand ---------- */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

function validateSarif(doc: unknown): string[] {
  const errs: string[] = [];
  const need = (cond: boolean, what: string): void => {
    if (!cond) errs.push(what);
  };
  need(isObj(doc), 'document is an object');
  if (!isObj(doc)) return errs;
  need(doc.version === '2.1.0', 'version is "2.1.0"');
  need(typeof doc.$schema === 'string' && /sarif.*2\.1\.0/.test(doc.$schema), '$schema names SARIF 2.1.0');
  need(Array.isArray(doc.runs) && doc.runs.length === 1, 'runs has one run');
  const run = (doc.runs as unknown[])[0];
  if (!isObj(run)) return [...errs, 'run is an object'];
  const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : null;
  need(driver !== null, 'run.tool.driver is an object');
  if (!driver) return errs;
  need(typeof driver.name === 'string' && driver.name.length > 0, 'driver.name is a non-empty string');
  need(typeof driver.version === 'string', 'driver.version is a string');
  need(typeof driver.informationUri === 'string' && /^https?:\/\//.test(driver.informationUri), 'driver.informationUri is an absolute URI');
  const rules = Array.isArray(driver.rules) ? (driver.rules as unknown[]) : [];
  need(Array.isArray(driver.rules), 'driver.rules is an array');
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    const at = `driver.rules[${i}]`;
    if (!isObj(r)) return need(false, `${at} is an object`);
    need(typeof r.id === 'string' && r.id.length > 0, `${at}.id is a string`);
    need(!ids.has(r.id as string), `${at}.id is unique`);
    ids.add(r.id as string);
    for (const k of ['shortDescription', 'fullDescription']) need(isObj(r[k]) && typeof (r[k] as Json).text === 'string' && ((r[k] as Json).text as string).length > 0, `${at}.${k}.text is a non-empty string`);
    need(isObj(r.help) && typeof (r.help as Json).text === 'string' && typeof (r.help as Json).markdown === 'string', `${at}.help has text and markdown`);
    need(typeof r.helpUri === 'string' && /^https?:\/\/.+\.md$/.test(r.helpUri), `${at}.helpUri is an absolute URI to the rule page`);
    need(isObj(r.defaultConfiguration) && ['none', 'note', 'warning', 'error'].includes((r.defaultConfiguration as Json).level as string), `${at}.defaultConfiguration.level is a SARIF level`);
  });
  const results = Array.isArray(run.results) ? (run.results as unknown[]) : [];
  need(Array.isArray(run.results), 'run.results is an array');
  results.forEach((res, i) => {
    const at = `results[${i}]`;
    if (!isObj(res)) return need(false, `${at} is an object`);
    need(typeof res.ruleId === 'string' && ids.has(res.ruleId), `${at}.ruleId names a driver rule`);
    need(Number.isInteger(res.ruleIndex) && (rules[res.ruleIndex as number] as Json | undefined)?.id === res.ruleId, `${at}.ruleIndex points at its rule`);
    need(['none', 'note', 'warning', 'error'].includes(res.level as string), `${at}.level is a SARIF level`);
    need(isObj(res.message) && typeof (res.message as Json).text === 'string', `${at}.message.text is a string`);
    const locs = Array.isArray(res.locations) ? (res.locations as unknown[]) : [];
    need(locs.length >= 1, `${at}.locations is non-empty`);
    locs.forEach((loc, j) => {
      const pl = isObj(loc) && isObj(loc.physicalLocation) ? loc.physicalLocation : null;
      need(pl !== null, `${at}.locations[${j}].physicalLocation`);
      if (!pl) return;
      const al = pl.artifactLocation as Json | undefined;
      need(isObj(al) && typeof al.uri === 'string' && !/^[a-z]+:|^\//i.test(al.uri as string), `${at} artifact uri is repository-relative`);
      need(isObj(al) && al.uriBaseId === '%SRCROOT%', `${at} uriBaseId is %SRCROOT%`);
      const region = pl.region as Json | undefined;
      need(isObj(region) && ['startLine', 'startColumn', 'endLine', 'endColumn'].every((k) => isPosInt(region[k])), `${at} region has positive startLine/startColumn/endLine/endColumn`);
      if (isObj(region)) need((region.endLine as number) > (region.startLine as number) || ((region.endLine as number) === (region.startLine as number) && (region.endColumn as number) >= (region.startColumn as number)), `${at} region ends after it starts`);
    });
    need(isObj(res.partialFingerprints) && Object.values(res.partialFingerprints as Json).every((v) => typeof v === 'string'), `${at}.partialFingerprints maps to strings`);
  });
  return errs;
}

describe('sarif', () => {
  it('is structurally valid SARIF 2.1.0', () => {
    const doc = JSON.parse(formatReport('sarif', input())) as Json;
    expect(validateSarif(doc)).toEqual([]);
    const run = (doc.runs as Json[])[0]!;
    const driver = (run.tool as Json).driver as Json;
    expect(driver.name).toBe('authspec');
    expect(driver.version).toBe('9.9.9');
    expect((driver.rules as Json[]).map((r) => r.id)).toEqual(['parse-error', 'unused-suppression', 'suppression-reason']);
    const results = run.results as Json[];
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['parse-error', 0, 'error'],
      ['unused-suppression', 1, 'warning'],
    ]);
    expect((results[0]!.locations as Json[])[0]).toEqual({
      physicalLocation: { artifactLocation: { uri: 'backend/app/routes.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 5, startColumn: 25, endLine: 5, endColumn: 37 } },
    });
  });

  it('the validator catches broken documents', () => {
    const doc = JSON.parse(formatReport('sarif', input())) as Json;
    const run = (doc.runs as Json[])[0]!;
    (run.results as Json[])[0]!.ruleIndex = 2;
    ((run.results as Json[])[1]!.locations as Json[])[0] = { physicalLocation: { artifactLocation: { uri: '/abs/x.py' }, region: { startLine: 0 } } };
    expect(validateSarif(doc).length).toBeGreaterThanOrEqual(3);
  });

  it('fingerprints survive line moves but not a change of the line itself', () => {
    const f = findings[0]!;
    const a = fingerprint(f, '    return session.exec(select(Task)).all()', 0);
    expect(fingerprint({ ...f, line: 50 }, 'return   session.exec(select(Task)).all()', 0)).toBe(a);
    expect(fingerprint(f, '    return session.exec(select(Note)).all()', 0)).not.toBe(a);
    expect(fingerprint({ ...f, ruleId: 'unused-suppression' }, '    return session.exec(select(Task)).all()', 0)).not.toBe(a);
    // two findings on identical lines get distinct fingerprints
    const twice = JSON.parse(formatReport('sarif', input([f, { ...f, column: 26 }]))) as Json;
    const fps = ((twice.runs as Json[])[0]!.results as Json[]).map((r) => (r.partialFingerprints as Json)['authspec/v1']);
    expect(new Set(fps).size).toBe(2);
  });
});

/* ---------- JUnit: a small, strict XML well-formedness parser ---------- */

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function decodeEntities(s: string, at: string): string {
  return s.replace(/&([^;]*);|&/g, (m, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & in ${at}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (name in named) return named[name]!;
    const num = /^#(\d+)$|^#x([0-9a-fA-F]+)$/.exec(name);
    if (num) return String.fromCodePoint(num[1] ? Number(num[1]) : parseInt(num[2]!, 16));
    throw new Error(`unknown entity &${name}; in ${at}`);
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}`);
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) fail('unterminated declaration');
    i = end + 2;
  }
  const skipWs = (): void => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  const name = (): string => {
    const m = /^[A-Za-z_][\w.-]*/.exec(xml.slice(i));
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      skipWs();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      const key = name();
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      skipWs();
      if (xml[i] !== '=') fail('expected =');
      i++;
      skipWs();
      const q = xml[i];
      if (q !== '"' && q !== "'") fail('expected a quote');
      const end = xml.indexOf(q!, i + 1);
      if (end === -1) fail('unterminated attribute');
      const raw = xml.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute value');
      el.attrs[key] = decodeEntities(raw, `attribute ${key}`);
      i = end + 1;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt === -1) fail(`unclosed <${el.name}>`);
      el.text += decodeEntities(xml.slice(i, lt), `<${el.name}> text`);
      if (xml.slice(i, lt).includes('>')) fail('> in text');
      i = lt;
      if (xml.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipWs();
        if (xml[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      el.children.push(element());
    }
  };
  skipWs();
  const root = element();
  skipWs();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

describe('junit', () => {
  it('is well-formed XML: one suite per rule that ran, one failing testcase per finding, text escaped', () => {
    const xml = formatReport('junit', input());
    const doc = parseXml(xml);
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toMatchObject({ name: 'authspec', tests: '3', failures: '2' });
    expect(doc.children.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures])).toEqual([
      ['parse-error', '1', '1'],
      ['unused-suppression', '1', '1'],
      ['suppression-reason', '1', '0'],
    ]);
    const tc = doc.children[0]!.children[0]!;
    expect(tc.attrs).toMatchObject({ classname: 'parse-error', name: 'backend/app/routes.py:5:25', file: 'backend/app/routes.py', line: '5' });
    const failure = tc.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.message).toBe(findings[0]!.message);
    expect(failure.text).toContain('100% <bad> & "quoted"');
    expect(doc.children[1]!.children[0]!.children[0]!.attrs.message).toBe('line one\nline two, with: colon\r');
    expect(doc.children[2]!.children[0]!.attrs.name).toBe('no findings');
  });

  it('drops characters XML cannot carry', () => {
    const xml = formatReport('junit', input([{ ...findings[0]!, message: 'bell\u0007 and nul\u0000 end' }]));
    expect(parseXml(xml).children[0]!.children[0]!.children[0]!.attrs.message).toBe('bell and nul end');
  });

  it('the parser rejects malformed XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml('<a>1 & 2</a>')).toThrow();
    expect(() => parseXml('<a>1 < 2</a>')).toThrow();
  });
});

describe('lineOf', () => {
  it('returns one line, CRLF-safe', () => {
    expect(lineOf('a\r\nb\r\nc', 2)).toBe('b');
    expect(lineOf('a', 3)).toBeNull();
  });
});
