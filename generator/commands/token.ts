/**
 * `authspec token --sub ID [--root DIR] [--ttl 15m] [--env-file PATH]`: mints a development token
 * (shared-secret mode) for manual testing with curl. Prints only the token; never the secret.
 */
import { UserError } from '../errors.js';
import { loadProject } from '../load.js';
import { parseDuration } from '../probe/duration.js';
import { findSecret } from '../probe/env.js';
import { mintDevToken } from '../probe/token.js';

export async function run(options: Record<string, unknown>): Promise<number> {
  const sub = typeof options.sub === 'string' ? options.sub.trim() : '';
  if (!sub) throw new UserError('--sub needs a user id', { file: '--sub' }, 'e.g. authspec token --sub user-123');
  const ttl = parseDuration(typeof options.ttl === 'string' ? options.ttl : '15m');
  const project = await loadProject(options.root as string | undefined);
  const v = project.spec.verification;
  if (v.mode !== 'shared-secret') {
    throw new UserError(
      'the spec is in jwks mode: tokens come from Better Auth (GET /api/auth/token, or authClient.token()) and cannot be minted without its private key',
      { file: project.spec.file ?? 'spec defaults' },
      'sign in and fetch /api/auth/token with the session cookie; `authspec token` only mints shared-secret (HS256) tokens',
    );
  }
  const secret = findSecret(project.root, project.spec, options.envFile as string | undefined);
  process.stdout.write(`${await mintDevToken(v, secret.value, sub, ttl)}\n`);
  return 0;
}
