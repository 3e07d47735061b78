import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { defaultSpec } from '../model.js';
import { parseDuration } from './duration.js';
import { findSecret, parseEnv } from './env.js';

describe('parseEnv', () => {
  it('reads plain, exported, quoted and commented lines', () => {
    const text = ['# comment', 'A=1', 'export B = two ', 'C="x # not a comment"', "D='single'", 'E=val # trailing', '', 'not a line'].join('\n');
    expect(parseEnv(text).map((e) => [e.key, e.value, e.line])).toEqual([
      ['A', '1', 2],
      ['B', 'two', 3],
      ['C', 'x # not a comment', 4],
      ['D', 'single', 5],
      ['E', 'val', 6],
    ]);
  });
});

describe('findSecret', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const setup = (): string => {
    root = mkdtempSync(join(tmpdir(), 'authspec-env-'));
    mkdirSync(join(root, 'backend'));
    mkdirSync(join(root, 'frontend'));
    writeFileSync(join(root, 'frontend/.env.local'), 'BETTER_AUTH_SECRET=from-frontend\n');
    writeFileSync(join(root, 'backend/.env'), 'BETTER_AUTH_SECRET=from-backend\n');
    return root;
  };

  it('prefers --env-file, then the environment, then the backend .env among envFiles', () => {
    setup();
    writeFileSync(join(root, 'other.env'), 'BETTER_AUTH_SECRET=from-flag\n');
    const spec = defaultSpec();
    expect(findSecret(root, spec, join(root, 'other.env'), { BETTER_AUTH_SECRET: 'from-env' }).value).toBe('from-flag');
    expect(findSecret(root, spec, undefined, { BETTER_AUTH_SECRET: 'from-env' })).toEqual({ value: 'from-env', from: 'environment variable BETTER_AUTH_SECRET' });
    expect(findSecret(root, spec, undefined, {})).toEqual({ value: 'from-backend', from: 'backend/.env' });
  });

  it("reads the value as the file's loader does: python-dotenv for the backend (quotes, ${VAR}), Next.js for the frontend (unquoted values end at #)", () => {
    setup();
    const spec = defaultSpec();
    writeFileSync(join(root, 'backend/.env'), 'BASE=abc#def0123456789\nBETTER_AUTH_SECRET="${BASE}-\\t-x"\n');
    expect(findSecret(root, spec, undefined, {}).value).toBe('abc#def0123456789-\t-x');
    writeFileSync(join(root, 'backend/.env'), 'BETTER_AUTH_SECRET=${FROM_ENV:-fallback-value}\n');
    expect(findSecret(root, spec, undefined, {}).value).toBe('fallback-value');
    expect(findSecret(root, spec, undefined, { FROM_ENV: 'from-process' }).value).toBe('from-process');
    rmSync(join(root, 'backend/.env'));
    writeFileSync(join(root, 'frontend/.env.local'), 'BETTER_AUTH_SECRET=abc#def\n');
    expect(findSecret(root, spec, undefined, {}).value).toBe('abc');
  });

  it('uses the variable the spec names', () => {
    setup();
    writeFileSync(join(root, 'backend/.env'), 'API_SECRET=named\n');
    const spec = defaultSpec();
    spec.verification.secretEnv = 'API_SECRET';
    expect(findSecret(root, spec, undefined, {}).value).toBe('named');
  });

  it('fails with exit 2 and without the value when the secret is missing or empty', () => {
    setup();
    writeFileSync(join(root, 'backend/.env'), 'OTHER=1\n');
    writeFileSync(join(root, 'frontend/.env.local'), 'BETTER_AUTH_SECRET=\n');
    const spec = defaultSpec();
    expect(() => findSecret(root, spec, undefined, {})).toThrow(/BETTER_AUTH_SECRET is empty/);
    expect(() => findSecret(root, spec, join(root, 'nope.env'), {})).toThrow(UserError);
    writeFileSync(join(root, 'frontend/.env.local'), '');
    const err = (() => {
      try {
        findSecret(root, spec, undefined, {});
      } catch (e) {
        return e as UserError;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(err!.exitCode).toBe(2);
    expect(err!.format()).toMatch(/no shared secret/);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('2d')).toBe(172800);
    expect(parseDuration('45')).toBe(45);
  });
  it.each(['', '0m', '-5m', '15x', '1.5h', 'forever', '31d'])('refuses %j with exit 2', (text) => {
    expect(() => parseDuration(text)).toThrow(UserError);
  });
});
