import rule from './client-bearer-header.js';
import { testRule } from './test-support/rule-tester.js';

const AUTH_CLIENT = `import { createAuthClient } from 'better-auth/react';
import { jwtClient } from 'better-auth/client/plugins';
export const authClient = createAuthClient({ plugins: [jwtClient()] });
`;

testRule(rule, {
  valid: [
    {
      name: 'a path a next.config rewrite proxies to the backend, with the header; rewrites to another origin and unmatched paths are not backend requests',
      files: {
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/next.config.js': `module.exports = {
  async rewrites() {
    return [
      { source: '/backend/:path*', destination: \`\${process.env.NEXT_PUBLIC_API_URL}/:path*\` },
      { source: '/docs/:slug', destination: 'https://docs.example.com/:slug' },
    ];
  },
};
`,
        'frontend/lib/tasks.ts': `import { authClient } from './auth-client';
export async function listTasks(userId: string) {
  const { data } = await authClient.token();
  return fetch(\`/backend/api/\${userId}/tasks\`, { headers: { Authorization: \`Bearer \${data?.token}\` } });
}
export const docs = (slug: string) => fetch(\`/docs/\${slug}\`);
export const home = () => fetch('/backend-status/ok');
`,
      },
    },
    {
      name: 'axios defaults set to the Better Auth JWT',
      files: {
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/http.ts': `import axios from 'axios';
import { authClient } from './auth-client';
export async function signInDefaults() {
  const { data } = await authClient.token();
  axios.defaults.headers.common['Authorization'] = \`Bearer \${data?.token}\`;
}
export const listTasks = (userId: string) => axios.get(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks\`);
`,
      },
    },
    {
      name: 'ofetch instance whose onRequest hook sets the header; openapi-fetch client given an auth middleware with client.use, also in another module (found by probing)',
      files: {
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/ofetch-client.ts': `import { ofetch } from 'ofetch';
import { authClient } from './auth-client';
export const api = ofetch.create({
  baseURL: process.env.NEXT_PUBLIC_API_URL,
  async onRequest({ options }) {
    const { data } = await authClient.token();
    options.headers.set('Authorization', \`Bearer \${data?.token}\`);
  },
});
export const listTasks = (userId: string) => api(\`/api/\${userId}/tasks\`);
export const rawTasks = (userId: string) => api.raw(\`/api/\${userId}/tasks\`);
`,
        'frontend/lib/openapi.ts': `import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { authClient } from './auth-client';
const authMiddleware: Middleware = {
  async onRequest({ request }) {
    const { data } = await authClient.token();
    request.headers.set('Authorization', \`Bearer \${data?.token}\`);
    return request;
  },
};
export const client = createClient<paths>({ baseUrl: process.env.NEXT_PUBLIC_API_URL });
client.use(authMiddleware);
export const getTasks = () => client.GET('/tasks');
`,
        'frontend/lib/generated.ts': `import createClient from 'openapi-fetch';
import type { paths } from './schema';
export const gen = createClient<paths>({ baseUrl: process.env.NEXT_PUBLIC_API_URL });
`,
        'frontend/lib/setup.ts': `import { gen } from './generated';
import { authClient } from './auth-client';
gen.use({
  async onRequest({ request }) {
    const { data } = await authClient.token();
    request.headers.set('Authorization', \`Bearer \${data?.token}\`);
    return request;
  },
});
`,
        'frontend/lib/tasks.ts': `import './setup';
import { gen } from './generated';
export const deleteTask = (id: number) => gen.DELETE('/tasks/{id}', { params: { path: { id } } });
`,
      },
    },
    {
      name: 'fetch of a Request object built with the header, or given it with headers.set before the call',
      files: {
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/tasks.ts': `import { authClient } from './auth-client';
export async function createTask(userId: string, title: string) {
  const { data } = await authClient.token();
  const req = new Request(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks\`, { method: 'POST', headers: { Authorization: \`Bearer \${data?.token}\` }, body: JSON.stringify({ title }) });
  return fetch(req);
}
export async function deleteTask(userId: string, id: number) {
  const { data } = await authClient.token();
  const req = new Request(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks/\${id}\`, { method: 'DELETE' });
  req.headers.set('Authorization', \`Bearer \${data?.token}\`);
  return fetch(req);
}
`,
      },
    },
    {
      name: 'an interceptor registered in another module on the imported instance (also through a re-export) (found by probing)',
      files: {
        'frontend/lib/http.ts': `import axios from 'axios';
export const http = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
`,
        'frontend/lib/index.ts': `export { http } from './http';
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/interceptors.ts': `import { http } from '@/lib';
import { authClient } from './auth-client';
http.interceptors.request.use(async (config) => {
  const { data } = await authClient.token();
  if (data?.token) config.headers.Authorization = \`Bearer \${data.token}\`;
  return config;
});
`,
        'frontend/lib/tasks.ts': `import './interceptors';
import { http } from './http';
export const listTasks = (userId: string) => http.get(\`/api/\${userId}/tasks\`);
`,
      },
    },
    {
      name: 'fetch wrapper that adds the header covers its callers (same module)',
      files: {
        'frontend/lib/api.ts': `import { authClient } from '@/lib/auth-client';
const API_URL = process.env.NEXT_PUBLIC_API_URL;
async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const { data } = await authClient.token();
  const res = await fetch(\`\${API_URL}\${path}\`, { ...init, headers: { ...init.headers, Authorization: \`Bearer \${data?.token}\` } });
  return res.json() as Promise<T>;
}
export const listTasks = (userId: string) => request(\`/api/\${userId}/tasks\`);
export const deleteTask = (userId: string, id: number) => request(\`/api/\${userId}/tasks/\${id}\`, { method: 'DELETE' });
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
      },
    },
    {
      name: 'wrapper imported from another module',
      files: {
        'frontend/lib/http.ts': `import { authClient } from './auth-client';
export async function apiFetch(path: string, init?: RequestInit) {
  const { data } = await authClient.token();
  const headers = new Headers(init?.headers);
  headers.set('Authorization', \`Bearer \${data?.token}\`);
  return fetch(process.env.NEXT_PUBLIC_API_URL + path, { ...init, headers });
}
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/app/tasks/page.tsx': `'use client';
import { apiFetch } from '@/lib/http';
export default function Page({ userId }: { userId: string }) {
  const load = () => apiFetch(\`/api/\${userId}/tasks\`);
  return <button onClick={load}>load</button>;
}
`,
      },
    },
    {
      name: 'axios instance with an interceptor, used from another module',
      files: {
        'frontend/lib/api.ts': `import axios from 'axios';
import { authClient } from './auth-client';
export const api = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
api.interceptors.request.use(async (config) => {
  const { data } = await authClient.token();
  if (data) config.headers.Authorization = \`Bearer \${data.token}\`;
  return config;
});
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/tasks.ts': `import { api } from './api';
export const listTasks = (userId: string) => api.get(\`/api/\${userId}/tasks\`);
export const createTask = (userId: string, title: string) => api.post(\`/api/\${userId}/tasks\`, { title });
`,
      },
    },
    {
      name: 'global axios interceptor covers bare axios calls elsewhere',
      files: {
        'frontend/lib/setup.ts': `import axios from 'axios';
import { authClient } from './auth-client';
axios.interceptors.request.use(async (config) => {
  const { data } = await authClient.token();
  config.headers.set('Authorization', \`Bearer \${data?.token}\`);
  return config;
});
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/tasks.ts': `import axios from 'axios';
export const listTasks = (userId: string) => axios.get(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks\`);
`,
      },
    },
    {
      name: 'server action with auth.api.getToken',
      files: {
        'frontend/app/actions.ts': `'use server';
import { headers } from 'next/headers';
import { auth } from '@/lib/auth';
export async function createTask(userId: string, title: string) {
  const { token } = await auth.api.getToken({ headers: await headers() });
  await fetch(\`\${process.env.API_URL}/api/\${userId}/tasks\`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: \`Bearer \${token}\` },
    body: JSON.stringify({ title }),
  });
}
`,
      },
    },
    {
      name: 'Better Auth, other origins, own route handlers are not backend requests',
      files: {
        'frontend/lib/misc.ts': `export async function misc() {
  await fetch('/api/auth/get-session');
  await fetch(\`\${process.env.NEXT_PUBLIC_API_URL}/api/auth/token\`);
  await fetch('https://api.github.com/repos/x/y');
  await fetch('/api/token');
  await fetch('/api/hello');
  await fetch('/about');
}
`,
        'frontend/app/api/hello/route.ts': `export async function GET() { return Response.json({ hello: 1 }); }
`,
      },
    },
    {
      name: 'ky instance with a beforeRequest hook',
      files: {
        'frontend/lib/api.ts': `import ky from 'ky';
import { authClient } from './auth-client';
export const api = ky.create({
  prefixUrl: process.env.NEXT_PUBLIC_API_URL,
  hooks: { beforeRequest: [async (request) => { const { data } = await authClient.token(); request.headers.set('Authorization', \`Bearer \${data?.token}\`); }] },
});
export const listTasks = (userId: string) => api.get(\`api/\${userId}/tasks\`).json();
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
      },
    },
    {
      name: 'class-based client: methods call this.request',
      files: {
        'frontend/lib/client.ts': `import { authClient } from './auth-client';
class ApiClient {
  constructor(private base = process.env.NEXT_PUBLIC_API_URL) {}
  private async request(path: string, init: RequestInit = {}) {
    const { data } = await authClient.token();
    return fetch(this.base + path, { ...init, headers: { Authorization: \`Bearer \${data?.token}\` } });
  }
  list(userId: string) { return this.request(\`/api/\${userId}/tasks\`); }
}
export const api = new ApiClient();
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/app/page.tsx': `import { api } from '@/lib/client';
export default async function Page() { await api.list('u1'); return null; }
`,
      },
    },
    {
      name: 'tokens from destructured Better Auth results, a header built in a constant, a token passed in',
      files: {
        'frontend/lib/api.ts': `import { authClient } from './auth-client';
const API = process.env.NEXT_PUBLIC_API_URL;
export async function listTasks(userId: string) {
  const { token } = await authClient.token();
  return fetch(\`\${API}/api/\${userId}/tasks\`, { headers: { Authorization: \`Bearer \${token}\` } });
}
export async function getTask(userId: string, id: number) {
  const { data: { session } } = await authClient.getSession();
  const { data: jwt } = await authClient.token();
  const { token } = jwt!;
  const authorization = 'Bearer ' + token;
  return fetch(\`\${API}/api/\${session.userId}/tasks/\${id}\`, { headers: { Authorization: authorization } });
}
export function withToken(path: string, accessToken: string) {
  return fetch(API + path, { headers: { Authorization: accessToken ? \`Bearer \${accessToken}\` : '' } });
}
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
      },
    },
    {
      name: 'CommonJS: a wrapper and an axios instance that add the header, used through require (destructured, the whole module, a member) and an ES default import',
      files: {
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/api.js': `const { authClient } = require('./auth-client');
async function request(url, options = {}) {
  const { data } = await authClient.token();
  return fetch(url, { ...options, headers: { ...options.headers, Authorization: \`Bearer \${data.token}\` } });
}
module.exports = { request };
`,
        'frontend/lib/http.cjs': `const axios = require('axios');
const http = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
module.exports = http;
`,
        'frontend/lib/setup.js': `const http = require('./http.cjs');
const { authClient } = require('./auth-client');
http.interceptors.request.use(async (config) => {
  const { data } = await authClient.token();
  config.headers.Authorization = \`Bearer \${data.token}\`;
  return config;
});
`,
        'frontend/lib/tasks.js': `const { request } = require('./api');
const api = require('./api');
const http = require('./http.cjs');
const API_URL = process.env.NEXT_PUBLIC_API_URL;
exports.listTasks = (userId) => request(\`\${API_URL}/api/\${userId}/tasks\`);
exports.getTask = (userId, id) => api.request(\`\${API_URL}/api/\${userId}/tasks/\${id}\`);
exports.deleteTask = (userId, id) => require('./api').request(\`\${API_URL}/api/\${userId}/tasks/\${id}\`, { method: 'DELETE' });
exports.countTasks = (userId) => http.get(\`/api/\${userId}/tasks/count\`);
`,
        'frontend/lib/more.ts': `import http from './http.cjs';
export const doneTasks = (userId: string) => http.get(\`/api/\${userId}/tasks?done=1\`);
`,
      },
    },
  ],
  invalid: [
    {
      name: 'relative paths that a next.config rewrite proxies to the backend (rewrites() as an array or { beforeFiles, afterFiles }, the destination from the API base variable or localhost) are backend requests (found by probing: they were taken for the Next app\'s own pages)',
      files: {
        'frontend/next.config.mjs': `/** @type {import('next').NextConfig} */
const nextConfig = {
  async rewrites() {
    return [{ source: '/backend/:path*', destination: \`\${process.env.API_URL}/:path*\` }];
  },
};
export default nextConfig;
`,
        'frontend/next.config.ts': `export default {
  rewrites: async () => ({
    beforeFiles: [{ source: '/py/:rest+', destination: 'http://localhost:8000/:rest+' }],
    afterFiles: [{ source: '/cdn/:path*', destination: 'https://cdn.example.com/:path*' }],
  }),
};
`,
        'frontend/lib/tasks.ts': `export const listTasks = (userId: string) => fetch(\`/backend/api/\${userId}/tasks\`);
export const deleteTask = (id: number) => fetch('/py/tasks/' + id, { method: 'DELETE' });
export const logo = () => fetch('/cdn/logo.svg');
export const page = () => fetch('/backend-status');
`,
      },
      errors: [
        { line: 1, file: 'frontend/lib/tasks.ts', messageIncludes: 'without `Authorization: Bearer <token>`' },
        { line: 2, file: 'frontend/lib/tasks.ts', messageIncludes: 'without `Authorization: Bearer <token>`' },
      ],
    },
    {
      name: 'axios defaults set to a fixed string or an environment variable (found by probing: the value was never judged)',
      files: {
        'frontend/lib/http.ts': `import axios from 'axios';
axios.defaults.headers.common.Authorization = 'Bearer dev-token';
const api = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
api.defaults.headers.common['Authorization'] = \`Bearer \${process.env.NEXT_PUBLIC_API_KEY}\`;
export const listTasks = (userId: string) => api.get(\`/api/\${userId}/tasks\`);
`,
      },
      errors: [
        { line: 2, file: 'frontend/lib/http.ts', messageIncludes: 'the Authorization header is a fixed string' },
        { line: 4, file: 'frontend/lib/http.ts', messageIncludes: 'the environment variable `NEXT_PUBLIC_API_KEY`' },
      ],
    },
    {
      name: 'an Authorization value fixed in the config of a backend instance (axios.create, ky.create) is judged once, at the config (found by probing)',
      files: {
        'frontend/lib/http.ts': `import axios from 'axios';
import ky from 'ky';
export const http = axios.create({
  baseURL: process.env.NEXT_PUBLIC_API_URL,
  headers: { Authorization: \`Bearer \${process.env.NEXT_PUBLIC_API_KEY}\` },
});
export const listTasks = () => http.get('/api/tasks');
export const api = ky.create({ prefixUrl: process.env.NEXT_PUBLIC_API_URL, headers: { Authorization: 'Bearer dev' } });
export const stats = () => api.get('api/stats');
export const gh = axios.create({ baseURL: 'https://api.github.com', headers: { Authorization: \`token \${process.env.GITHUB_TOKEN}\` } });
`,
      },
      errors: [
        { line: 5, file: 'frontend/lib/http.ts', messageIncludes: 'environment variable `NEXT_PUBLIC_API_KEY`' },
        { line: 8, file: 'frontend/lib/http.ts', messageIncludes: 'fixed string' },
      ],
    },
    {
      name: 'the base URL read from a validated env object (t3-env `env.NEXT_PUBLIC_API_URL`, also destructured) (found by probing)',
      files: {
        'frontend/lib/env.ts': `import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';
export const env = createEnv({
  client: { NEXT_PUBLIC_API_URL: z.string().url() },
  runtimeEnv: { NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL },
});
`,
        'frontend/lib/tasks.ts': `import { env } from './env';
export const listTasks = () => fetch(\`\${env.NEXT_PUBLIC_API_URL}/tasks\`);
export const listStats = () => fetch(env.NEXT_PUBLIC_API_URL + '/stats');
const { NEXT_PUBLIC_BACKEND_URL } = env;
export const me = () => fetch(\`\${NEXT_PUBLIC_BACKEND_URL}/me\`);
`,
      },
      errors: [
        { line: 2, file: 'frontend/lib/tasks.ts', messageIncludes: 'through `fetch` without' },
        { line: 3, file: 'frontend/lib/tasks.ts', messageIncludes: 'through `fetch` without' },
        { line: 5, file: 'frontend/lib/tasks.ts', messageIncludes: 'through `fetch` without' },
      ],
    },
    {
      name: 'ofetch called directly and through an instance without a hook; openapi-fetch client without an auth middleware (found by probing)',
      files: {
        'frontend/lib/ofetch-client.ts': `import { ofetch, $fetch } from 'ofetch';
export const bare = ofetch.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
export const listTasks = () => bare('/api/tasks');
export const direct = () => ofetch(\`\${process.env.NEXT_PUBLIC_API_URL}/api/tasks\`);
export const dollar = () => $fetch.raw(\`\${process.env.NEXT_PUBLIC_API_URL}/api/stats\`);
export const github = () => ofetch('https://api.github.com/repos/a/b');
`,
        'frontend/lib/openapi.ts': `import createClient from 'openapi-fetch';
import type { paths } from './schema';
export const client = createClient<paths>({ baseUrl: process.env.NEXT_PUBLIC_API_URL });
client.use({ onRequest({ request }) { console.debug(request.url); return request; } });
export const getTasks = () => client.GET('/tasks');
`,
      },
      errors: [
        { line: 3, file: 'frontend/lib/ofetch-client.ts', messageIncludes: 'through the HTTP client instance without' },
        { line: 4, file: 'frontend/lib/ofetch-client.ts', messageIncludes: 'through ofetch without' },
        { line: 5, file: 'frontend/lib/ofetch-client.ts', messageIncludes: 'through ofetch without' },
        { line: 5, file: 'frontend/lib/openapi.ts', messageIncludes: 'through the HTTP client instance without' },
      ],
    },
    {
      name: 'fetch of a Request object held in a variable, without the header (found by probing)',
      files: {
        'frontend/lib/tasks.ts': `export async function createTask(userId: string, title: string) {
  const req = new Request(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks\`, { method: 'POST', body: JSON.stringify({ title }) });
  return fetch(req);
}
`,
      },
      errors: [{ line: 3, file: 'frontend/lib/tasks.ts', messageIncludes: 'through `fetch` without' }],
    },
    {
      name: 'an interceptor in another module that does not add the header, on the imported instance',
      files: {
        'frontend/lib/http.ts': `import axios from 'axios';
export const http = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
`,
        'frontend/lib/index.ts': `export { http } from './http';
`,
        'frontend/lib/auth-client.ts': AUTH_CLIENT,
        'frontend/lib/interceptors.ts': `import { http } from './http';
http.interceptors.request.use((config) => {
  console.debug(config.url);
  return config;
});
`,
        'frontend/lib/tasks.ts': `import './interceptors';
import { http } from './http';
export const listTasks = (userId: string) => http.get(\`/api/\${userId}/tasks\`);
`,
      },
      errors: [{ line: 3, file: 'frontend/lib/tasks.ts', messageIncludes: 'without `Authorization: Bearer <token>`' }],
    },
    {
      name: 'bare fetch to the API base URL',
      files: {
        'frontend/lib/api.ts': `export async function getTasks(userId: string) {
  const res = await fetch(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks\`);
  return res.json();
}
`,
      },
      errors: [{ line: 2, column: 21, messageIncludes: 'without `Authorization: Bearer' }],
    },
    {
      name: 'relative /api path and localhost URL',
      files: {
        'frontend/components/list.tsx': `'use client';
export function load(userId: string) {
  fetch(\`/api/\${userId}/tasks\`);
  return fetch('http://localhost:8000/api/u1/tasks', { method: 'GET', headers: { 'Content-Type': 'application/json' } });
}
`,
      },
      errors: [
        { line: 3, column: 3 },
        { line: 4, column: 10 },
      ],
    },
    {
      name: 'wrapper without the header: reported inside the wrapper, not at its callers',
      files: {
        'frontend/lib/api.ts': `const API = process.env.NEXT_PUBLIC_API_URL;
async function request(path: string, init?: RequestInit) {
  return fetch(API + path, init);
}
export const listTasks = (u: string) => request(\`/api/\${u}/tasks\`);
export const getTask = (u: string, id: number) => request(\`/api/\${u}/tasks/\${id}\`);
`,
      },
      errors: [{ line: 3, column: 10 }],
    },
    {
      name: 'generic wrapper without base: each backend caller is reported, across modules',
      files: {
        'frontend/lib/http.ts': `export async function getJson(url: string) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  return res.json();
}
`,
        'frontend/lib/tasks.ts': `import { getJson } from './http';
export const listTasks = (u: string) => getJson(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${u}/tasks\`);
export const repo = () => getJson('https://api.github.com/repos/a/b');
`,
      },
      errors: [{ file: 'frontend/lib/tasks.ts', line: 2, column: 41 }],
    },
    {
      name: 'axios instance without interceptor',
      files: {
        'frontend/lib/api.ts': `import axios from 'axios';
const api = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
export const listTasks = (userId: string) => api.get(\`/api/\${userId}/tasks\`);
export const createTask = (userId: string, title: string) => api.post(\`/api/\${userId}/tasks\`, { title });
`,
      },
      errors: [
        { line: 3, column: 46 },
        { line: 4, column: 62 },
      ],
    },
    {
      name: 'session token instead of the JWT',
      files: {
        'frontend/lib/api.ts': `import { authClient } from './auth-client';
export async function listTasks(userId: string) {
  const session = await authClient.getSession();
  return fetch(\`\${process.env.NEXT_PUBLIC_API_URL}/api/\${userId}/tasks\`, {
    headers: { Authorization: \`Bearer \${session.data?.session.token}\` },
  });
}
`,
      },
      errors: [{ line: 5, column: 31, messageIncludes: 'session token' }],
    },
    {
      name: 'session token through destructuring',
      files: {
        'frontend/lib/api.ts': `import { authClient } from './auth-client';
const API = process.env.NEXT_PUBLIC_API_URL;
export async function listTasks(userId: string) {
  const { data: { session } } = await authClient.getSession();
  return fetch(\`\${API}/api/\${userId}/tasks\`, { headers: { Authorization: \`Bearer \${session.token}\` } });
}
export async function getTask(userId: string, id: number) {
  const { data } = await authClient.getSession();
  const { token } = data!.session;
  return fetch(\`\${API}/api/\${userId}/tasks/\${id}\`, { headers: { Authorization: \`Bearer \${token}\` } });
}
`,
      },
      errors: [
        { line: 5, column: 74, messageIncludes: 'session token' },
        { line: 10, column: 80, messageIncludes: 'session token' },
      ],
    },
    {
      name: 'a fixed string, an environment variable, a user id or email as the Authorization value',
      files: {
        'frontend/lib/api.ts': `import { authClient } from './auth-client';
const API = process.env.NEXT_PUBLIC_API_URL;
const API_KEY = process.env.NEXT_PUBLIC_API_KEY;
const STATIC = 'Bearer abc';
export const a = () => fetch(\`\${API}/api/tasks\`, { headers: { Authorization: 'Bearer abc' } });
export const b = () => fetch(\`\${API}/api/tasks\`, { headers: { Authorization: \`Bearer \${process.env.NEXT_PUBLIC_API_KEY}\` } });
export const c = () => fetch(\`\${API}/api/tasks\`, { headers: { Authorization: 'Bearer ' + API_KEY } });
export const d = () => fetch(\`\${API}/api/tasks\`, { headers: { Authorization: STATIC } });
export async function e() {
  const { data } = await authClient.getSession();
  const user = data!.user;
  await fetch(\`\${API}/api/tasks\`, { headers: { Authorization: \`Bearer \${user.id}\` } });
  const { email } = data!.user;
  await fetch(\`\${API}/api/tasks\`, { headers: { Authorization: \`Bearer \${email}\` } });
  return fetch(\`\${API}/api/tasks\`, { headers: { Authorization: data?.session.userId ?? '' } });
}
export const f = (userId: string) => fetch(\`\${API}/api/tasks\`, { headers: { Authorization: \`Bearer \${userId}\` } });
`,
      },
      errors: [
        { line: 5, column: 78, messageIncludes: 'fixed string' },
        { line: 6, column: 78, messageIncludes: 'NEXT_PUBLIC_API_KEY' },
        { line: 7, column: 78, messageIncludes: 'NEXT_PUBLIC_API_KEY' },
        { line: 8, column: 78, messageIncludes: 'fixed string' },
        { line: 12, column: 63, messageIncludes: 'an id or email' },
        { line: 14, column: 63, messageIncludes: 'an id or email' },
        { line: 15, column: 64, messageIncludes: 'an id or email' },
        { line: 17, column: 92, messageIncludes: 'an id or email' },
      ],
    },
    {
      name: 'CommonJS: a generic wrapper without the header and axios instances without an interceptor, used through require and an ES default import (found by probing: require() bindings were not followed, every call went unjudged)',
      files: {
        'frontend/lib/api.js': `function request(url, options = {}) {
  return fetch(url, { ...options, headers: { 'Content-Type': 'application/json' } });
}
const client = { get: (url) => fetch(url) };
exports.request = request;
module.exports.client = client;
`,
        'frontend/lib/http.cjs': `const axios = require('axios');
module.exports = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });
`,
        'frontend/lib/tasks.js': `const { request } = require('./api');
const api = require('./api');
const http = require('./http.cjs');
const axios = require('axios');
const API_URL = process.env.NEXT_PUBLIC_API_URL;
exports.listTasks = (userId) => request(\`\${API_URL}/api/\${userId}/tasks\`);
exports.getTask = (userId, id) => api.client.get(\`\${API_URL}/api/\${userId}/tasks/\${id}\`);
exports.countTasks = (userId) => http.get(\`/api/\${userId}/tasks/count\`);
exports.health = () => axios.get(\`\${API_URL}/api/health\`);
exports.repo = () => request('https://api.github.com/repos/a/b');
`,
        'frontend/lib/more.ts': `import http from './http.cjs';
export const doneTasks = (userId: string) => http.get(\`/api/\${userId}/tasks?done=1\`);
`,
      },
      errors: [
        { file: 'frontend/lib/tasks.js', line: 6, column: 33 },
        { file: 'frontend/lib/tasks.js', line: 7, column: 35 },
        { file: 'frontend/lib/tasks.js', line: 8, column: 34 },
        { file: 'frontend/lib/tasks.js', line: 9, column: 24 },
        { file: 'frontend/lib/more.ts', line: 2, column: 46 },
      ],
    },
  ],
});
