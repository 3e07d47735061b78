import { describe, expect, it } from 'vitest';
import rule, { fingerprint, isPlaceholderSecret } from './secret-sync.js';
import { testRule } from './test-support/rule-tester.js';

const A = 'Zq3v9K2mX7pL4sT8wR1yB6nC0dF5hJ2kQ9';
const B = 'Pp0aL1kS2jD3hF4gG5fH6dJ7sK8aL9zX0c';

testRule(rule, {
  valid: [
    {
      name: 'same strong value everywhere; a named file without the secret',
      files: {
        'frontend/.env.local': `NEXT_PUBLIC_API_URL=http://localhost:8000\nBETTER_AUTH_SECRET="${A}"\n`,
        'frontend/.env': 'NEXT_PUBLIC_API_URL=http://localhost:8000\n',
        'backend/.env': `BETTER_AUTH_SECRET=${A}\n`,
        'other/.env': `BETTER_AUTH_SECRET=${B}\n`,
      },
    },
    {
      name: 'effective values agree: quoted `#` vs an unquoted value with an inline comment; `$VAR` / `${VAR}` from an earlier line',
      files: {
        'frontend/.env.local': `BETTER_AUTH_SECRET="${A}#x"\n`,
        'frontend/.env': `SECRET_BASE="${A}#x"\nBETTER_AUTH_SECRET=$SECRET_BASE # Next.js expands $VAR\n`,
        'backend/.env': `export BETTER_AUTH_SECRET=${A}#x   # python-dotenv keeps a # not after whitespace\n`,
      },
    },
    {
      name: 'same value through ${VAR} in the frontend and in the backend',
      files: {
        'frontend/.env': `SECRET_BASE=${A}\nBETTER_AUTH_SECRET=\${SECRET_BASE}\n`,
        'backend/.env': `SECRET_BASE="${A}"\nBETTER_AUTH_SECRET="\${SECRET_BASE}"\n`,
      },
    },
  ],
  invalid: [
    {
      name: 'mismatch reported at the differing file and line',
      files: {
        'frontend/.env.local': `BETTER_AUTH_SECRET=${A}\n`,
        'backend/.env': `# backend\nDATABASE_URL=sqlite:///db\nBETTER_AUTH_SECRET=${B}\n`,
      },
      errors: [{ file: 'backend/.env', line: 3, column: 1, messageIncludes: `fingerprints ${fingerprint(B)} and ${fingerprint(A)}` }],
    },
    {
      name: 'same text, different effective values: Next.js cuts an unquoted value at #, python-dotenv does not',
      files: {
        'frontend/.env.local': `BETTER_AUTH_SECRET=${A}#x\n`,
        'backend/.env': `BETTER_AUTH_SECRET=${A}#x\n`,
      },
      errors: [{ file: 'backend/.env', line: 1, messageIncludes: `fingerprints ${fingerprint(`${A}#x`)} and ${fingerprint(A)}); the lines read alike, but python-dotenv and Next.js read them differently` }],
    },
    {
      name: 'python-dotenv does not expand bare $VAR: the backend secret is the literal text',
      files: {
        'frontend/.env.local': `SECRET_BASE=${A}\nBETTER_AUTH_SECRET=$SECRET_BASE\n`,
        'backend/.env': `SECRET_BASE=${A}\nBETTER_AUTH_SECRET=$SECRET_BASE\n`,
      },
      errors: [
        { file: 'backend/.env', line: 2, messageIncludes: `is 12 bytes long` },
        { file: 'backend/.env', line: 2, messageIncludes: `fingerprints ${fingerprint('$SECRET_BASE')} and ${fingerprint(A)}` },
      ],
    },
    {
      name: 'different effective values behind equal-looking lines: quoted "…#x" against an unquoted value cut at " #"',
      files: {
        'frontend/.env.local': `BETTER_AUTH_SECRET="${A}#x"\n`,
        'backend/.env': `BETTER_AUTH_SECRET=${A} #x\n`,
      },
      errors: [{ file: 'backend/.env', line: 1, messageIncludes: `fingerprints ${fingerprint(A)} and ${fingerprint(`${A}#x`)}` }],
    },
    {
      name: 'an empty secret is reported at its own line, and the other files are not compared with it',
      files: {
        'frontend/.env.local': `NEXT_PUBLIC_API_URL=http://localhost:8000\nBETTER_AUTH_SECRET=\n`,
        'frontend/.env': `BETTER_AUTH_SECRET=${A}\n`,
        'backend/.env': `BETTER_AUTH_SECRET=${A}\n`,
      },
      errors: [{ file: 'frontend/.env.local', line: 2, column: 1, messageIncludes: 'BETTER_AUTH_SECRET in frontend/.env.local is empty' }],
    },
    {
      name: 'empty after the first file; empty as Next.js reads it (an unquoted value that starts with #)',
      files: {
        'frontend/.env.local': `BETTER_AUTH_SECRET=${A}\n`,
        'frontend/.env': 'BETTER_AUTH_SECRET=#fill me in\n',
        'backend/.env': '# backend\nBETTER_AUTH_SECRET=""\n',
      },
      errors: [
        { file: 'frontend/.env', line: 1, messageIncludes: 'is empty' },
        { file: 'backend/.env', line: 2, messageIncludes: 'is empty' },
      ],
    },
    {
      name: 'placeholder and short values',
      files: {
        'frontend/.env.local': 'BETTER_AUTH_SECRET=changeme\n',
        'backend/.env': 'BETTER_AUTH_SECRET=short-but-real-7f3a\n',
      },
      errors: [
        { file: 'frontend/.env.local', line: 1, messageIncludes: 'placeholder' },
        { file: 'backend/.env', line: 1, messageIncludes: 'bytes long' },
        { file: 'backend/.env', line: 1, messageIncludes: 'differs from frontend/.env.local:1' },
      ],
    },
    {
      name: 'the spec names other files and another variable',
      spec: (s) => {
        s.envFiles = ['web/.env', 'api/.env'];
        s.verification.secretEnv = 'JWT_SECRET';
      },
      files: {
        'web/.env': `JWT_SECRET=${A}\n`,
        'api/.env': `JWT_SECRET=${B}\n`,
        'frontend/.env.local': 'JWT_SECRET=changeme\n',
      },
      errors: [{ file: 'api/.env', line: 1, messageIncludes: 'differs from web/.env:1' }],
    },
  ],
});

describe('secret-sync helpers', () => {
  it('recognises placeholders and accepts random values', () => {
    for (const p of ['changeme', 'change-me', 'secret', 'your-secret-here', 'YOUR_SECRET_KEY', '<secret>', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', '', 'replace-with-a-random-32-byte-string'])
      expect(isPlaceholderSecret(p), p).toBe(true);
    for (const v of [A, B, 'q8Jx0vZk3pT6mW9rL2sN5yB8cF1hD4gK7a']) expect(isPlaceholderSecret(v), v).toBe(false);
  });
  it('fingerprints are 8 hex digits and differ between values', () => {
    expect(fingerprint(A)).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint(A)).not.toBe(fingerprint(B));
  });
});

describe('secret values never reach any output format', () => {
  it('pretty, json, sarif, github and junit reports of `authspec check` hide the values', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeFiles } = await import('./test-support/rule-tester.js');
    const { run } = await import('../generator/commands/check.js');
    const weak = 'hunter2-weak-value';
    const root = mkdtempSync(join(tmpdir(), 'authspec-secret-'));
    const out = mkdtempSync(join(tmpdir(), 'authspec-secret-out-'));
    const stderr: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      writeFiles(root, {
        'frontend/.env.local': `BETTER_AUTH_SECRET=${A}\nNEXT_PUBLIC_BETTER_AUTH_SECRET=${A}\n`,
        'backend/.env': `BETTER_AUTH_SECRET=${B}\n`,
        'frontend/.env': `BETTER_AUTH_SECRET=${weak}\n`,
      });
      for (const format of ['pretty', 'json', 'sarif', 'github', 'junit']) {
        const file = join(out, `report.${format}`);
        const code = await run({ root, format, output: file, rule: ['secret-sync', 'secret-exposure'] });
        expect(code, format).toBe(1);
        const text = readFileSync(file, 'utf8');
        expect(text, format).toContain('secret-sync');
        expect(text, format).toContain(fingerprint(B));
        for (const v of [A, B, weak]) expect(text.includes(v), `${format} report prints a secret value`).toBe(false);
      }
      for (const v of [A, B, weak]) expect(stderr.join('').includes(v)).toBe(false);
    } finally {
      process.stderr.write = orig;
      rmSync(root, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
