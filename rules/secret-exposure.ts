/**
 * `secret-exposure`: the secret (spec.verification.secretEnv, default BETTER_AUTH_SECRET) is
 * reachable by browser code.
 *
 * - code: `process.env.NEXT_PUBLIC_…SECRET` (Next.js inlines every NEXT_PUBLIC_ variable into the
 *   bundle); `process.env.<secret>` read in a `"use client"` module or in a module that one imports,
 *   transitively (value imports; `"use server"` and `server-only` modules stop the walk); the secret
 *   handed to the browser through `next.config`'s `env` or `publicRuntimeConfig` (also built in a
 *   constant first, spread in, assigned, or imported from another module: TsFileFacts.envObjects).
 * - .env files: a `NEXT_PUBLIC_` variable named after the secret or holding the same value; a file
 *   holding the secret that git does not ignore, or that git tracks (`git ls-files`) whatever
 *   .gitignore says (`.env.example`-style files with an empty or placeholder value are fine).
 * Values are never printed.
 */
import { ts } from './ts/compiler.js';
import { envValueNames, posOf, propName, requireRefOfExpr, unwrap, type ImportRef } from './ts/analysis.js';
import { analysisOf, secretEnvOf } from './ts/context.js';
import { envReadsOf, importedEnvObject } from './ts/index.js';
import { isPlaceholderSecret } from './secret-sync.js';
import type { Rule } from './types.js';

const HINT = 'keep the secret server-only: read it only in server code (route handlers, server actions, lib/auth.ts with `import "server-only"`), never under a NEXT_PUBLIC_ name';

function isExampleEnv(path: string): boolean {
  return /\.(example|sample|template|dist|defaults?)$|\.example\.|\.sample\./i.test(path);
}

export const rule: Rule = {
  meta: {
    id: 'secret-exposure',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'The Better Auth secret never reaches browser code, a NEXT_PUBLIC_ variable or a committed .env file.',
    languages: ['typescript', 'repo'],
    docs: {
      checks:
        'Reports the secret (`verification.secretEnv`, default `BETTER_AUTH_SECRET`) where the browser or the repository can see it: a `NEXT_PUBLIC_` variable named after it or holding its value (in .env files and in code), `process.env.<secret>` read in a `"use client"` module or in a module that one imports (transitively, through value imports), the secret passed through `next.config`\'s `env` or `publicRuntimeConfig` (as a value, with a fallback or in a template; also when that object is built in a constant first, `const env = { … }; export default { env }` or `const nextConfig = { env }`, spread in, or assigned as `nextConfig.env = { … }`, or exported by another module of the project: `import { publicEnv } from "./env.mjs"; export default { env: publicEnv }`, also with `require`; `serverRuntimeConfig` stays on the server), and a .env file holding it that git does not ignore or that git tracks (`git ls-files`: .gitignore does not apply to a file already committed).',
      why: 'Next.js inlines NEXT_PUBLIC_ variables, `next.config` `env` values (and serialises `publicRuntimeConfig` into every page) and everything client modules import into the JavaScript every visitor downloads. Whoever has the secret can decrypt Better Auth\'s stored private keys, forge its cookies and, in shared-secret mode, mint a JWT for any user id. A committed .env file leaks it to everyone with read access to the repository, forever (git history).',
      incorrect: [
        { lang: 'ts', code: "'use client';\nconst secret = process.env.BETTER_AUTH_SECRET;" },
        { lang: 'sh', code: '# frontend/.env.local\nNEXT_PUBLIC_BETTER_AUTH_SECRET=...' },
      ],
      correct: [
        { lang: 'ts', code: "// lib/auth.ts (server only)\nimport 'server-only';\nexport const auth = betterAuth({ secret: process.env.BETTER_AUTH_SECRET });" },
        { lang: 'sh', code: '# .gitignore\n.env\n.env.local' },
      ],
      fix: 'Read the secret only on the server, never under a NEXT_PUBLIC_ name; add `import "server-only"` to modules that read it; list every .env file holding it in .gitignore, `git rm --cached` one that is already tracked, and rotate a secret that was ever committed.',
    },
  },
  checkTs(file, ctx) {
    const secret = secretEnvOf(ctx);
    const nextConfig = /(^|\/)next\.config\.(js|mjs|cjs|ts|mts)$/.test(file.path);
    // a next.config may take its `env` from another module without naming the secret
    if (!file.source.includes('SECRET') && !file.source.includes(secret) && !nextConfig) return;
    const sf = file.sourceFile;
    const publicName = (n: string) => n.startsWith('NEXT_PUBLIC_') && (n === `NEXT_PUBLIC_${secret}` || n.includes(secret) || /SECRET/i.test(n));
    const chain = ctx.index.ts.clientChains[file.path];
    for (const r of envReadsOf(sf)) {
      const at = { line: r.line, column: r.column, endLine: r.line, endColumn: r.endColumn };
      if (publicName(r.name)) {
        ctx.report({ ...at, message: `\`${r.name}\` is a NEXT_PUBLIC_ variable: Next.js inlines it into the browser bundle, and it is named after the secret`, hint: HINT });
      } else if (r.name === secret && chain) {
        const how = chain.length === 1 ? 'in a "use client" module' : `in a module the "use client" module ${chain[0]} imports (${chain.join(' → ')})`;
        ctx.report({ ...at, message: `\`process.env.${secret}\` is read ${how}: it ends up in browser code`, hint: HINT });
      }
    }
    // next.config.{js,mjs,ts}: `env: { X: process.env.BETTER_AUTH_SECRET }` is inlined into the client bundle,
    // `publicRuntimeConfig` is serialised into every page; either object may be built in a constant first.
    if (nextConfig) {
      const decls = new Map<string, ts.Expression>();
      const collect = (n: ts.Node): void => {
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) decls.set(n.name.text, n.initializer);
        ts.forEachChild(n, collect);
      };
      collect(sf);
      const resolve = (e: ts.Expression, depth = 3): ts.Expression => {
        const u = unwrap(e);
        const d = ts.isIdentifier(u) && depth > 0 ? decls.get(u.text) : undefined;
        return d ? resolve(d, depth - 1) : u;
      };
      /** The value is the secret: `process.env.BETTER_AUTH_SECRET`, with a fallback, in a template, through a local constant (not a test of it: `process.env.X ? "on" : ""`). */
      const readsSecret = (e: ts.Expression): boolean => envValueNames(e, (id) => decls.get(id.text)).includes(secret);
      const seen = new Set<number>();
      const messageOf = (what: string) => (what === 'env' ? `next.config's \`env\` passes ${secret} to the browser bundle` : `next.config's \`publicRuntimeConfig\` passes ${secret} to the browser (it is serialised into every page)`);
      /** The import an expression names: `publicEnv` (ES or `require` binding), `cfg.publicEnv` of a namespace or `require`, `require('./env').publicEnv`. */
      const importRef = (e: ts.Expression): ImportRef | undefined => {
        const req = requireRefOfExpr(e);
        if (req) return req;
        const a = analysisOf(file, ctx);
        if (ts.isIdentifier(e)) {
          const d = a.declOf(e);
          return d && a.importOf(d);
        }
        if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
          const d = a.declOf(e.expression);
          const ns = d && a.importOf(d);
          return ns && (ns.name === '*' || ns.name === '=') ? { specifier: ns.specifier, name: ns.name === '*' ? e.name.text : `=.${e.name.text}` } : undefined;
        }
        return undefined;
      };
      const checkObject = (what: string, e: ts.Expression, depth = 3): void => {
        const o = resolve(e);
        // an object another module of the project exports (`import { publicEnv } from './env.mjs'`): its facts say which members read the secret
        const ref = !ts.isObjectLiteralExpression(o) ? importRef(o) : undefined;
        const hit = ref && importedEnvObject(ctx.index.ts, file.path, ref.specifier, ref.name);
        const entry = hit?.entries.find((x) => x.key === secret || x.env.includes(secret));
        if (hit && entry && !seen.has(o.getStart(sf))) {
          seen.add(o.getStart(sf));
          ctx.report({ ...posOf(sf, o), message: `${messageOf(what)} (\`${o.getText(sf)}\` from ${hit.file}: its \`${entry.key}\` at line ${entry.line} reads it)`, hint: HINT });
        }
        if (!ts.isObjectLiteralExpression(o) || depth < 0) return;
        for (const p of o.properties) {
          if (ts.isSpreadAssignment(p)) {
            checkObject(what, p.expression, depth - 1);
            continue;
          }
          const key = p.name ? propName(p.name) : undefined;
          const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
          if (!(key === secret || (value && readsSecret(value)))) continue;
          if (seen.has(p.getStart(sf))) continue;
          seen.add(p.getStart(sf));
          const at = posOf(sf, p);
          ctx.report({ line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, message: messageOf(what), hint: HINT });
        }
      };
      const CONFIG_KEYS = new Set(['env', 'publicRuntimeConfig']);
      const visit = (n: ts.Node): void => {
        // { env: {...} }, { env } (a constant built first), nextConfig.env = {...}
        if (ts.isPropertyAssignment(n) && CONFIG_KEYS.has(propName(n.name) ?? '')) checkObject(propName(n.name)!, n.initializer);
        else if (ts.isShorthandPropertyAssignment(n) && CONFIG_KEYS.has(n.name.text)) checkObject(n.name.text, n.name);
        else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && CONFIG_KEYS.has(n.left.name.text)) checkObject(n.left.name.text, n.right);
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
  },
  checkRepo(ctx) {
    const secret = secretEnvOf(ctx);
    const secretValues = new Set<string>();
    for (const f of ctx.index.envFiles) for (const e of f.entries) if (e.key === secret && e.value.trim()) secretValues.add(e.value);
    for (const f of ctx.index.envFiles) {
      for (const e of f.entries) {
        const at = { file: f.path, line: e.line, column: e.column, endLine: e.line, endColumn: e.column + e.key.length };
        if (e.key.startsWith('NEXT_PUBLIC_') && (e.key.includes(secret) || /SECRET/i.test(e.key))) {
          ctx.report({ ...at, message: `\`${e.key}\` is a NEXT_PUBLIC_ variable named after the secret: Next.js exposes it to the browser`, hint: HINT });
        } else if (e.key.startsWith('NEXT_PUBLIC_') && e.value.trim() && secretValues.has(e.value)) {
          ctx.report({ ...at, message: `\`${e.key}\` holds the same value as ${secret}: Next.js exposes NEXT_PUBLIC_ variables to the browser`, hint: HINT });
        } else if (e.key === secret && (f.tracked || !f.ignored) && e.value.trim() && !(isExampleEnv(f.path) && isPlaceholderSecret(e.value))) {
          if (f.tracked) {
            // .gitignore only keeps untracked files out: a committed .env stays in the repository.
            const why = f.ignored ? 'git tracks it although .gitignore ignores it (ignore rules do not apply to tracked files)' : 'git tracks it';
            ctx.report({ ...at, message: `${f.path} holds ${secret} and ${why}: the secret is in the repository`, hint: `git rm --cached ${f.path}, keep it in .gitignore, and rotate the secret (it stays in the git history)` });
          } else {
            ctx.report({ ...at, message: `${f.path} holds ${secret} and git does not ignore it: the secret would be committed`, hint: `add ${f.path.split('/').pop()} to .gitignore (and rotate the secret if it was ever committed)` });
          }
        }
      }
    }
  },
};

export default rule;
