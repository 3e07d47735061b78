import rule from './hardcoded-secret.js';
import { testRule } from './test-support/rule-tester.js';

testRule(rule, {
  valid: [
    {
      name: 'test code mints tokens with a literal test key (Python tests and conftest, TS unit and e2e tests)',
      files: {
        'backend/tests/test_auth.py': `import jwt

SECRET = "test-secret-0123456789abcdef0123456789"


def make_token(sub: str) -> str:
    return jwt.encode({"sub": sub}, SECRET, algorithm="HS256")
`,
        'backend/tests/conftest.py': `import os
os.environ.setdefault("BETTER_AUTH_SECRET", "test-secret-0123456789abcdef0123456789")
`,
        'frontend/lib/api.test.ts': `import { SignJWT } from 'jose';
export const token = () => new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('test-secret-0123456789abcdef0123456789'));
`,
        'frontend/e2e/auth.ts': `import jwt from 'jsonwebtoken';
export const forge = () => jwt.sign({ sub: 'a' }, 'test-secret-0123456789abcdef0123456789');
`,
      },
    },
    {
      name: 'python: keys imported from another module that reads the environment; an imported literal that is not a key',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/config.py': `import os
from pydantic_settings import BaseSettings

SECRET_KEY = os.environ["BETTER_AUTH_SECRET"]
ISSUER = "http://localhost:3000"


class Settings(BaseSettings):
    better_auth_secret: str


settings = Settings()
`,
        'backend/app/auth.py': `import jwt
from app.config import SECRET_KEY, ISSUER, settings


def verify(token: str) -> dict:
    jwt.decode(token, settings.better_auth_secret, algorithms=["HS256"], issuer=ISSUER)
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"], issuer=ISSUER)
`,
      },
    },
    {
      name: 'python: key from the environment, no fallback; unrelated literals',
      files: {
        'backend/app/auth.py': `import os
import jwt

SECRET = os.environ["BETTER_AUTH_SECRET"]
ALGORITHM = "HS256"
API_URL = os.getenv("API_URL", "http://localhost:8000")


def verify(token: str) -> dict:
    return jwt.decode(token, SECRET, algorithms=[ALGORITHM], audience="app", issuer="http://localhost:3000")
`,
      },
    },
    {
      name: 'python: settings fields that name a secret but hold none (a region, a directory, an env var name, a header name)',
      files: {
        'backend/app/config.py': `from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    better_auth_secret: str
    aws_secrets_region: str = "us-east-1"
    secrets_dir: str = "/run/secrets"
    secret_env_name: str = "BETTER_AUTH_SECRET"
    token_secret_header: str = "Authorization"
`,
      },
    },
    {
      name: 'ts: secret from process.env with a check; Better Auth without secret',
      files: {
        'frontend/app/api/token/route.ts': `import { SignJWT, jwtVerify } from 'jose';
const secret = process.env.BETTER_AUTH_SECRET;
if (!secret) throw new Error('BETTER_AUTH_SECRET is not set');
const key = new TextEncoder().encode(secret);
export async function GET() {
  const token = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  await jwtVerify(token, key);
  const base = process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:8000';
  return Response.json({ token, base });
}
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET, baseURL: 'http://localhost:3000' });\n`,
      },
    },
    {
      name: 'ts: betterAuth options built from objects, spreads and shorthand that take the secret from the environment',
      files: {
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
const base = { baseURL: 'http://localhost:3000', secret: 'overridden-below-by-the-environment' };
export const auth = betterAuth({ ...base, secret: process.env.BETTER_AUTH_SECRET });
const secret = process.env.BETTER_AUTH_SECRET;
export const auth2 = betterAuth({ secret, baseURL: 'http://localhost:3000' });
const opts = { secret: process.env.BETTER_AUTH_SECRET ?? '', appName: 'tasks' };
export const auth3 = betterAuth(opts);
const mode = process.env.NODE_ENV === 'production' ? 'strict' : 'lax';
const label = process.env.BETTER_AUTH_SECRET ? 'configured' : 'missing';
export { mode, label };
`,
      },
    },
    {
      name: 'ts: keys and options imported from another module that reads the environment; imported literals that are not keys',
      files: {
        'frontend/lib/config.ts': `export const AUTH_SECRET = process.env.BETTER_AUTH_SECRET!;
export const API_URL = 'http://localhost:8000';
export const authOptions = { secret: process.env.BETTER_AUTH_SECRET, baseURL: 'http://localhost:3000' };
const base = { appName: 'tasks' };
export default { ...base, secret: AUTH_SECRET };
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
import opts, { authOptions, API_URL } from './config';
export const auth = betterAuth(authOptions);
export const auth2 = betterAuth({ ...opts, baseURL: API_URL });
`,
        'frontend/app/api/token/route.ts': `import { SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import { AUTH_SECRET, API_URL } from '@/lib/config';
import * as config from '@/lib/config';
export async function GET() {
  const key = new TextEncoder().encode(AUTH_SECRET);
  const token = await new SignJWT({ aud: API_URL }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const other = jwt.sign({ sub: 'u' }, config.AUTH_SECRET);
  return Response.json({ token, other, url: config.API_URL });
}
`,
      },
    },
    {
      name: 'ts: CommonJS config and nested config objects that read the environment, used through require, a default import and member paths',
      files: {
        'frontend/lib/config.js': `const auth = { secret: process.env.BETTER_AUTH_SECRET, url: 'http://localhost:3000' };
module.exports = { secret: process.env.BETTER_AUTH_SECRET, appName: 'tasks', auth, jwt: { signingKey: process.env.JWT_SIGNING_KEY } };
`,
        'frontend/lib/settings.ts': `export const settings = { auth: { secret: process.env.BETTER_AUTH_SECRET ?? '' }, api: { url: 'http://localhost:8000', apiKey: process.env.API_KEY } };
`,
        'frontend/lib/auth.js': `const { betterAuth } = require('better-auth');
const config = require('./config');
const { auth: authCfg } = require('./config');
exports.a = betterAuth({ secret: require('./config').secret });
exports.b = betterAuth({ secret: config.secret, appName: config.appName });
exports.c = betterAuth({ ...config.auth });
exports.d = betterAuth(authCfg);
`,
        'frontend/lib/token.ts': `import jwt from 'jsonwebtoken';
import { betterAuth } from 'better-auth';
import cfg from './config.js';
import { settings } from './settings';
export const mint = (sub: string) => jwt.sign({ sub }, cfg.jwt.signingKey);
export const auth = betterAuth({ appName: 'tasks', secret: settings.auth.secret });
`,
      },
    },
    {
      name: 'ts: the secret falls back to another environment variable or a value computed at run time, not a literal constant',
      files: {
        'frontend/lib/env.ts': `import { randomBytes } from 'node:crypto';
export const OLD_SECRET = process.env.LEGACY_AUTH_SECRET;
const generated = randomBytes(32).toString('hex');
export const SECRET = process.env.BETTER_AUTH_SECRET ?? OLD_SECRET;
export const SECRET2 = process.env.BETTER_AUTH_SECRET || generated;
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
import { OLD_SECRET, SECRET } from './env';
export const a = betterAuth({ secret: process.env.BETTER_AUTH_SECRET ?? OLD_SECRET });
export const b = betterAuth({ secret: SECRET });
`,
      },
    },
  ],
  invalid: [
    {
      name: 'python: a literal key defined in another module: imported name, module attribute, class attribute through an instance (found by probing)',
      files: {
        'backend/app/__init__.py': '',
        'backend/app/config.py': `import os

SECRET_KEY = "my-very-secret-signing-key-that-is-long"


class Settings:
    JWT_SECRET = "another-literal-secret-value-0123456789"


settings = Settings()
`,
        'backend/app/auth.py': `import jwt
from app.config import SECRET_KEY, settings
from app import config


def verify(token: str) -> dict:
    jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
    jwt.decode(token, config.SECRET_KEY, algorithms=["HS256"])
    return jwt.decode(token, settings.JWT_SECRET, algorithms=["HS256"])
`,
      },
      errors: [
        { line: 7, column: 23, file: 'backend/app/auth.py', messageIncludes: '`SECRET_KEY` is a string literal (backend/app/config.py:3) used as the JWT verification key' },
        { line: 8, column: 23, file: 'backend/app/auth.py', messageIncludes: '`config.SECRET_KEY` is a string literal (backend/app/config.py:3)' },
        { line: 9, column: 30, file: 'backend/app/auth.py', messageIncludes: '`settings.JWT_SECRET` is a string literal (backend/app/config.py:7)' },
      ],
    },
    {
      name: 'python: literal key, constant key, literal fallbacks, settings default',
      files: {
        'backend/app/auth.py': `import os
import jwt
from pydantic_settings import BaseSettings

SECRET_KEY = "super-secret-key-123"
FALLBACK = os.getenv("BETTER_AUTH_SECRET", "change-me")
OTHER = os.environ.get("JWT_SECRET", default="dev")


class Settings(BaseSettings):
    better_auth_secret: str = "insecure-default"


def verify(token: str) -> dict:
    jwt.decode(token, "literal-key", algorithms=["HS256"])
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


def mint(sub: str) -> str:
    return jwt.encode({"sub": sub}, key="another-literal", algorithm="HS256")
`,
      },
      errors: [
        { line: 5, column: 14, messageIncludes: '`SECRET_KEY` is a string literal used as the JWT verification key' },
        { line: 6, column: 44, messageIncludes: 'BETTER_AUTH_SECRET' },
        { line: 7, column: 46, messageIncludes: 'JWT_SECRET' },
        { line: 11, column: 31, messageIncludes: 'settings field' },
        { line: 15, column: 23, messageIncludes: 'verification key of jwt.decode()' },
        { line: 20, column: 41, messageIncludes: 'signing key of jwt.encode()' },
      ],
    },
    {
      name: 'python: an `or` fallback, a literal encoded to bytes, a Field() and a SecretStr() default, and a SecretStr() inside Field(default=...) (found by probing)',
      files: {
        'backend/app/auth.py': `import os
import jwt

SECRET = os.getenv("BETTER_AUTH_SECRET") or "fallback-secret"


def verify(token: str) -> dict:
    return jwt.decode(token, "dev-secret".encode(), algorithms=["HS256"])


def verify2(token: str) -> dict:
    return jwt.decode(token, os.environ.get("JWT_SECRET") or "dev", algorithms=["HS256"])
`,
        'backend/app/config.py': `from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    jwt_secret: str = Field("changeme", alias="BETTER_AUTH_SECRET")
    better_auth_secret: SecretStr = SecretStr("dev-secret-please-change")
    signing_secret: SecretStr = Field(default=SecretStr("dev-signing-secret"), alias="SIGNING_SECRET")
`,
      },
      errors: [
        { file: 'backend/app/auth.py', line: 4, messageIncludes: '`BETTER_AUTH_SECRET` falls back to a string literal' },
        { file: 'backend/app/auth.py', line: 8, messageIncludes: 'a string literal is the JWT verification key' },
        { file: 'backend/app/auth.py', line: 12, messageIncludes: '`JWT_SECRET` falls back' },
        { file: 'backend/app/config.py', line: 6, messageIncludes: 'settings field `jwt_secret`' },
        { file: 'backend/app/config.py', line: 7, messageIncludes: 'settings field `better_auth_secret`' },
        { file: 'backend/app/config.py', line: 8, messageIncludes: 'settings field `signing_secret`' },
      ],
    },
    {
      name: 'ts: jose with a literal, jsonwebtoken, env fallback, betterAuth secret',
      files: {
        'frontend/app/api/token/route.ts': `import { SignJWT, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
const key = new TextEncoder().encode('dev-secret-please-change');
export async function GET() {
  const token = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  await jwtVerify(token, new TextEncoder().encode("inline"));
  const other = jwt.sign({ sub: 'u' }, 'jsonwebtoken-literal');
  const s = process.env.BETTER_AUTH_SECRET ?? 'fallback-secret';
  const t = process.env.AUTH_SECRET || "x";
  return Response.json({ token, other, s, t });
}
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';\nexport const auth = betterAuth({ secret: 'literal-better-auth-secret' });\n`,
      },
      errors: [
        { file: 'frontend/app/api/token/route.ts', line: 3, column: 38, messageIncludes: 'signing key of SignJWT.sign' },
        { file: 'frontend/app/api/token/route.ts', line: 6, column: 51, messageIncludes: 'jwtVerify' },
        { file: 'frontend/app/api/token/route.ts', line: 7, column: 40, messageIncludes: 'jwt.sign' },
        { file: 'frontend/app/api/token/route.ts', line: 8, column: 47, messageIncludes: 'BETTER_AUTH_SECRET' },
        { file: 'frontend/app/api/token/route.ts', line: 9, column: 40, messageIncludes: 'AUTH_SECRET' },
        { file: 'frontend/lib/auth.ts', line: 2, column: 42, messageIncludes: 'betterAuth' },
      ],
    },
    {
      name: 'ts: betterAuth options through a constant object, a spread, shorthand; ternary and non-secret-named fallbacks',
      files: {
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
const opts = { secret: 'literal-secret-in-an-options-object', baseURL: 'http://localhost:3000' };
export const a = betterAuth(opts);
const base = { secret: 'literal-secret-spread-into-options' };
export const b = betterAuth({ baseURL: 'http://localhost:3000', ...base });
const secret = 'literal-secret-shorthand';
export const c = betterAuth({ secret });
export const d = betterAuth({ secret: process.env.BETTER_AUTH_SECRET ? process.env.BETTER_AUTH_SECRET : 'dev-secret' });
export const e = betterAuth({ secret: process.env.AUTH_KEY || 'dev-secret-or' });
const fallback = process.env.AUTH_KEY ?? 'dev-secret-nullish';
export const f = betterAuth({ secret: fallback });
`,
        'frontend/app/api/token/route.ts': `import { jwtVerify } from 'jose';
const raw = !process.env.JWT_SIGNING_KEY ? 'dev-signing-key' : process.env.JWT_SIGNING_KEY;
export async function GET(req: Request) {
  await jwtVerify(req.headers.get('x') ?? '', new TextEncoder().encode(process.env.API_KEY ?? 'dev-verify-key'));
  return Response.json({ raw });
}
`,
      },
      errors: [
        { file: 'frontend/lib/auth.ts', line: 2, column: 24, messageIncludes: 'betterAuth' },
        { file: 'frontend/lib/auth.ts', line: 4, column: 24, messageIncludes: 'betterAuth' },
        { file: 'frontend/lib/auth.ts', line: 6, column: 16, messageIncludes: 'betterAuth' },
        { file: 'frontend/lib/auth.ts', line: 8, column: 105, messageIncludes: 'falls back' },
        { file: 'frontend/lib/auth.ts', line: 9, column: 63, messageIncludes: 'falls back' },
        { file: 'frontend/lib/auth.ts', line: 10, column: 42, messageIncludes: 'falls back' },
        { file: 'frontend/app/api/token/route.ts', line: 2, column: 44, messageIncludes: 'JWT_SIGNING_KEY' },
        { file: 'frontend/app/api/token/route.ts', line: 4, column: 95, messageIncludes: 'falls back' },
      ],
    },
    {
      name: 'ts: a literal key or betterAuth options defined in another module and imported (found by probing)',
      files: {
        'frontend/lib/config.ts': `export const AUTH_SECRET = "literal-auth-secret-in-a-config-module";
const raw = 'literal-bytes-secret';
export const KEY = new TextEncoder().encode(raw);
export const FALLBACK = process.env.AUTH_KEY || 'dev-fallback-key';
export { AUTH_SECRET as SIGNING_SECRET };
`,
        'frontend/lib/index.ts': `export * from './config';
`,
        'frontend/lib/auth-options.ts': `const secret = 'literal-secret-in-shared-options';
export const authOptions = { secret, baseURL: 'http://localhost:3000' };
export default { secret: 'literal-default-options-secret' };
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
import defaults, { authOptions } from './auth-options';
import { AUTH_SECRET } from './config';
export const a = betterAuth(authOptions);
export const b = betterAuth({ ...defaults, baseURL: 'http://localhost:3000' });
export const c = betterAuth({ secret: AUTH_SECRET });
export const d = betterAuth({ secret: authOptions.secret });
`,
        'frontend/app/api/token/route.ts': `import { SignJWT, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { AUTH_SECRET, KEY, FALLBACK } from '@/lib';
import * as config from '@/lib/config';
export async function GET(req: Request) {
  const key = new TextEncoder().encode(AUTH_SECRET);
  const token = await new SignJWT({ sub: 'u' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  await jwtVerify(token, KEY);
  const other = jwt.sign({ sub: 'u' }, config.SIGNING_SECRET);
  jwt.verify(req.headers.get('x') ?? '', FALLBACK);
  return Response.json({ token, other });
}
`,
      },
      errors: [
        { file: 'frontend/lib/auth.ts', line: 4, column: 29, messageIncludes: 'betterAuth({ secret }) is a string literal (`authOptions`: the literal is at frontend/lib/auth-options.ts:1)' },
        { file: 'frontend/lib/auth.ts', line: 5, column: 34, messageIncludes: '(`defaults`: the literal is at frontend/lib/auth-options.ts:3)' },
        { file: 'frontend/lib/auth.ts', line: 6, column: 39, messageIncludes: '(`AUTH_SECRET`: the literal is at frontend/lib/config.ts:1)' },
        { file: 'frontend/lib/auth.ts', line: 7, column: 39, messageIncludes: '(`authOptions.secret`: the literal is at frontend/lib/auth-options.ts:1)' },
        { file: 'frontend/app/api/token/route.ts', line: 6, column: 40, messageIncludes: 'signing key of SignJWT.sign (`AUTH_SECRET`: the literal is at frontend/lib/config.ts:1)' },
        { file: 'frontend/app/api/token/route.ts', line: 8, column: 26, messageIncludes: 'verification key of jwtVerify (`KEY`: the literal is at frontend/lib/config.ts:2)' },
        { file: 'frontend/app/api/token/route.ts', line: 9, column: 40, messageIncludes: 'key of jwt.sign() (`config.SIGNING_SECRET`: the literal is at frontend/lib/config.ts:1)' },
        { file: 'frontend/app/api/token/route.ts', line: 10, column: 42, messageIncludes: 'falls back to a string literal (`FALLBACK`: the literal is at frontend/lib/config.ts:4)' },
      ],
    },
    {
      name: 'ts: options composed in one module from a literal constant of another, key bytes made of an imported constant',
      files: {
        'frontend/lib/config.ts': `export const AUTH_SECRET = 'literal-auth-secret-composed-elsewhere';\n`,
        'frontend/lib/auth-options.ts': `import { AUTH_SECRET } from './config';
import * as cfg from './config';
export const authOptions = { secret: AUTH_SECRET, appName: 'tasks' };
export const otherOptions = { secret: cfg.AUTH_SECRET };
export const KEY = new TextEncoder().encode(AUTH_SECRET);
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
import { jwtVerify } from 'jose';
import { authOptions, otherOptions, KEY } from './auth-options';
export const a = betterAuth(authOptions);
export const b = betterAuth({ ...otherOptions });
export const check = (t: string) => jwtVerify(t, KEY);
`,
      },
      errors: [
        { file: 'frontend/lib/auth.ts', line: 4, column: 29, messageIncludes: '(`authOptions`: the literal is at frontend/lib/config.ts:1)' },
        { file: 'frontend/lib/auth.ts', line: 5, column: 34, messageIncludes: '(`otherOptions`: the literal is at frontend/lib/config.ts:1)' },
        { file: 'frontend/lib/auth.ts', line: 6, column: 50, messageIncludes: 'verification key of jwtVerify (`KEY`: the literal is at frontend/lib/config.ts:1)' },
      ],
    },
    {
      name: 'ts: the secret falls back to a constant, imported (`?? DEV_SECRET`, `||`, a ternary, a namespace member, a default import) or local, reported where the fallback is written; a JWT key made of such a fallback in a third module (found by probing: only an inline literal fallback was reported, `export const SECRET = process.env.BETTER_AUTH_SECRET ?? DEV_SECRET` used in betterAuth elsewhere was reported nowhere)',
      files: {
        'frontend/lib/constants.ts': `export const DEV_SECRET = 'dev-secret-in-a-constants-module';
const OTHER = 'other-dev-secret-in-a-constants-module';
export default OTHER;
`,
        'frontend/lib/env.ts': `import { DEV_SECRET } from './constants';
import OTHER from './constants';
import * as C from './constants';
const LOCAL = 'local-dev-secret-constant';
export const SECRET = process.env.BETTER_AUTH_SECRET ?? DEV_SECRET;
export const SECRET2 = process.env.BETTER_AUTH_SECRET || OTHER;
export const SECRET3 = process.env.JWT_SECRET ? process.env.JWT_SECRET : C.DEV_SECRET;
export const SECRET4 = process.env.BETTER_AUTH_SECRET ?? LOCAL;
export const KEY = process.env.AUTH_KEY ?? DEV_SECRET;
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
import jwt from 'jsonwebtoken';
import { SECRET, KEY } from './env';
export const auth = betterAuth({ secret: SECRET });
export const mint = (sub: string) => jwt.sign({ sub }, KEY);
`,
      },
      errors: [
        { file: 'frontend/lib/env.ts', line: 5, column: 57, messageIncludes: '`BETTER_AUTH_SECRET` falls back to a string literal when the variable is unset (`DEV_SECRET`: the literal is at frontend/lib/constants.ts:1)' },
        { file: 'frontend/lib/env.ts', line: 6, column: 58, messageIncludes: '(`OTHER`: the literal is at frontend/lib/constants.ts:2)' },
        { file: 'frontend/lib/env.ts', line: 7, column: 74, messageIncludes: '`JWT_SECRET` falls back to a string literal when the variable is unset (`C.DEV_SECRET`' },
        { file: 'frontend/lib/env.ts', line: 4, column: 15, messageIncludes: '`BETTER_AUTH_SECRET` falls back to a string literal' },
        { file: 'frontend/lib/auth.ts', line: 5, column: 56, messageIncludes: 'the JWT key of jwt.sign() falls back to a string literal (`KEY`: the literal is at frontend/lib/constants.ts:1)' },
      ],
    },
    {
      name: 'ts: CommonJS modules: module.exports = { secret }, exports.X = "…", read through require (inline, the whole module, destructured) and an ES default import (found by probing: require() was never followed)',
      files: {
        'frontend/lib/config.js': `const auth = { secret: 'literal-secret-in-nested-cjs-options', url: 'http://localhost:3000' };
module.exports = { secret: 'literal-secret-in-cjs-config', appName: 'tasks', auth };
`,
        'frontend/lib/keys.cjs': `exports.JWT_SECRET = 'literal-jwt-secret-in-cjs-exports';
`,
        'frontend/lib/auth.js': `const { betterAuth } = require('better-auth');
const jwt = require('jsonwebtoken');
const config = require('./config');
const { auth: authCfg } = require('./config');
const { JWT_SECRET } = require('./keys.cjs');
exports.a = betterAuth({ secret: require('./config').secret });
exports.b = betterAuth({ secret: config.secret, appName: config.appName });
exports.c = betterAuth({ ...config.auth });
exports.d = betterAuth(authCfg);
exports.mint = (sub) => jwt.sign({ sub }, JWT_SECRET);
`,
        'frontend/lib/token.ts': `import jwt from 'jsonwebtoken';
import cfg from './config.js';
export const mint = (sub: string) => jwt.sign({ sub }, cfg.auth.secret);
`,
      },
      errors: [
        { file: 'frontend/lib/auth.js', line: 6, column: 34, messageIncludes: '(`require(\'./config\').secret`: the literal is at frontend/lib/config.js:2)' },
        { file: 'frontend/lib/auth.js', line: 7, column: 34, messageIncludes: '(`config.secret`: the literal is at frontend/lib/config.js:2)' },
        { file: 'frontend/lib/auth.js', line: 8, column: 29, messageIncludes: '(`config.auth`: the literal is at frontend/lib/config.js:1)' },
        { file: 'frontend/lib/auth.js', line: 9, column: 24, messageIncludes: '(`authCfg`: the literal is at frontend/lib/config.js:1)' },
        { file: 'frontend/lib/auth.js', line: 10, column: 43, messageIncludes: 'key of jwt.sign() (`JWT_SECRET`: the literal is at frontend/lib/keys.cjs:1)' },
        { file: 'frontend/lib/token.ts', line: 3, column: 56, messageIncludes: '(`cfg.auth.secret`: the literal is at frontend/lib/config.js:1)' },
      ],
    },
    {
      name: 'ts: a secret nested in an exported config object (`config.auth.secret`, options `config.auth`, a key-named member), also re-exported (found by probing: only `X.secret` one level deep was read)',
      files: {
        'frontend/lib/config.ts': `export const config = {
  auth: { secret: 'literal-secret-nested-in-config' },
  jwt: { signingKey: 'literal-signing-key-nested-in-config' },
  api: { url: 'http://localhost:8000' },
};
`,
        'frontend/lib/index.ts': `export { config as appConfig } from './config';
`,
        'frontend/lib/auth.ts': `import { betterAuth } from 'better-auth';
import jwt from 'jsonwebtoken';
import { config } from './config';
import { appConfig } from './index';
const base = { appName: 'tasks' };
export const a = betterAuth({ ...base, secret: config.auth.secret });
export const b = betterAuth(appConfig.auth);
export const mint = (sub: string) => jwt.sign({ sub }, config.jwt.signingKey);
`,
      },
      errors: [
        { file: 'frontend/lib/auth.ts', line: 6, column: 48, messageIncludes: 'betterAuth({ secret }) is a string literal (`config.auth.secret`: the literal is at frontend/lib/config.ts:2)' },
        { file: 'frontend/lib/auth.ts', line: 7, column: 29, messageIncludes: '(`appConfig.auth`: the literal is at frontend/lib/config.ts:2)' },
        { file: 'frontend/lib/auth.ts', line: 8, column: 56, messageIncludes: 'key of jwt.sign() (`config.jwt.signingKey`: the literal is at frontend/lib/config.ts:3)' },
      ],
    },
  ],
});
