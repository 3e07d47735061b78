/**
 * A real Better Auth server for the end-to-end tests: the jwt() and bearer() plugins, email-and-password
 * sign-up, the memory adapter, served over HTTP by toNodeHandler on 127.0.0.1 and a free port.
 *
 * Key rotation: better-auth 1.7.25 has no rotate endpoint. Its jwt plugin signs with the newest live key
 * in the `jwks` table (adapter.getLatestKeyByAlg sorts by createdAt) and serves every key in the JWKS, so
 * inserting a new key with the plugin's own exported `createJwk(ctx, options)` is a rotation: the next
 * token carries a new `kid`, and a backend that caches keys must re-fetch the JWKS to verify it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { bearer } from 'better-auth/plugins';
import { createJwk, jwt, type JwtOptions } from 'better-auth/plugins/jwt';

export interface BetterAuthServerOptions {
  /** Default: the server's own origin. */
  issuer?: string;
  audience?: string;
  /** Default: a random 48-character secret. */
  secret?: string;
  /** Bind to this port (0 = free port). Issuer/audience default to the resulting origin. */
  port?: number;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  /** `name=value; name2=value2`, ready for a Cookie header. */
  cookie: string;
}

export interface BetterAuthServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  issuer: string;
  audience: string;
  secret: string;
  jwksUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  auth: any;
  signUp(name: string): Promise<TestUser>;
  /** GET /api/auth/token with the user's session cookie, over HTTP. */
  getToken(user: TestUser): Promise<string>;
  /** Adds a new signing key; later tokens use it. Returns the new kid. */
  rotateKey(): Promise<string>;
  /**
   * Serves a fetch-style handler (a Next.js route handler's `GET`) at `path` on the same origin as
   * Better Auth, as a Next.js app would: the session cookie reaches it.
   */
  addRoute(path: string, handler: (request: Request) => Promise<Response>): void;
  stop(): Promise<void>;
}

export function randomSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(36))).toString('base64url');
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function startBetterAuth(opts: BetterAuthServerOptions = {}): Promise<BetterAuthServer> {
  // Bind first so baseURL, issuer and audience can name the real port.
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const routes = new Map<string, (request: Request) => Promise<Response>>();
  const server = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (route) void serveFetchHandler(route, req, res, url);
    else if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  const port = await listen(server, opts.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const issuer = opts.issuer ?? url;
  const audience = opts.audience ?? url;
  const secret = opts.secret ?? randomSecret();
  const jwtOptions: JwtOptions = { jwt: { issuer, audience } };
  const auth = betterAuth({
    baseURL: url,
    secret,
    database: memoryAdapter({ user: [], session: [], account: [], verification: [], jwks: [] }),
    emailAndPassword: { enabled: true },
    telemetry: { enabled: false },
    logger: { disabled: true },
    trustedOrigins: [url],
    plugins: [jwt(jwtOptions), bearer()],
  });
  handler = toNodeHandler(auth);

  const signUp = async (name: string): Promise<TestUser> => {
    const email = `${name.toLowerCase()}-${randomSecret().slice(0, 8).toLowerCase()}@example.test`;
    const password = `pw-${randomSecret()}`;
    const res = await fetch(`${url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ name, email, password }),
    });
    if (!res.ok) throw new Error(`Better Auth sign-up failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { user?: { id?: string } };
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    if (!body.user?.id || !cookie) throw new Error('Better Auth sign-up returned no user or no session cookie');
    return { id: body.user.id, email, password, cookie };
  };

  const getToken = async (user: TestUser): Promise<string> => {
    const res = await fetch(`${url}/api/auth/token`, { headers: { cookie: user.cookie } });
    if (!res.ok) throw new Error(`GET /api/auth/token failed: ${res.status}`);
    const body = (await res.json()) as { token?: string };
    if (!body.token) throw new Error('GET /api/auth/token returned no token');
    return body.token;
  };

  const rotateKey = async (): Promise<string> => {
    // createdAt orders keys: make sure the new one is strictly newer than any before it.
    await new Promise((r) => setTimeout(r, 5));
    const context = await auth.$context;
    const key = (await createJwk({ context } as never, jwtOptions)) as { id: string };
    return key.id;
  };

  const stop = async (): Promise<void> => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  const addRoute = (path: string, route: (request: Request) => Promise<Response>): void => {
    routes.set(path, route);
  };

  return { url, issuer, audience, secret, jwksUrl: `${url}/api/auth/jwks`, auth, signUp, getToken, rotateKey, addRoute, stop };
}

/** A small Node adapter for a fetch-style handler (GET only: route handlers here take no body). */
async function serveFetchHandler(route: (request: Request) => Promise<Response>, req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string') headers.set(k, v);
      else if (Array.isArray(v)) for (const one of v) headers.append(k, one);
    }
    const response = await route(new Request(new URL(req.url ?? '/', origin), { method: req.method ?? 'GET', headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`route handler failed: ${(err as Error).message}`);
  }
}
