#!/usr/bin/env node
/**
 * The authspec command line. Every command lives in generator/commands/<name>.ts and is imported
 * only when it runs, so `--version` and `validate` never load ts-morph or tree-sitter.
 *
 * Exit codes: 0 ok, 1 findings or drift, 2 usage / config / spec error.
 */
import { packageVersion } from './paths.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  await main(argv);
}

async function main(args: string[]): Promise<void> {
  const { Command, CommanderError, Option } = await import('commander');
  const { runCommand } = await import('./run-command.js');
  const program = new Command('authspec');
  program
    .description('Spec-driven JWT auth for Next.js + Better Auth frontends and FastAPI + SQLModel backends.')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  const root = (): InstanceType<typeof Option> =>
    new Option('--root <dir>', 'repository root to work on').default(process.cwd(), 'the current directory');

  program
    .command('init')
    .description('scaffold specs/features/authentication.md and speckit.tasks into a repository (never overwrites)')
    .argument('[dir]', 'repository to scaffold into', '.')
    .option('--root <dir>', 'the same as DIR, as the other commands take it')
    .action((dir: string, opts: { root?: string }) => runCommand('init', { dir, ...(opts.root !== undefined ? { root: opts.root } : {}) }));

  program
    .command('validate')
    .description('read the spec, the task list and the config; report every problem as file:line:column')
    .addOption(root())
    .option('--config <file>', 'config file (default: authspec.config.yaml or .authspec.yaml at the root)')
    .action((opts: Record<string, unknown>) => runCommand('validate', opts));

  program
    .command('generate')
    .description('render the backend auth dependency, routers and the frontend API client from the spec')
    .addOption(root())
    .option('--dry-run', 'print a unified diff of what would change; write nothing')
    .option('--check', 'exit 1 with the diff when generated files differ from what the spec gives')
    .option('--force', 'overwrite files that lack the authspec header (hand-written files)')
    .option('--watch', 'regenerate when the spec, the task list or a template changes')
    .action((opts: Record<string, unknown>) => runCommand('generate', opts));

  program
    .command('check')
    .description('run the rules over the repository (generated and hand-written code)')
    .addOption(root())
    .addOption(
      new Option('--format <format>', 'output format').choices(['pretty', 'json', 'sarif', 'github', 'junit']).default('pretty'),
    )
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--rule <id>', 'run only this rule (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--since <git-ref>', 'report only what changed since the ref (diff hunks)')
    .option('--config <file>', 'config file (default: authspec.config.yaml or .authspec.yaml at the root)')
    .action((opts: Record<string, unknown>) => runCommand('check', opts));

  program
    .command('trace')
    .description('report tasks, the requirements that link them and the code that references them')
    .addOption(root())
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json', 'html']).default('md'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .action((opts: Record<string, unknown>) => runCommand('trace', opts));

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('[rule-id]', 'rule to explain; omit to list all rules')
    .action((ruleId: string | undefined) => runCommand('explain', { ruleId }));

  program
    .command('token')
    .description('mint a development token per the spec (shared-secret mode) for manual testing')
    .addOption(root())
    .requiredOption('--sub <id>', 'user id to put in the token')
    .option('--ttl <duration>', 'lifetime, e.g. 15m, 1h, 90s', '15m')
    .option('--env-file <path>', 'read the secret from this .env file')
    .action((opts: Record<string, unknown>) => runCommand('token', opts));

  program
    .command('probe')
    .description('attack a running backend with bad tokens and cross-user requests; report what it accepted')
    .requiredOption('--url <url>', 'base URL of the running backend')
    .addOption(root())
    .addOption(new Option('--mode <mode>', 'verification mode (overrides the spec)').choices(['jwks', 'shared-secret']))
    .option('--env-file <path>', "the backend's .env file holding the shared secret")
    .option('--auth-url <url>', 'Better Auth base URL, to sign up probe users (jwks mode)')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json', 'junit']).default('pretty'))
    .action((opts: Record<string, unknown>) => runCommand('probe', opts));

  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; anything else is a usage error.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    throw err;
  }
}
