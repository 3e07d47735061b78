import { describe, expect, it } from 'vitest';
import { redactForDisplay } from './redact.js';

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
