import { describe, expect, it } from 'vitest';
import { maskSpans, redactForDisplay } from './redact.js';

describe('redactForDisplay', () => {
  it('masks every value of a .env file and keeps keys, comments and line numbers', () => {
    const text = '# secrets\nBETTER_AUTH_SECRET=abc123\nexport API="x y"\nMULTI="line1\nline2"\nEMPTY=\n';
    const out = redactForDisplay('frontend/.env.local', text);
    expect(out).toBe('# secrets\nBETTER_AUTH_SECRET=****\nexport API=****\nMULTI=****\n****\nEMPTY=\n');
    for (const v of ['abc123', 'x y', 'line1', 'line2']) expect(out).not.toContain(v);
  });
  it('leaves other files alone', () => {
    expect(redactForDisplay('frontend/lib/api.ts', 'const A = 1;\n')).toBe('const A = 1;\n');
  });
});

describe('maskSpans', () => {
  it('masks a literal between its quotes, across lines too, and keeps the rest and the line count', () => {
    const text = 'const a = "top-secret";\r\nsign(b\'xyz\')\nconst t = `line1\nline2`;\nkeep\n';
    const out = maskSpans(text, [
      { line: 1, column: 11, endLine: 1, endColumn: 23 },
      { line: 2, column: 6, endLine: 2, endColumn: 12 },
      { line: 3, column: 11, endLine: 4, endColumn: 7 },
    ]);
    expect(out).toBe('const a = "****";\r\nsign(b\'****\')\nconst t = `****\n****`;\nkeep\n');
    for (const v of ['top-secret', 'xyz', 'line1', 'line2']) expect(out).not.toContain(v);
  });
  it('leaves a span that is only a name (a literal of another module, reported at its use)', () => {
    const text = 'jwt.sign(p, AUTH_SECRET);\njwt.decode(t, config.SECRET_KEY)\nx = "lit"\n';
    const out = maskSpans(text, [
      { line: 1, column: 13, endLine: 1, endColumn: 24 },
      { line: 2, column: 15, endLine: 2, endColumn: 32 },
      { line: 3, column: 5, endLine: 3, endColumn: 10 },
    ]);
    expect(out).toBe('jwt.sign(p, AUTH_SECRET);\njwt.decode(t, config.SECRET_KEY)\nx = "****"\n');
  });
});
