import { describe, expect, it } from 'vitest';
import { analysisEnvFor, buildTsIndex, emptyTsIndex, extractTsFacts, importedEnvObject, importedLiteral, nextRoutePath, resolveSpecifier, tsMayMatter, type TsFileFacts } from './index.js';
import { rewriteMatches } from './analysis.js';
import { parseTs } from './parser.js';

function facts(files: Record<string, string>): TsFileFacts[] {
  return Object.entries(files).map(([path, source]) => extractTsFacts({ path, source, sourceFile: parseTs(path, source) }));
}

const FILES = {
  'web/lib/http.ts': `import { authClient } from './auth-client';
export async function request(path: string, init: RequestInit = {}) {
  const { data } = await authClient.token();
  return fetch(\`\${process.env.NEXT_PUBLIC_API_URL}\${path}\`, { ...init, headers: { Authorization: \`Bearer \${data?.token}\` } });
}
export const plain = (url: string) => fetch(url);
export const API_URL = process.env.NEXT_PUBLIC_API_URL;
`,
  'web/lib/index.ts': `export { request as send } from './http';\nexport * from './http';\n`,
  'web/lib/tasks.ts': `import { send } from '@/lib';\nexport const listTasks = (u: string) => send(\`/api/\${u}/tasks\`);\n`,
  'web/lib/secret.ts': `export const s = process.env.BETTER_AUTH_SECRET;\nconst { NODE_ENV } = process.env;\n`,
  'web/app/page.tsx': `'use client';\nimport type { X } from '../lib/types';\nimport { s } from '@/lib/secret';\nimport { act } from './actions';\nexport default function P() { return s + act; }\n`,
  'web/app/actions.ts': `'use server';\nimport { s } from '../lib/secret';\nexport const act = s;\n`,
};

describe('TS facts and index', () => {
  const f = facts(FILES);
  const index = buildTsIndex(f);

  it('facts and index are JSON-serialisable (they cross worker threads)', () => {
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    expect(JSON.parse(JSON.stringify(index))).toEqual(index);
    expect(JSON.parse(JSON.stringify(emptyTsIndex()))).toEqual(emptyTsIndex());
  });

  it('records request wrappers, API base constants, env reads and directives', () => {
    const http = f.find((x) => x.path === 'web/lib/http.ts')!;
    expect(http.exports.request).toEqual({ kind: 'wrapper', urlParam: 0, auth: true, baseBackend: true });
    expect(http.exports.plain).toEqual({ kind: 'wrapper', urlParam: 0, auth: false, baseBackend: false });
    expect(http.exports.API_URL).toEqual({ kind: 'apiBase' });
    const secret = f.find((x) => x.path === 'web/lib/secret.ts')!;
    expect(secret.envReads.map((r) => [r.name, r.line, r.column])).toEqual([
      ['BETTER_AUTH_SECRET', 1, 18],
      ['NODE_ENV', 2, 9],
    ]);
    expect(f.find((x) => x.path === 'web/app/page.tsx')!.useClient).toBe(true);
    expect(f.find((x) => x.path === 'web/app/actions.ts')!.useServer).toBe(true);
  });

  it('resolves relative and @/ imports, re-exports and export *', () => {
    const set = new Set(Object.keys(FILES));
    expect(resolveSpecifier('web/lib/tasks.ts', '@/lib', set)).toBe('web/lib/index.ts');
    expect(resolveSpecifier('web/app/page.tsx', '../lib/secret', set)).toBe('web/lib/secret.ts');
    expect(resolveSpecifier('web/app/page.tsx', 'react', set)).toBeNull();
    expect(index.exports['web/lib/index.ts']!.send).toEqual({ kind: 'wrapper', urlParam: 0, auth: true, baseBackend: true });
    expect(index.exports['web/lib/tasks.ts']!.listTasks).toEqual({ kind: 'wrapper', urlParam: 0, auth: true, baseBackend: true });
  });

  it('follows value imports from "use client" modules, not type imports or server actions', () => {
    expect(index.clientChains['web/lib/secret.ts']).toEqual(['web/app/page.tsx', 'web/lib/secret.ts']);
    expect(index.clientChains['web/app/actions.ts']).toBeUndefined();
  });

  it('Next.js route paths', () => {
    expect(nextRoutePath('frontend/app/api/token/route.ts')).toBe('/api/token');
    expect(nextRoutePath('src/app/(app)/api/tasks/[id]/route.ts')).toBe('/api/tasks/[id]');
    expect(nextRoutePath('pages/api/hello.ts')).toBe('/api/hello');
    expect(nextRoutePath('frontend/lib/api.ts')).toBeNull();
  });

  it('the pre-filter keeps files that can matter and drops the rest', () => {
    expect(tsMayMatter("export const x = await fetch('/api/x');")).toBe(true);
    expect(tsMayMatter("'use client';\nexport const A = 1;")).toBe(true);
    expect(tsMayMatter("import { b } from './b';\nexport const a = b;")).toBe(true);
    expect(tsMayMatter('export function add(a: number, b: number) { return a + b; }')).toBe(false);
    // a next.config whose rewrites send paths to a literal backend origin
    expect(tsMayMatter("export default { async rewrites() { return [{ source: '/py/:p*', destination: 'http://localhost:8000/:p*' }]; } };")).toBe(true);
  });

  it('next.config rewrites are read from the config and their sources matched like Next.js does', () => {
    const [config] = facts({ 'frontend/next.config.mjs': `const API = process.env.BACKEND_URL;
export default {
  async rewrites() {
    return {
      beforeFiles: [{ source: '/py/:path*', destination: \`\${API}/:path*\` }],
      fallback: [{ source: '/ext/:id', destination: 'https://example.com/:id' }],
    };
  },
  async redirects() {
    return [{ source: '/old', destination: 'http://localhost:8000/new', permanent: true }];
  },
};
` });
    expect(config!.rewrites).toEqual([
      { source: '/py/:path*', backend: true },
      { source: '/ext/:id', backend: false, url: 'https://example.com/:id' },
    ]);
    expect(rewriteMatches('/py/:path*', '/py')).toBe(true);
    expect(rewriteMatches('/py/:path*', '/py/api/${}/tasks')).toBe(true);
    expect(rewriteMatches('/py/:path*', '/python')).toBe(false);
    expect(rewriteMatches('/py/:path+', '/py')).toBe(false);
    expect(rewriteMatches('/api/v1/:id', '/api/v1/42')).toBe(true);
    expect(rewriteMatches('/api/v1/:id', '/api/v1/42/x')).toBe(false);
    expect(rewriteMatches('/proxy/(.*)', '/proxy/a/b')).toBe(true);
    expect(rewriteMatches('/a.b/:x?', '/a.b')).toBe(true);
    expect(rewriteMatches('/a.b/:x?', '/aXb')).toBe(false);
  });
});

describe('TS facts: CommonJS modules, member paths, environment objects', () => {
  const f = facts({
    'web/lib/api.js': `function request(url, init) {
  return fetch(url, init);
}
const API_URL = process.env.NEXT_PUBLIC_API_URL;
module.exports = { request, API_URL };
`,
    'web/lib/http.cjs': `const axios = require('axios');
module.exports = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
`,
    'web/lib/keys.cjs': `exports.JWT_SECRET = 'literal-jwt-secret';
module.exports.other = 1;
`,
    'web/lib/config.js': `module.exports = { secret: 'cjs-secret', auth: { secret: 'nested-cjs-secret' } };
`,
    'web/lib/reexport.js': `module.exports = require('./api');
`,
    'web/lib/config.ts': `import { DEV } from './dev';
export const config = { auth: { secret: 'nested-secret', appName: 'x' }, jwt: { signingKey: 'signing-key' }, labels: { title: 'Tasks' } };
export const KEY = process.env.AUTH_KEY ?? DEV;
export const publicEnv = { SECRET: process.env.BETTER_AUTH_SECRET, FLAG: process.env.X ? 'on' : '', TITLE: 'Tasks' };
`,
    'web/lib/dev.ts': `export const DEV = 'dev-literal';
`,
    'web/lib/use.ts': `const { request } = require('./api');
import http from './http.cjs';
import cfg from './config.js';
import * as c from './config';
`,
  });
  const index = buildTsIndex(f);
  const by = (p: string) => f.find((x) => x.path === p)!;

  it('module.exports = { … }, = instance, exports.X: named exports, the whole module as `=`, a cjs flag', () => {
    expect(by('web/lib/api.js').exports).toEqual({
      '=': { kind: 'object', members: { request: { kind: 'wrapper', urlParam: 0, auth: false, baseBackend: false }, API_URL: { kind: 'apiBase' } } },
      request: { kind: 'wrapper', urlParam: 0, auth: false, baseBackend: false },
      API_URL: { kind: 'apiBase' },
    });
    expect(by('web/lib/api.js').cjs).toBe(true);
    expect(by('web/lib/http.cjs').exports['=']).toEqual({ kind: 'instance', lib: 'axios', auth: false, baseBackend: true });
    expect(by('web/lib/keys.cjs').literals).toEqual({ JWT_SECRET: { kind: 'string', line: 1 } });
    expect(by('web/lib/reexport.js').starExports).toEqual(['./api']);
    expect(by('web/lib/dev.ts').cjs).toBeUndefined();
    expect(JSON.parse(JSON.stringify(index))).toEqual(index);
  });

  it('require() and default imports of CommonJS modules resolve through the index', () => {
    const env = analysisEnvFor(index, 'web/lib/use.ts', { apiBaseUrlEnv: 'NEXT_PUBLIC_API_URL', apiBaseValues: [], tokenRoute: null });
    expect(env.importedFact('./api', 'request')).toEqual({ kind: 'wrapper', urlParam: 0, auth: false, baseBackend: false });
    expect(env.importedFact('./api', '=.API_URL')).toEqual({ kind: 'apiBase' });
    expect(env.importedFact('./http.cjs', 'default')).toEqual({ kind: 'instance', lib: 'axios', auth: false, baseBackend: true });
    // an ES module required as a whole is its namespace
    expect(env.importedFact('./config', '=.publicEnv')).toBeUndefined();
    expect(index.exports['web/lib/reexport.js']!['=']).toEqual(index.exports['web/lib/api.js']!['=']);
  });

  it('literals of nested members and CommonJS modules, found by importedLiteral', () => {
    expect(by('web/lib/config.ts').literals).toEqual({
      'config.auth': { kind: 'options', line: 2 },
      'config.auth.secret': { kind: 'string', line: 2 },
      'config.jwt.signingKey': { kind: 'string', line: 2 },
      KEY: { kind: 'ref', specifier: './dev', name: 'DEV', fallbackEnv: 'AUTH_KEY' },
    });
    const lit = (spec: string, name: string) => importedLiteral(index, 'web/lib/use.ts', spec, name);
    expect(lit('./config', 'config.auth.secret')).toEqual({ file: 'web/lib/config.ts', line: 2, kind: 'string' });
    expect(lit('./config', 'config.auth')).toEqual({ file: 'web/lib/config.ts', line: 2, kind: 'options' });
    expect(lit('./config', 'config.labels.title')).toBeUndefined();
    expect(lit('./config', 'KEY')).toEqual({ file: 'web/lib/dev.ts', line: 1, kind: 'string', fallbackEnv: 'AUTH_KEY' });
    expect(lit('./config.js', '=')).toEqual({ file: 'web/lib/config.js', line: 1, kind: 'options' });
    expect(lit('./config.js', '=.secret')).toEqual({ file: 'web/lib/config.js', line: 1, kind: 'string' });
    expect(lit('./config.js', 'default.auth.secret')).toEqual({ file: 'web/lib/config.js', line: 1, kind: 'string' });
    expect(lit('./keys.cjs', 'JWT_SECRET')).toEqual({ file: 'web/lib/keys.cjs', line: 1, kind: 'string' });
  });

  it('exported objects read from the environment (the value, not a test of it)', () => {
    expect(by('web/lib/config.ts').envObjects).toEqual({ publicEnv: [{ key: 'SECRET', env: ['BETTER_AUTH_SECRET'], line: 4 }] });
    expect(importedEnvObject(index, 'web/lib/use.ts', './config', 'publicEnv')).toEqual({ file: 'web/lib/config.ts', entries: [{ key: 'SECRET', env: ['BETTER_AUTH_SECRET'], line: 4 }] });
    expect(importedEnvObject(index, 'web/lib/use.ts', './config', 'config')).toBeUndefined();
  });
});
