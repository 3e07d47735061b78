/** Runs one command module and turns what escapes into an exit code and one line on stderr. */
import { isUserError } from './errors.js';

export interface CommandModule {
  run(options: Record<string, unknown>): Promise<number>;
}

/**
 * Each command is imported only when it runs. The bundled CLI (scripts/bundle.mjs) holds init, validate,
 * generate, token and check (check up to the rule engine, which it imports from dist/rules/); trace,
 * explain and probe stay separate modules (dist/generator/commands/*.js) so that ts-morph, tree-sitter
 * and the rule engine's worker thread load as they do from tsc's output.
 */
const COMMANDS: Record<string, () => Promise<unknown>> = {
  init: () => import('./commands/init.js'),
  validate: () => import('./commands/validate.js'),
  generate: () => import('./commands/generate.js'),
  token: () => import('./commands/token.js'),
  check: () => import('./commands/check.js'),
  trace: () => import('./commands/trace.js'),
  explain: () => import('./commands/explain.js'),
  probe: () => import('./commands/probe.js'),
};

export async function runCommand(name: string, options: Record<string, unknown>): Promise<void> {
  try {
    const load = COMMANDS[name];
    if (!load) throw new Error(`no command module for ${name}`);
    const mod = (await load()) as CommandModule;
    process.exitCode = await mod.run(options);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (isUserError(err)) {
    process.stderr.write(`authspec: ${err.format()}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`authspec: internal error: ${message.split('\n')[0]} (set AUTHSPEC_DEBUG=1 for details; please report it)\n`);
  if (process.env.AUTHSPEC_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 2;
}
