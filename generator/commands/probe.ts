/**
 * `authspec probe --url URL [--root DIR] [--mode jwks|shared-secret] [--env-file PATH] [--auth-url URL]
 * [--format pretty|json|junit]`: attacks a running backend; exit 1 when it accepted anything it should
 * have refused, 2 for usage errors (including an unreachable URL).
 */
import { UserError } from '../errors.js';
import { wantsColour } from '../colour.js';
import { loadProject } from '../load.js';
import type { VerificationMode } from '../model.js';
import { findSecret } from '../probe/env.js';
import { ProbeLimitError, ProbeNetworkError, ProbeSetupError } from '../probe/http.js';
import { formatProbeReport, type ProbeFormat } from '../probe/report.js';
import { runProbe } from '../probe/run.js';

function httpUrl(value: unknown, flag: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new UserError(`${flag} must be an http(s) base URL, got '${text}'`, { file: flag }, 'e.g. http://127.0.0.1:8000');
  }
  return url.href.replace(/\/+$/, '');
}

export async function run(options: Record<string, unknown>): Promise<number> {
  const url = httpUrl(options.url, '--url');
  const authUrl = options.authUrl === undefined ? undefined : httpUrl(options.authUrl, '--auth-url');
  const format = (options.format as ProbeFormat | undefined) ?? 'pretty';
  const project = await loadProject(options.root as string | undefined);
  const spec = project.spec;
  const mode = (options.mode as VerificationMode | undefined) ?? spec.verification.mode;
  if (spec.resources.length === 0) throw new UserError('the spec has no resources to probe', { file: spec.file ?? 'spec defaults' });

  let secret: string | undefined;
  if (mode === 'shared-secret') {
    secret = findSecret(project.root, spec, options.envFile as string | undefined).value;
  } else if (!authUrl) {
    throw new UserError(
      'jwks mode needs --auth-url: the probe signs up two users on Better Auth and fetches its JWKS',
      { file: '--auth-url' },
      'e.g. --auth-url http://127.0.0.1:3000, or --mode shared-secret with --env-file',
    );
  }
  const jwksPath = spec.verification.jwksUrl ? safePath(spec.verification.jwksUrl) : undefined;

  try {
    const report = await runProbe({
      url,
      mode,
      verification: spec.verification,
      resources: spec.resources,
      ...(secret ? { secret } : {}),
      ...(authUrl ? { authUrl } : {}),
      ...(jwksPath ? { jwksPath } : {}),
    });
    process.stdout.write(formatProbeReport(report, format, format === 'pretty' && wantsColour()));
    return report.summary.failed > 0 ? 1 : 0;
  } catch (err) {
    const flag = (origin: string): string => (authUrl && new URL(authUrl).origin === origin && new URL(url).origin !== origin ? '--auth-url' : '--url');
    if (err instanceof ProbeNetworkError) throw new UserError(err.message, { file: flag(err.url) }, 'is the server running, and is the URL right?');
    if (err instanceof ProbeLimitError) throw new UserError(err.message, { file: '--url' });
    if (err instanceof ProbeSetupError) throw new UserError(err.message, { file: authUrl ? '--auth-url' : '--url' });
    throw err;
  }
}

function safePath(jwksUrl: string): string | undefined {
  try {
    return new URL(jwksUrl).pathname;
  } catch {
    return undefined;
  }
}
