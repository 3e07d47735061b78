/** Runs one command module and turns what escapes into an exit code and one line on stderr. */
import { UserError } from './errors.js';

export interface CommandModule {
  run(options: Record<string, unknown>): Promise<number>;
}

export async function runCommand(name: string, options: Record<string, unknown>): Promise<void> {
  try {
    const mod = (await import(`./commands/${name}.js`)) as CommandModule;
    process.exitCode = await mod.run(options);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof UserError) {
    process.stderr.write(`authspec: ${err.format()}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`authspec: internal error: ${message.split('\n')[0]} (set AUTHSPEC_DEBUG=1 for details; please report it)\n`);
  if (process.env.AUTHSPEC_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 2;
}
