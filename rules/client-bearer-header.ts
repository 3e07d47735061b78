/**
 * `client-bearer-header`: every request from the frontend to the backend API carries
 * `Authorization: Bearer <token>` with a token from Better Auth.
 *
 * Requests: `fetch`, axios (and `axios.create` instances), ky (and `ky.create`/`extend` instances),
 * ofetch (`ofetch`/`$fetch`, `.raw`, and `ofetch.create` instances), openapi-fetch clients
 * (`createClient(…)`, `client.GET(…)`), and wrappers around any of them, in the same module or imported (a function whose parameter
 * becomes the URL; `import` or CommonJS `require`). A request is covered when its options carry an Authorization header (inline, a
 * spread, a `headers` object or a function that builds it, `headers.set('Authorization', …)`), when
 * the wrapper or instance adds it, or when an interceptor does (`axios.interceptors.request.use`,
 * `instance.interceptors.request.use`, `axios.defaults.headers.common.Authorization`, ky's
 * `hooks.beforeRequest`, ofetch's `onRequest`, an openapi-fetch middleware `client.use({ onRequest })`). Backend URLs: built from the spec's `frontend.apiBaseUrlEnv` (default
 * `NEXT_PUBLIC_API_URL`, also as a property of a validated env object: `env.NEXT_PUBLIC_API_URL`) or an
 * API base constant (`API_URL`, `API_BASE_URL`, …), `http://localhost…`
 * or the origin that variable has in .env files, and relative `/api/…` paths that are not Better
 * Auth's (`/api/auth/…`), the token route or a Next.js route handler of the project, and relative
 * paths a next.config rewrite proxies to the backend (`/backend/:path*` → `${API_URL}/:path*`). An
 * Authorization value written on the call (or fixed in a backend instance's config or in `axios.defaults.headers`, judged once there) is traced (templates, `+`, local constants, destructuring:
 * TsAnalysis.originOf) and reported when it is Better Auth's session token, a fixed string, an
 * environment variable or an id / email. All analysis is syntactic (the `ts` parser the engine
 * already ran): no type checker.
 */
import { ts } from './ts/compiler.js';
import { envVarName, partsOf, posOf, unwrap, wordsOf, type RequestSite, type TsAnalysis } from './ts/analysis.js';
import { analysisOf } from './ts/context.js';
import type { Rule, RuleContextBase, TsFile } from './types.js';

/** `x.defaults.headers.Authorization`, `.common.Authorization`, `.common['Authorization']`. */
const DEFAULTS_AUTH = /\.defaults\.headers(?:\.common)?(?:\.authorization|\[['"`]authorization['"`]\])$/i;
const SESSION_TOKEN = /\bsession\??\.(?:session\??\.)?token\b|\bsessionToken\b|better-auth\.session_token/;
const JWT_SOURCE = /\.token\(\)|getToken|set-auth-jwt|\/api\/auth\/token|\/api\/token|\bjwt\b/i;
/** Words of a name that holds who the user is, not a credential: `user.id`, `userId`, `session.user.email`. */
const IDENTITY_WORDS = new Set(['id', 'uid', 'userid', 'email', 'username']);
const TOKEN_WORDS = new Set(['token', 'tokens', 'jwt', 'bearer', 'key', 'secret']);

interface Leaf {
  /** The expression in the Authorization value. */
  expr: ts.Expression;
  /** Where it comes from (TsAnalysis.originOf). */
  root: ts.Expression;
  path: string[];
}

/**
 * An Authorization value as its literal text and the expressions that carry the token: templates
 * and `+` split, local constants that hold a string or a template (`const auth = \`Bearer ${t}\``)
 * followed, every other expression traced to its origin.
 */
function piecesOf(a: TsAnalysis, value: ts.Expression): { literal: string; leaves: Leaf[] } {
  const out: { literal: string; leaves: Leaf[] } = { literal: '', leaves: [] };
  const add = (e: ts.Expression, depth: number): void => {
    for (const p of partsOf(e)) {
      if (typeof p === 'string') {
        out.literal += p;
        continue;
      }
      const u = unwrap(p);
      if (ts.isNumericLiteral(u)) {
        out.literal += u.text;
        continue;
      }
      const o = a.originOf(u);
      const r = unwrap(o.root);
      const text = ts.isStringLiteral(r) || ts.isNoSubstitutionTemplateLiteral(r) || ts.isTemplateExpression(r) || (ts.isBinaryExpression(r) && r.operatorToken.kind === ts.SyntaxKind.PlusToken);
      if (o.path.length === 0 && r !== u && text && depth > 0) add(r, depth - 1);
      else out.leaves.push({ expr: p, root: r, path: o.path });
    }
  };
  add(value, 3);
  return out;
}

/** The name a leaf is read under: the last property, else the variable or function. */
function leafName(l: Leaf): string | undefined {
  if (l.path.length) return l.path[l.path.length - 1];
  const r = ts.isCallExpression(l.root) ? unwrap(l.root.expression) : l.root;
  if (ts.isIdentifier(r)) return r.text;
  if (ts.isPropertyAccessExpression(r)) return r.name.text;
  return undefined;
}

function isIdentity(l: Leaf): boolean {
  const name = leafName(l);
  if (name === undefined) return false;
  const w = wordsOf(name);
  return w.some((x) => IDENTITY_WORDS.has(x)) && !w.some((x) => TOKEN_WORDS.has(x));
}

function describe(site: RequestSite): string {
  switch (site.via) {
    case 'fetch':
      return '`fetch`';
    case 'axios':
      return 'axios';
    case 'ky':
      return 'ky';
    case 'ofetch':
      return 'ofetch';
    case 'instance':
      return 'the HTTP client instance';
    case 'wrapper':
      return 'the request wrapper';
  }
}

/** Reports an Authorization value that is not a Better Auth JWT (session token, fixed string, env var, id or email, no scheme). */
function judgeValue(a: TsAnalysis, file: TsFile, ctx: RuleContextBase, value: ts.Expression): void {
  const { literal, leaves } = piecesOf(a, value);
  // what the destructured or copied values were read from: `session.token` of `{ data: { session } } = getSession()`
  const origins = leaves.filter((l) => l.path.length).map((l) => `${l.root.getText(file.sourceFile)}.${l.path.join('.')}`);
  const text = [a.expandedText(value), ...origins].join('\n');
  const at = posOf(file.sourceFile, value);
  const env = leaves.map((l) => (l.path.length ? undefined : envVarName(l.root))).find((n) => n !== undefined);
  const identity = leaves.find(isIdentity);
  if (SESSION_TOKEN.test(text) && !JWT_SOURCE.test(text.replace(new RegExp(SESSION_TOKEN.source, 'g'), ''))) {
    ctx.report({
      ...at,
      message: "the Authorization header carries Better Auth's opaque session token, not a JWT",
      hint: 'use the JWT from authClient.token() (jwtClient plugin) or auth.api.getToken; the backend cannot verify a session token statelessly',
    });
  } else if (leaves.length === 0) {
    ctx.report({
      ...at,
      message: `the Authorization header is a fixed string${/\S/.test(literal) ? '' : ' (empty)'}, not a Better Auth token`,
      hint: 'every user would send the same credential, so the backend cannot tell them apart; send the user\'s JWT from authClient.token() (browser) or auth.api.getToken (server)',
    });
  } else if (env !== undefined) {
    ctx.report({
      ...at,
      message: `the Authorization header carries the environment variable \`${env}\`, not a Better Auth token`,
      hint: 'a key from the environment names the app, not the user (and a NEXT_PUBLIC_ one ships to every browser); send the user\'s JWT from authClient.token() or auth.api.getToken',
    });
  } else if (identity) {
    ctx.report({
      ...at,
      message: `the Authorization header carries \`${identity.expr.getText(file.sourceFile)}\`, an id or email, not a Better Auth token`,
      hint: 'anyone can send another user\'s id or email; send the JWT from authClient.token() or auth.api.getToken, which the backend verifies',
    });
  } else if (!/bearer/i.test(text) && JWT_SOURCE.test(text)) {
    ctx.report({
      ...at,
      message: 'the Authorization header has no `Bearer ` scheme',
      hint: 'send `Authorization: Bearer <token>`',
    });
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
        'Finds the requests the frontend (browser code, server actions, route handlers) makes to the backend API: `fetch`, axios and axios instances, ky, ofetch (`ofetch`, `$fetch`, `ofetch.create` instances), openapi-fetch clients (`createClient({ baseUrl })`, `client.GET(…)`), and wrappers around any of them (also imported from another module, with `import` or CommonJS `require`: `const { request } = require("./api")` of a module that sets `module.exports = { request }` or `exports.request = …`). Each must carry `Authorization: Bearer <token>`, set on the call, by the wrapper or instance, or by an interceptor (`axios.interceptors.request.use`, `instance.interceptors.request.use`, also registered in another module on the imported instance, ky `hooks.beforeRequest`, ofetch `onRequest`, an openapi-fetch middleware registered with `client.use({ onRequest })`, also in another module). The token must come from Better Auth (`authClient.token()`, the `set-auth-jwt` header, `auth.api.getToken` on the server, or the token route, also through destructuring: `const { token } = await auth.api.getToken(…)`), not the opaque session token (`session.token`, also after `const { data: { session } } = await authClient.getSession()`). An Authorization value set in `axios.defaults.headers` (of axios or an instance) is judged the same way. An Authorization value that is a fixed string (`"Bearer abc"`), an environment variable (`process.env.NEXT_PUBLIC_API_KEY`) or an id or email (`Bearer ${user.id}`, `session.user.email`) is not a Better Auth token and is reported, also when it is fixed in the config of a backend instance (`axios.create({ baseURL, headers: { Authorization } })`, `ky.create`; reported once, at the config). `fetch(new Request(url, init))` is judged by the Request\'s URL and init, also when the Request is held in a variable. A backend URL is built from the API base variable (`process.env.NEXT_PUBLIC_API_URL`, also read from a validated env object such as t3-env\'s `env.NEXT_PUBLIC_API_URL`), an API base constant, `localhost` or that variable\'s origin in .env files, a relative `/api/…` path, or a relative path that a next.config `rewrites()` entry proxies to the backend (`source: \'/backend/:path*\'` with a `destination` built from the API base variable, `localhost` or that variable\'s origin). Requests to Better Auth itself (`/api/auth/*`), to the project\'s own route handlers and to other origins are not backend requests.',
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
    // an Authorization value fixed in a backend instance's config (`axios.create({ headers: { Authorization } })`): judged once, there
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && n.arguments[0]) {
        const inst = a.instanceFromInit(n, undefined);
        const value = inst?.baseBackend ? a.authValueIn(n.arguments[0]) : undefined;
        if (value) judgeValue(a, file, ctx, value);
      }
      // `axios.defaults.headers.common.Authorization = …` (or `api.defaults…`, `['Authorization']`): judged there too
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && DEFAULTS_AUTH.test(n.left.getText(file.sourceFile).replace(/\s+/g, ''))) judgeValue(a, file, ctx, n.right);
      ts.forEachChild(n, visit);
    };
    visit(file.sourceFile);
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
      if (site.authValue) judgeValue(a, file, ctx, site.authValue);
    }
  },
};

export default rule;
