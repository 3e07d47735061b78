/**
 * `client-bearer-header`: every request from the frontend to the backend API carries
 * `Authorization: Bearer <token>` with a token from Better Auth.
 *
 * Requests: `fetch`, axios (and `axios.create` instances), ky (and `ky.create`/`extend` instances),
 * and wrappers around any of them, in the same module or imported (a function whose parameter
 * becomes the URL). A request is covered when its options carry an Authorization header (inline, a
 * spread, a `headers` object or a function that builds it, `headers.set('Authorization', …)`), when
 * the wrapper or instance adds it, or when an interceptor does (`axios.interceptors.request.use`,
 * `instance.interceptors.request.use`, `axios.defaults.headers.common.Authorization`, ky's
 * `hooks.beforeRequest`). Backend URLs: built from the spec's `frontend.apiBaseUrlEnv` (default
 * `NEXT_PUBLIC_API_URL`) or an API base constant (`API_URL`, `API_BASE_URL`, …), `http://localhost…`
 * or the origin that variable has in .env files, and relative `/api/…` paths that are not Better
 * Auth's (`/api/auth/…`), the token route or a Next.js route handler of the project. All analysis
 * is syntactic (the `ts` parser the engine already ran): no type checker.
 */
import { posOf, type RequestSite } from './ts/analysis.js';
import { analysisOf } from './ts/context.js';
import type { Rule } from './types.js';

const SESSION_TOKEN = /\bsession\??\.(?:session\??\.)?token\b|\bsessionToken\b|better-auth\.session_token/;
const JWT_SOURCE = /\.token\(\)|getToken|set-auth-jwt|\/api\/auth\/token|\/api\/token|\bjwt\b/i;

function describe(site: RequestSite): string {
  switch (site.via) {
    case 'fetch':
      return '`fetch`';
    case 'axios':
      return 'axios';
    case 'ky':
      return 'ky';
    case 'instance':
      return 'the HTTP client instance';
    case 'wrapper':
      return 'the request wrapper';
  }
}

export const rule: Rule = {
  meta: {
    id: 'client-bearer-header',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'Every frontend request to the backend API sends `Authorization: Bearer <token>` with a Better Auth JWT.',
    languages: ['typescript'],
    docs: {
      checks:
        'Finds the requests the frontend (browser code, server actions, route handlers) makes to the backend API: `fetch`, axios and axios instances, ky, and wrappers around any of them (also imported from another module). Each must carry `Authorization: Bearer <token>`, set on the call, by the wrapper or instance, or by an interceptor (`axios.interceptors.request.use`, `instance.interceptors.request.use`, ky `hooks.beforeRequest`). The token must come from Better Auth (`authClient.token()`, the `set-auth-jwt` header, `auth.api.getToken` on the server, or the token route), not the opaque session token. Requests to Better Auth itself (`/api/auth/*`), to the project\'s own route handlers and to other origins are not backend requests.',
      why: 'The backend verifies a Bearer JWT on every protected route. A request without it gets a 401 (the feature is broken for everyone), and the usual "fix" under pressure is to loosen the backend (an identity header, a test-token bypass), which lets anyone act as any user. Sending Better Auth\'s opaque session token instead of the JWT fails stateless verification, or pushes the backend to look sessions up in Better Auth\'s database.',
      incorrect: [
        {
          lang: 'ts',
          code: "export async function getTasks(userId: string) {\n  const res = await fetch(`${process.env.NEXT_PUBLIC_API_URL}/api/${userId}/tasks`);\n  return res.json();\n}",
        },
        {
          lang: 'ts',
          code: "const api = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });\nexport const listTasks = (userId: string) => api.get(`/api/${userId}/tasks`); // no interceptor adds the header",
        },
      ],
      correct: [
        {
          lang: 'ts',
          code: "async function request(path: string, init: RequestInit = {}) {\n  const { data } = await authClient.token();\n  return fetch(`${process.env.NEXT_PUBLIC_API_URL}${path}`, {\n    ...init,\n    headers: { ...init.headers, Authorization: `Bearer ${data?.token}` },\n  });\n}\nexport const getTasks = (userId: string) => request(`/api/${userId}/tasks`);",
        },
        {
          lang: 'ts',
          code: "const api = axios.create({ baseURL: process.env.NEXT_PUBLIC_API_URL });\napi.interceptors.request.use(async (config) => {\n  const { data } = await authClient.token();\n  config.headers.Authorization = `Bearer ${data?.token}`;\n  return config;\n});",
        },
      ],
      fix: 'Send every backend request through one client (the generated `lib/api.ts`, a fetch wrapper or an axios instance with a request interceptor) that gets the JWT with `authClient.token()` (browser) or `auth.api.getToken({ headers: await headers() })` (server) and sets `Authorization: Bearer <token>`.',
    },
  },
  checkTs(file, ctx) {
    const a = analysisOf(file, ctx);
    for (const site of a.allSites()) {
      if (site.url !== 'backend' || site.reportedInWrapper) continue;
      const at = posOf(file.sourceFile, site.call);
      const place = { line: at.line, column: at.column, endLine: at.line, endColumn: at.line === at.endLine ? at.endColumn : at.column + 1 };
      if (!site.auth) {
        ctx.report({
          ...place,
          message: `request to the backend API through ${describe(site)} without \`Authorization: Bearer <token>\``,
          hint: 'get the JWT from Better Auth (authClient.token() in the browser, auth.api.getToken on the server) and send it as `Authorization: Bearer <token>`, ideally in one wrapper or interceptor',
        });
        continue;
      }
      if (site.authValue) {
        const text = a.expandedText(site.authValue);
        if (SESSION_TOKEN.test(text) && !JWT_SOURCE.test(text.replace(SESSION_TOKEN, ''))) {
          ctx.report({
            ...posOf(file.sourceFile, site.authValue),
            message: "the Authorization header carries Better Auth's opaque session token, not a JWT",
            hint: 'use the JWT from authClient.token() (jwtClient plugin) or auth.api.getToken; the backend cannot verify a session token statelessly',
          });
        } else if (!/bearer/i.test(text) && JWT_SOURCE.test(text)) {
          ctx.report({
            ...posOf(file.sourceFile, site.authValue),
            message: 'the Authorization header has no `Bearer ` scheme',
            hint: 'send `Authorization: Bearer <token>`',
          });
        }
      }
    }
  },
};

export default rule;
