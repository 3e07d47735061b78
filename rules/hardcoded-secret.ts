/**
 * `hardcoded-secret` (Python and TS): a string literal used as a JWT signing or verification key,
 * or as the fallback of the secret's environment variable.
 *
 * Python (tree-sitter): `jwt.decode(token, "literal", …)`, `jwt.encode(payload, "literal")`
 * (also `key=`, `b"…"`, `"…".encode()`), a module or function constant `SECRET = "…"` then used as that key,
 * `os.getenv("BETTER_AUTH_SECRET", "change-me")`, `os.environ.get(…, "x")`, `os.getenv(…) or "x"`,
 * `os.environ.setdefault(…, "x")`, and a settings class field `better_auth_secret: str = "…"`
 * (or `Field("…")`, `SecretStr("…")`).
 * TS (`ts`): `new TextEncoder().encode("literal")` (or a constant holding it) passed to jose's
 * `SignJWT.sign` / `jwtVerify`, `jwt.sign(payload, "literal")` / `jwt.verify(token, "literal")`,
 * `process.env.BETTER_AUTH_SECRET ?? "fallback"` / `|| "x"` / `? process.env.BETTER_AUTH_SECRET : "x"`
 * (also a constant holding the literal, local or imported: `?? DEV_SECRET`),
 * `betterAuth({ secret: "literal" })` (also options in a constant, spread in, or `{ secret }` shorthand),
 * and a literal fallback (`??`, `||`, a ternary) of any betterAuth secret or JWT key expression;
 * also a literal constant or betterAuth options another module exports (TsFileFacts.literals: name and
 * line only; key-like members of exported objects by path, `config.auth.secret`; CommonJS `module.exports`
 * and `exports.X`, read with `require`), reported at the use with the defining file:line.
 * The secret's variable is spec.verification.secretEnv; any variable with SECRET in its name counts
 * too. Empty strings are not reported (no key at all fails loudly); findings never quote the value.
 */
import { ts } from './ts/compiler.js';
import { callArgs, calleeText, field, named, span, stringValue, walk, type Node as PyNode } from './python/ast.js';
import { dottedName, envVarName, posOf, propName, requireRefOf, requireRefOfExpr, unwrap } from './ts/analysis.js';
import { secretEnvOf } from './ts/context.js';
import { importedLiteral } from './ts/index.js';
import { isTestOrMigration, pyScope } from './python/support.js';
import type { Report, Rule, RuleContextBase } from './types.js';

/** TS/JS test files: unit tests, `__tests__`, e2e and Playwright / Cypress folders. */
const TS_TEST = /(^|\/)(__tests__|tests?|e2e|cypress|playwright)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

const HINT_PY = 'read the key from the environment with no default (os.environ["BETTER_AUTH_SECRET"]) and fail at startup when it is missing; in jwks mode verify with the public keys from /api/auth/jwks instead';
const HINT_TS = 'read the secret from process.env on the server with no literal fallback, and fail when it is missing';

function secretName(name: string, ctx: Pick<RuleContextBase, 'spec'>): boolean {
  return name === secretEnvOf(ctx) || /SECRET|SIGNING_KEY|JWT_KEY|PRIVATE_KEY/i.test(name);
}

// ---------------------------------------------------------------------------------------------
// Python

/** A settings field that holds a key: its name ends with secret or a key word (`better_auth_secret`, `jwt_secret_key`; not `secrets_dir`, `secret_env_name`). */
const PY_SECRET_FIELD = /(^|_)(secret|secret_key|signing_key|jwt_key|private_key)$/i;

/** The string literal a Python key expression is: `"x"`, `b"x"`, `"x".encode()` (else null). */
function pyLiteral(n: PyNode | null | undefined): PyNode | null {
  if (!n) return null;
  if (stringValue(n) !== null) return stringValue(n) === '' ? null : n;
  if (n.type === 'call') {
    const fn = field(n, 'function');
    if (fn?.type === 'attribute' && field(fn, 'attribute')?.text === 'encode') return pyLiteral(field(fn, 'object'));
  }
  if (n.type === 'parenthesized_expression') return pyLiteral(named(n)[0]);
  return null;
}

const PY_JWT_CALLS = /^(?:jwt|jose\.jwt|pyjwt|PyJWT\(\))\.(decode|encode)$|^(?:jwt\.)?(?:api_jwt\.)?(decode|encode)$/;

/** The secret's variable name when the call is `os.getenv(name…)` / `os.environ.get` / `setdefault` of a secret (else null). */
function secretGetenv(call: PyNode, ctx: RuleContextBase): string | null {
  const callee = calleeText(call) ?? '';
  if (!(callee === 'os.getenv' || callee === 'getenv' || callee === 'os.environ.get' || callee === 'environ.get' || callee === 'os.environ.setdefault')) return null;
  const name = stringValue(callArgs(call).positional[0]);
  return name !== null && secretName(name, ctx) ? name : null;
}

function pyCheck(root: PyNode, ctx: RuleContextBase, importedLiteral: (text: string) => string | null): void {
  const report = (n: PyNode, message: string) => ctx.report({ ...span(n), message, hint: HINT_PY });
  const importsJwt = /^\s*(?:from\s+(?:jwt|jose)\b|import\s+(?:jwt|jose)\b)/m.test(root.text);
  // Constants: NAME = "literal" (module level and inside functions), by name → literal node.
  const consts = new Map<string, PyNode>();
  walk(root, (n) => {
    if (n.type === 'assignment') {
      const left = field(n, 'left');
      const right = field(n, 'right');
      const lit = pyLiteral(right);
      if (left?.type === 'identifier' && lit) consts.set(left.text, lit);
    }
  });
  const reported = new Set<number>();
  const once = (n: PyNode, message: string) => {
    if (reported.has(n.startIndex)) return;
    reported.add(n.startIndex);
    report(n, message);
  };
  walk(root, (n) => {
    if (n.type === 'call') {
      const callee = calleeText(n) ?? '';
      const args = callArgs(n);
      const m = PY_JWT_CALLS.exec(callee);
      if (m && (importsJwt || callee.includes('.'))) {
        const op = m[1] ?? m[2];
        const key = args.keywords.get('key') ?? args.positional[1];
        const what = op === 'encode' ? 'signing' : 'verification';
        const lit = pyLiteral(key);
        if (lit) once(lit, `a string literal is the JWT ${what} key of ${callee}()`);
        else if (key?.type === 'identifier' && consts.has(key.text)) once(consts.get(key.text)!, `\`${key.text}\` is a string literal used as the JWT ${what} key (${callee}() at line ${key.startPosition.row + 1})`);
        else if (key && (key.type === 'identifier' || key.type === 'attribute') && !consts.has(key.text)) {
          const where = importedLiteral(key.text);
          if (where) once(key, `\`${key.text}\` is a string literal (${where}) used as the JWT ${what} key of ${callee}()`);
        }
      }
      const name = secretGetenv(n, ctx);
      if (name !== null) {
        const dflt = args.keywords.get('default') ?? args.positional[1];
        if (dflt && stringValue(dflt)) once(dflt, `\`${name}\` falls back to a string literal when the variable is unset`);
      }
    }
    // os.getenv("BETTER_AUTH_SECRET") or "dev-secret"
    if (n.type === 'boolean_operator' && field(n, 'operator')?.text === 'or') {
      const left = field(n, 'left');
      const right = pyLiteral(field(n, 'right'));
      const name = left?.type === 'call' ? secretGetenv(left, ctx) : null;
      if (name !== null && right) once(right, `\`${name}\` falls back to a string literal when the variable is unset`);
    }
    if (n.type === 'class_definition') {
      const supers = field(n, 'superclasses')?.text ?? '';
      if (/BaseSettings|Settings/.test(supers)) {
        const body = field(n, 'body');
        for (const st of body ? named(body) : []) {
          const a = st.type === 'expression_statement' ? named(st)[0] : undefined;
          if (a?.type !== 'assignment') continue;
          const left = field(a, 'left');
          const right = field(a, 'right');
          // the default as a literal, or inside Field("…") / Field(default="…") / SecretStr("…"), also nested:
          // Field(default=SecretStr("…"))
          let dflt = pyLiteral(right);
          let wrapped = right;
          for (let depth = 0; !dflt && depth < 2 && wrapped?.type === 'call' && /^(pydantic\.)?(Field|SecretStr|SecretBytes)$/.test(calleeText(wrapped) ?? ''); depth++) {
            const a = callArgs(wrapped);
            wrapped = a.keywords.get('default') ?? a.positional[0] ?? null;
            dflt = pyLiteral(wrapped);
          }
          if (left?.type === 'identifier' && dflt && (left.text.toUpperCase() === secretEnvOf(ctx) || PY_SECRET_FIELD.test(left.text))) once(dflt, `settings field \`${left.text}\` has a string literal default`);
        }
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// TypeScript

function literal(e: ts.Expression | undefined): ts.Expression | undefined {
  if (!e) return undefined;
  const u = unwrap(e);
  if ((ts.isStringLiteral(u) || ts.isNoSubstitutionTemplateLiteral(u)) && u.text !== '') return u;
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'hardcoded-secret',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'No string literal is used as a JWT signing or verification key, or as the fallback of the secret.',
    languages: ['python', 'typescript'],
    docs: {
      checks:
        'Python: a string literal (`"…"`, `b"…"`, `"…".encode()`) passed as the key of `jwt.decode` / `jwt.encode` (directly or through a constant, also one another module of the project defines: `from app.config import SECRET_KEY`, `config.SECRET_KEY`, `settings.JWT_SECRET` of a `settings = Settings()` whose class sets it; reported at the use, naming where the literal is), a literal fallback of `os.getenv` / `os.environ.get` for the secret (`BETTER_AUTH_SECRET` or any *SECRET* variable), as its default or after `or`, and a literal default of a settings-class field whose name ends in secret or a key word (`better_auth_secret`, `jwt_secret_key`; also through `Field("…")` or `SecretStr("…")`, and `Field(default=SecretStr("…"))`; not `secrets_dir` or `secret_env_name`). TypeScript: a literal key passed to jose (`new TextEncoder().encode("…")` into `SignJWT.sign` / `jwtVerify`) or jsonwebtoken (`jwt.sign` / `jwt.verify`), `process.env.BETTER_AUTH_SECRET ?? "…"` / `|| "…"` / `process.env.BETTER_AUTH_SECRET ? process.env.BETTER_AUTH_SECRET : "…"` (also when the fallback is a constant holding the literal, in the same module or imported: `process.env.BETTER_AUTH_SECRET ?? DEV_SECRET`), and `betterAuth({ secret: "…" })`, also when the options are a constant object (`betterAuth(opts)`), spread in (`betterAuth({ ...base })`) or shorthand (`const secret = "…"; betterAuth({ secret })`), and when the secret or a JWT key falls back to a literal (`process.env.AUTH_KEY || "…"`). The TS literal may also be defined in another module of the project: an exported constant (`export const AUTH_SECRET = "…"`, or key bytes `new TextEncoder().encode("…")`) imported and used as the key (`jwt.sign(payload, AUTH_SECRET)`, `new TextEncoder().encode(AUTH_SECRET)` into jose, `betterAuth({ secret: AUTH_SECRET })`, `config.AUTH_SECRET` of a namespace import, also through re-exports and `export *`), or exported betterAuth options whose `secret` is a literal (`import { authOptions } from "./auth-options"; betterAuth(authOptions)`, spread in, or `authOptions.secret`; the options module may itself import the literal constant), or a member of an exported config object (`betterAuth({ secret: config.auth.secret })`, `betterAuth(config.auth)`, `jwt.sign(payload, config.jwt.signingKey)`: nested options and members named like a key), also in CommonJS modules (`module.exports = { secret: "…" }`, `exports.JWT_SECRET = "…"`, read with `require("./config").secret`, `const { JWT_SECRET } = require("./keys")` or an ES default import); these are reported at the use, naming the file and line of the literal. Test code is skipped (Python `tests/`, `test_*.py`, `conftest.py`; TS `*.test.ts`, `*.spec.ts`, `__tests__/`, `e2e/`, `cypress/`, `playwright/`): tests mint tokens with a test key on purpose.',
      why: 'A key in the source is in every clone, fork, CI log and container image of the repository. Anyone who reads it can mint a valid JWT for any user id and the backend will accept it. A literal fallback is worse than a crash: when the variable is missing in production the service silently runs with a key everyone knows (`change-me`).',
      incorrect: [
        { lang: 'python', code: 'SECRET = os.getenv("BETTER_AUTH_SECRET", "change-me")\npayload = jwt.decode(token, SECRET, algorithms=["HS256"])' },
        { lang: 'ts', code: 'const key = new TextEncoder().encode("dev-secret");\nawait new SignJWT({ sub }).setProtectedHeader({ alg: "HS256" }).sign(key);' },
      ],
      correct: [
        { lang: 'python', code: 'SECRET = os.environ["BETTER_AUTH_SECRET"]  # KeyError at startup when missing\npayload = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUD, issuer=ISS)' },
        { lang: 'ts', code: 'const secret = process.env.BETTER_AUTH_SECRET;\nif (!secret) throw new Error("BETTER_AUTH_SECRET is not set");\nconst key = new TextEncoder().encode(secret);' },
      ],
      fix: 'Read the key from the environment (or a secret manager) with no default, fail at startup when it is missing, and rotate any key that was ever committed.',
    },
  },
  checkPython(file, ctx) {
    // tests mint tokens with a test key on purpose (what the fix advises)
    if (isTestOrMigration(file.path)) return;
    if (!/decode|encode|getenv|environ|Settings/.test(file.source)) return;
    pyCheck(file.tree.rootNode as unknown as PyNode, ctx, (text) => {
      // a constant of another module: `from app.config import SECRET_KEY`, `settings.JWT_SECRET`
      const scope = pyScope(file, ctx);
      const k = scope?.project.constantAt(file.path, text);
      if (k?.c.kind !== 'str') return null;
      // a settings class's literal default is reported where it is written
      const dot = k.name.indexOf('.');
      const cls = dot > 0 ? k.file.models.find((m) => m.name === k.name.slice(0, dot)) : undefined;
      if (cls?.bases.some((b) => /Settings/.test(b))) return null;
      return `${k.file.path}:${k.c.line}`;
    });
  },
  checkTs(file, ctx) {
    if (TS_TEST.test(file.path)) return;
    if (!/sign|Sign|jwtVerify|verify|SECRET|secret|betterAuth/.test(file.source)) return;
    const sf = file.sourceFile;
    const seen = new Set<number>();
    const report = (n: ts.Node, message: string) => {
      if (seen.has(n.getStart(sf))) return;
      seen.add(n.getStart(sf));
      const p = posOf(sf, n);
      const r: Report = { line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, message, hint: HINT_TS };
      ctx.report(r);
    };
    const decls = new Map<string, ts.Expression>();
    // imported bindings: local name → (specifier, exported name; '*' for a namespace, '=' for `require(…)` as a whole)
    const imports = new Map<string, { specifier: string; name: string }>();
    const collect = (n: ts.Node): void => {
      // CommonJS: `const config = require('./config')`, `const { AUTH_SECRET } = require('./config')`
      const bound = ts.isVariableDeclaration(n) || ts.isBindingElement(n) ? n.name : undefined;
      const req = bound && ts.isIdentifier(bound) ? requireRefOf(n) : undefined;
      if (req) imports.set((bound as ts.Identifier).text, req);
      else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) decls.set(n.name.text, n.initializer);
      ts.forEachChild(n, collect);
    };
    collect(sf);
    for (const st of sf.statements) {
      if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !st.importClause || st.importClause.isTypeOnly) continue;
      const specifier = st.moduleSpecifier.text;
      const c = st.importClause;
      if (c.name) imports.set(c.name.text, { specifier, name: 'default' });
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) imports.set(c.namedBindings.name.text, { specifier, name: '*' });
      else if (c.namedBindings) for (const el of c.namedBindings.elements) if (!el.isTypeOnly) imports.set(el.name.text, { specifier, name: (el.propertyName ?? el.name).text });
    }
    /** Literals defined in another module of the project, by the node that uses them: where they are. */
    const fromModule = new Map<ts.Node, { file: string; line: number; kind: 'string' | 'options'; fallbackEnv?: string; text: string }>();
    /** An imported constant (`AUTH_SECRET`, `config.AUTH_SECRET`, `authOptions.secret`) of the wanted kind, remembered in fromModule. */
    const imported = (u: ts.Expression, kind: 'string' | 'options'): boolean => {
      if (!ts.isIdentifier(u) && !ts.isPropertyAccessExpression(u) && !ts.isCallExpression(u)) return false;
      const known = fromModule.get(u);
      if (known) return known.kind === kind;
      // `require('./config').secret` inline
      let ref = requireRefOfExpr(u);
      if (!ref) {
        const [head, ...rest] = (dottedName(u) ?? '').split('.');
        const imp = head ? imports.get(head) : undefined;
        if (!imp || decls.has(head!)) return false;
        ref = { specifier: imp.specifier, name: imp.name === '*' ? rest.join('.') : [imp.name, ...rest].join('.') };
      }
      const { specifier, name } = ref;
      if (!name) return false;
      const hit = importedLiteral(ctx.index.ts, file.path, specifier, name);
      if (!hit || hit.kind !== kind) return false;
      fromModule.set(u, { ...hit, text: u.getText(sf) });
      return true;
    };
    /** The literal a key expression is made of: "x", TextEncoder().encode("x"), Buffer.from("x"), a const holding one. */
    const keyLiteral = (e: ts.Expression | undefined, depth = 3): ts.Expression | undefined => {
      if (!e || depth < 0) return undefined;
      const u = unwrap(e);
      const lit = literal(u);
      if (lit) return lit;
      if (ts.isCallExpression(u)) {
        const callee = dottedName(u.expression) ?? (ts.isPropertyAccessExpression(u.expression) ? u.expression.name.text : '');
        if (/(^|\.)encode$|^Buffer\.from$|(^|\.)createSecretKey$|^Uint8Array\.from$/.test(callee)) return keyLiteral(u.arguments[0], depth - 1);
      }
      if (imported(u, 'string')) return fromModule.get(u)!.fallbackEnv === undefined ? u : undefined;
      if (ts.isIdentifier(u)) return keyLiteral(decls.get(u.text), depth - 1);
      return undefined;
    };
    /** The literal a key falls back to: `x ?? "lit"`, `x || "lit"`, `c ? x : "lit"` (also inside encode(…) or through a constant). */
    const keyFallback = (e: ts.Expression | undefined, depth = 3): ts.Expression | undefined => {
      if (!e || depth < 0) return undefined;
      const u = unwrap(e);
      if (ts.isBinaryExpression(u) && (u.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || u.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return keyLiteral(u.right) ?? keyFallback(u.right, depth - 1);
      if (ts.isConditionalExpression(u)) return keyLiteral(u.whenFalse) ?? keyLiteral(u.whenTrue) ?? keyFallback(u.whenFalse, depth - 1) ?? keyFallback(u.whenTrue, depth - 1);
      if (ts.isCallExpression(u)) {
        const callee = dottedName(u.expression) ?? (ts.isPropertyAccessExpression(u.expression) ? u.expression.name.text : '');
        if (/(^|\.)encode$|^Buffer\.from$|(^|\.)createSecretKey$|^Uint8Array\.from$/.test(callee)) return keyFallback(u.arguments[0], depth - 1);
      }
      if (imported(u, 'string')) {
        // a fallback of the secret's own variable is reported where it is written
        const env = fromModule.get(u)!.fallbackEnv;
        return env !== undefined && !(env && secretName(env, ctx)) ? u : undefined;
      }
      if (ts.isIdentifier(u)) return keyFallback(decls.get(u.text), depth - 1);
      return undefined;
    };
    /** The `secret` of betterAuth options: an object literal or a constant holding one, through spreads (the last one wins) and shorthand. */
    const optionSecret = (e: ts.Expression | undefined, depth = 3): ts.Expression | undefined => {
      if (!e || depth < 0) return undefined;
      const u = unwrap(e);
      if (imported(u, 'options')) {
        const hit = fromModule.get(u)!;
        fromModule.set(u, { ...hit, kind: 'string' });
        return u;
      }
      if (ts.isIdentifier(u)) return optionSecret(decls.get(u.text), depth - 1);
      if (!ts.isObjectLiteralExpression(u)) return undefined;
      let value: ts.Expression | undefined;
      for (const p of u.properties) {
        if (ts.isPropertyAssignment(p) && propName(p.name) === 'secret') value = p.initializer;
        else if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'secret') value = p.name;
        else if (ts.isSpreadAssignment(p)) value = optionSecret(p.expression, depth - 1) ?? value;
      }
      return value;
    };
    /** ` (\`AUTH_SECRET\`: the literal is at lib/config.ts:1)` for a literal another module defines. */
    const where = (n: ts.Node): string => {
      const m = fromModule.get(n);
      return m ? ` (\`${m.text}\`: the literal is at ${m.file}:${m.line})` : '';
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = dottedName(n.expression) ?? '';
        const method = ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : callee;
        let key: ts.Expression | undefined;
        let what = '';
        if (method === 'sign' && ts.isPropertyAccessExpression(n.expression) && /SignJWT|setProtectedHeader/.test(n.expression.expression.getText(sf))) {
          key = n.arguments[0];
          what = 'signing key of SignJWT.sign';
        } else if (method === 'jwtVerify' || method === 'jwtDecrypt') {
          key = n.arguments[1];
          what = `verification key of ${method}`;
        } else if (/^(jwt|jsonwebtoken|jws)\.(sign|verify)$|^(sign|verify)$/.test(callee) && n.arguments.length >= 2 && (callee.includes('.') || /jsonwebtoken/.test(file.source))) {
          key = n.arguments[1];
          what = `key of ${callee}()`;
        }
        const lit = key && keyLiteral(key);
        const fallback = key && !lit ? keyFallback(key) : undefined;
        if (lit) report(lit, `a string literal is the JWT ${what}${where(lit)}`);
        else if (fallback) report(fallback, `the JWT ${what} falls back to a string literal${where(fallback)}`);
        if (callee === 'betterAuth') {
          const secret = optionSecret(n.arguments[0]);
          const l = keyLiteral(secret);
          const f = secret && !l ? keyFallback(secret) : undefined;
          if (l) report(l, `betterAuth({ secret }) is a string literal${where(l)}`);
          else if (f) report(f, `betterAuth({ secret }) falls back to a string literal${where(f)}`);
        }
      }
      // process.env.BETTER_AUTH_SECRET ?? "x", process.env.BETTER_AUTH_SECRET || "x" (also a constant
      // holding the literal, here or imported: `?? DEV_SECRET`)
      if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        const name = envVarName(n.left);
        const lit = name !== undefined && secretName(name, ctx) ? keyLiteral(n.right) : undefined;
        if (lit) report(lit, `\`${name}\` falls back to a string literal when the variable is unset${where(lit)}`);
      }
      // process.env.BETTER_AUTH_SECRET ? process.env.BETTER_AUTH_SECRET : "x" (either branch, any condition)
      if (ts.isConditionalExpression(n)) {
        for (const [read, other] of [[n.whenTrue, n.whenFalse], [n.whenFalse, n.whenTrue]] as const) {
          const name = envVarName(read);
          const lit = name !== undefined && secretName(name, ctx) ? keyLiteral(other) : undefined;
          if (lit) report(lit, `\`${name}\` falls back to a string literal when the variable is unset${where(lit)}`);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  },
};

export default rule;
