/**
 * `authspec init [DIR]` (or `--root DIR`): scaffolds the embedded default spec and task list into DIR (created if missing).
 * Never overwrites: when any target exists it names the file, exits 2 and writes nothing at all.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { DEFAULT_SPEC_PATH } from '../model.js';
import { embeddedSpecsDir } from '../paths.js';

/** Embedded source (relative to specs/) → target (relative to DIR). */
export const SCAFFOLD: readonly { from: string; to: string }[] = [
  { from: 'features/authentication.md', to: DEFAULT_SPEC_PATH },
  { from: 'speckit.tasks', to: 'speckit.tasks' },
];

export async function run(options: Record<string, unknown>): Promise<number> {
  const positional = typeof options.dir === 'string' && options.dir !== '' ? options.dir : '.';
  const root = typeof options.root === 'string' && options.root !== '' ? options.root : undefined;
  // `--root DIR` is DIR spelled as the other commands spell it; both, naming two folders, is a mistake
  if (root !== undefined && positional !== '.' && resolve(positional) !== resolve(root))
    throw new UserError(`--root ${root} and DIR ${positional} name two folders`, undefined, 'give one of them');
  const dirArg = root ?? positional;
  const dir = resolve(dirArg);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError('not a directory', { file: dirArg }, 'name a folder to scaffold into');
  for (const { to } of SCAFFOLD) {
    if (existsSync(join(dir, to)))
      throw new UserError('already exists: nothing written', { file: join(dirArg, to) }, 'move it away or edit it in place; init never overwrites');
  }
  const contents = SCAFFOLD.map(({ from, to }) => ({ to, text: readFileSync(join(embeddedSpecsDir(), from), 'utf8') }));
  for (const { to, text } of contents) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    writeFileSync(join(dir, to), text, { flag: 'wx' });
    process.stdout.write(`created ${join(dirArg, to)}\n`);
  }
  process.stdout.write(`next: edit the front matter of ${DEFAULT_SPEC_PATH}, then run \`authspec validate\` and \`authspec generate\`\n`);
  return 0;
}
