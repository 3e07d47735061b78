import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../generator/load.js';
import { checkProject } from './engine.js';
import rule from './secret-exposure.js';
import { testRule, writeFiles } from './test-support/rule-tester.js';

const SECRET = 'Zq3v9K2mX7pL4sT8wR1yB6nC0dF5hJ2k';
const GITIGNORE = '.env\n.env.local\n';

testRule(rule, {
  valid: [
    {
      name: 'secret read on the server only; env files ignored; example file with a placeholder',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/.env.local': `BETTER_AUTH_SECRET=${SECRET}\nNEXT_PUBLIC_API_URL=http://localhost:8000\n`,
        'backend/.env': `BETTER_AUTH_SECRET=${SECRET}\n`,
        'frontend/.env.example': 'BETTER_AUTH_SECRET=your-secret-here\n',
        'frontend/lib/auth.ts': `import 'server-only';\nimport { betterAuth } from 'better-auth';\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });\n`,
        'frontend/app/api/token/route.ts': `import { SignJWT } from 'jose';\nexport async function GET() {\n  const key = new TextEncoder().encode(process.env.BETTER_AUTH_SECRET);\n  return Response.json({ token: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(key) });\n}\n`,
        'frontend/app/page.tsx': `'use client';\nimport { createTask } from './actions';\nimport type { Auth } from '@/lib/auth';\nexport default function Page() { return <form action={createTask} />; }\n`,
        'frontend/app/actions.ts': `'use server';\nexport async function createTask() { return process.env.BETTER_AUTH_SECRET?.length; }\n`,
      },
    },
    {
      name: 'next.config: env built in a constant with public values only, the secret in serverRuntimeConfig, a flag derived from it',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/next.config.mjs': `const env = { NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL, AUTH_CONFIGURED: process.env.BETTER_AUTH_SECRET ? '1' : '' };
const nextConfig = {
  env,
  serverRuntimeConfig: { secret: process.env.BETTER_AUTH_SECRET },
  publicRuntimeConfig: { apiUrl: process.env.NEXT_PUBLIC_API_URL },
};
export default nextConfig;
`,
      },
    },
    {
      name: 'next.config: env and publicRuntimeConfig taken from another module\'s objects without the secret (a flag derived from it), the secret in serverRuntimeConfig',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/env.mjs': `export const publicEnv = { API: process.env.NEXT_PUBLIC_API_URL, HAS_SECRET: process.env.BETTER_AUTH_SECRET ? 'yes' : 'no' };
export const serverEnv = { S: process.env.BETTER_AUTH_SECRET };
`,
        'frontend/next.config.mjs': `import { publicEnv, serverEnv } from './env.mjs';
export default { env: publicEnv, publicRuntimeConfig: { ...publicEnv }, serverRuntimeConfig: serverEnv };
`,
      },
    },
  ],
  invalid: [
    {
      name: 'read in a "use client" module and in a module it imports',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/components/token.tsx': `'use client';\nimport { sign } from '@/lib/sign';\nexport function T() {\n  const s = process.env.BETTER_AUTH_SECRET;\n  return <p>{sign(s)}</p>;\n}\n`,
        'frontend/lib/sign.ts': `import { conf } from './conf';\nexport const sign = (x?: string) => x + conf.a;\n`,
        'frontend/lib/conf.ts': `export const conf = { a: process.env['BETTER_AUTH_SECRET'] };\n`,
      },
      errors: [
        { file: 'frontend/components/token.tsx', line: 4, column: 13, messageIncludes: '"use client" module' },
        { file: 'frontend/lib/conf.ts', line: 1, column: 26, messageIncludes: 'frontend/components/token.tsx → frontend/lib/sign.ts → frontend/lib/conf.ts' },
      ],
    },
    {
      name: 'NEXT_PUBLIC_ variables: in code and in .env files, by name and by value',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/lib/c.ts': `export const s = process.env.NEXT_PUBLIC_BETTER_AUTH_SECRET;\n`,
        'frontend/.env.local': `BETTER_AUTH_SECRET=${SECRET}\nNEXT_PUBLIC_BETTER_AUTH_SECRET=x\nNEXT_PUBLIC_SIGNING_KEY=${SECRET}\n`,
      },
      errors: [
        { file: 'frontend/lib/c.ts', line: 1, column: 18 },
        { file: 'frontend/.env.local', line: 2, column: 1, messageIncludes: 'named after the secret' },
        { file: 'frontend/.env.local', line: 3, column: 1, messageIncludes: 'same value' },
      ],
    },
    {
      name: '.env file holding the secret that git does not ignore; next.config env',
      files: {
        '.gitignore': 'node_modules\n',
        'backend/.env': `DATABASE_URL=sqlite://\nBETTER_AUTH_SECRET=${SECRET}\n`,
        'frontend/next.config.mjs': `export default {\n  env: { AUTH_SECRET: process.env.BETTER_AUTH_SECRET },\n};\n`,
      },
      errors: [
        { file: 'backend/.env', line: 2, column: 1, messageIncludes: 'git does not ignore it' },
        { file: 'frontend/next.config.mjs', line: 2, column: 10, messageIncludes: 'next.config' },
      ],
    },
    {
      name: 'next.config: env built in a constant first, publicRuntimeConfig, an assignment, a spread (found by probing)',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/next.config.mjs': `const env = { BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET, NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL };
export default { env };
`,
        'frontend/next.config.ts': `const secret = process.env.BETTER_AUTH_SECRET ?? '';
const authEnv = { AUTH_KEY: secret };
const nextConfig = {
  env: { ...authEnv },
  publicRuntimeConfig: { secret: process.env.BETTER_AUTH_SECRET },
};
nextConfig.env = { SIGNING: \`\${process.env.BETTER_AUTH_SECRET}\` };
export default nextConfig;
`,
        'frontend/next.config.js': `const publicRuntimeConfig = { authSecret: process.env['BETTER_AUTH_SECRET'] };
module.exports = { publicRuntimeConfig };
`,
      },
      errors: [
        { file: 'frontend/next.config.mjs', line: 1, column: 15, messageIncludes: "next.config's `env` passes BETTER_AUTH_SECRET" },
        { file: 'frontend/next.config.ts', line: 2, column: 19, messageIncludes: "`env`" },
        { file: 'frontend/next.config.ts', line: 5, column: 26, messageIncludes: '`publicRuntimeConfig`' },
        { file: 'frontend/next.config.ts', line: 7, column: 20, messageIncludes: "`env`" },
        { file: 'frontend/next.config.js', line: 1, column: 31, messageIncludes: '`publicRuntimeConfig`' },
      ],
    },
    {
      name: 'custom secretEnv from the spec',
      spec: (s) => {
        s.verification.secretEnv = 'AUTH_SECRET';
      },
      files: {
        '.gitignore': GITIGNORE,
        'frontend/app/x.tsx': `"use client";\nexport const k = process.env.AUTH_SECRET;\n`,
      },
      errors: [{ line: 2, column: 18 }],
    },
    {
      name: 'next.config: env or publicRuntimeConfig taken from an object another module exports (ES import, require destructured, a member of a required module, spread in) (found by probing: only objects built in next.config itself were read)',
      files: {
        '.gitignore': GITIGNORE,
        'frontend/env.mjs': `export const publicEnv = { SECRET: process.env.BETTER_AUTH_SECRET, API: process.env.NEXT_PUBLIC_API_URL };
`,
        'frontend/next.config.mjs': `import { publicEnv } from './env.mjs';
export default { env: publicEnv };
`,
        'frontend/config/env.js': `const base = { API: process.env.NEXT_PUBLIC_API_URL };
module.exports = { publicEnv: { ...base, AUTH: \`\${process.env.BETTER_AUTH_SECRET}\` }, serverEnv: { S: process.env.BETTER_AUTH_SECRET } };
`,
        'frontend/config/next.config.js': `const { publicEnv, serverEnv } = require('./env');
const env = require('./env');
module.exports = { env: { ...publicEnv }, publicRuntimeConfig: env.publicEnv, serverRuntimeConfig: serverEnv };
`,
      },
      errors: [
        { file: 'frontend/next.config.mjs', line: 2, column: 23, messageIncludes: "next.config's `env` passes BETTER_AUTH_SECRET to the browser bundle (`publicEnv` from frontend/env.mjs: its `SECRET` at line 1 reads it)" },
        { file: 'frontend/config/next.config.js', line: 3, column: 30, messageIncludes: '(`publicEnv` from frontend/config/env.js: its `AUTH` at line 2 reads it)' },
        { file: 'frontend/config/next.config.js', line: 3, column: 64, messageIncludes: "`publicRuntimeConfig` passes BETTER_AUTH_SECRET to the browser (it is serialised into every page) (`env.publicEnv`" },
      ],
    },
  ],
});

describe('secret-exposure: .env files git tracks', () => {
  let root: string;
  const git = (...args: string[]): void => {
    // A custom env keeps PATH (git must be found) and shuts out the machine's git config.
    const r = spawnSync('git', ['-c', 'user.name=authspec', '-c', 'user.email=authspec@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: root, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(root, '.no-gitconfig') },
    });
    expect(r.status, `git ${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'authspec-tracked-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reports a .env file holding the secret that git tracks even though .gitignore ignores it', async () => {
    writeFiles(root, {
      'backend/.env': `DATABASE_URL=sqlite://\nBETTER_AUTH_SECRET=${SECRET}\n`,
      'frontend/.env.local': `BETTER_AUTH_SECRET=${SECRET}\n`,
      'frontend/.env.example': 'BETTER_AUTH_SECRET=your-secret-here\n',
    });
    git('init', '-q');
    git('add', 'backend/.env', 'frontend/.env.example');
    git('commit', '-q', '-m', 'add env');
    // Ignored afterwards: .gitignore does not untrack a committed file.
    writeFiles(root, { '.gitignore': GITIGNORE });
    git('add', '.gitignore');
    git('commit', '-q', '-m', 'ignore env files');

    const result = await checkProject(await loadProject(root), { workers: 0, rules: [rule] });
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`)).toEqual([
      'backend/.env:2:1 backend/.env holds BETTER_AUTH_SECRET and git tracks it although .gitignore ignores it (ignore rules do not apply to tracked files): the secret is in the repository',
    ]);
    expect(result.findings[0]!.hint).toContain('git rm --cached backend/.env');
  });

  it('checks from a folder inside the repository: paths are relative to it; an ignored untracked file is fine', async () => {
    writeFiles(root, { 'app/backend/.env': `BETTER_AUTH_SECRET=${SECRET}\n`, 'app/frontend/.env.local': `BETTER_AUTH_SECRET=${SECRET}\n`, 'app/.gitignore': '.env*\n' });
    git('init', '-q');
    git('add', '-f', 'app/backend/.env');
    git('add', 'app/.gitignore');
    git('commit', '-q', '-m', 'env');
    const result = await checkProject(await loadProject(join(root, 'app')), { workers: 0, rules: [rule] });
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['backend/.env:1']);
  });
});
