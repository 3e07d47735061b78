/**
 * The bundled CLI (dist/cli/) and the unbundled commands it imports (dist/generator/commands/check.js, …)
 * each hold a copy of errors.ts: a UserError from one copy must be recognised by the other.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isUserError, UserError } from './errors.js';
import { reportError } from './run-command.js';

type ErrorsModule = typeof import('./errors.js');

/** A second, separate copy of the module: tsc's build of it (`npm run build` first; `npm test` does it). */
const otherCopy = (): Promise<ErrorsModule> => import(pathToFileURL(join(import.meta.dirname, '..', 'dist', 'generator', 'errors.js')).href) as Promise<ErrorsModule>;

describe('UserError across copies of errors.ts', () => {
  it('the two copies are different classes', async () => {
    const other = await otherCopy();
    expect(other.UserError).not.toBe(UserError);
  });

  it('isUserError and instanceof recognise a UserError from the other copy, both ways', async () => {
    const other = await otherCopy();
    const foreign = new other.UserError('bad root', { file: 'x' });
    expect(isUserError(foreign)).toBe(true);
    expect(foreign instanceof UserError).toBe(true);
    const local = new UserError('bad spec', { file: 'spec.md', line: 3 });
    expect(other.isUserError(local)).toBe(true);
    expect(local instanceof other.UserError).toBe(true);
  });

  it('other errors are not UserErrors', async () => {
    const other = await otherCopy();
    for (const e of [new Error('x'), null, undefined, 'UserError', { name: 'UserError', exitCode: 2 }]) {
      expect(isUserError(e)).toBe(false);
      expect(e instanceof UserError).toBe(false);
      expect(other.isUserError(e)).toBe(false);
    }
  });

  it('reportError prints a foreign UserError as one line with its exit code', async () => {
    const other = await otherCopy();
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (written.push(s), true)) as typeof process.stderr.write;
    try {
      expect(reportError(new other.UserError('root does not exist', { file: 'nope' }, 'pass an existing directory', 2))).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toBe('authspec: nope: root does not exist (pass an existing directory)\n');
  });
});
