/**
 * `jwt-verification-config`: every `jwt.decode` (PyJWT, python-jose, joserfc, authlib) has an explicit
 * algorithm allow-list that matches the spec and never contains `none`; signature and `exp`
 * verification stay on; issuer and audience are verified when the spec sets them.
 */
import { callArgs, calleeText, descendants, field, named, span, stringValue, unwrap, type Node } from './python/ast.js';
import { bindingOf, enclosingFunction, optionEntries, resolveValue, signatureCheckOff, type OptionEntry } from './python/bindings.js';
import { isJwtDecode, type PyConst, type PyImport } from './python/index.js';
import { isTestOrMigration, pyScope, type PyRuleScope } from './python/support.js';
import type { Rule } from './types.js';

const ASYMMETRIC = /^(RS|PS|ES)\d+$|^EdDSA$|^ES256K$/;

const DISABLED: Record<string, string> = {
  verify_signature: 'with verify_signature False accepts forged tokens',
  verify_exp: 'with verify_exp False accepts expired tokens',
  verify_aud: 'with verify_aud False accepts tokens issued for another audience',
  verify_iss: 'with verify_iss False accepts tokens from another issuer',
};

/** Reports the `verify_*: False` entries of an options value (inline, a variable, `dict(...)`). */
function checkOptions(root: Node, options: Node | undefined, at: Node, what: string, report: (message: string, node?: Node) => void, imported?: (text: string) => { file: string; c: PyConst } | undefined): void {
  const entries = optionEntries(root, options, at);
  for (const [key, e] of entries ?? []) {
    const message = DISABLED[key];
    if (message && unwrap(e.value).type === 'false') report(`${what} ${message}`, e.node);
  }
  // a dict defined in another module or a settings class (`options=DECODE_OPTIONS`, `settings.JWT_OPTIONS`)
  const u = options ? unwrap(options) : undefined;
  if (entries || !u || !imported || (u.type !== 'identifier' && u.type !== 'attribute')) return;
  const found = imported(u.text);
  if (found?.c.kind !== 'flags') return;
  for (const key of found.c.off) if (DISABLED[key]) report(`${what} ${DISABLED[key]} (options ${u.text}, set in ${found.file}:${found.c.line})`, options);
}

/**
 * An unverified decode that only peeks: a later decode in the same function, of the same token,
 * verifies the signature. Its claims pick the key or the issuer; the verified decode is what is judged.
 */
function isPeek(call: Node, imports: PyImport[]): boolean {
  // `verify=False` alone is no peek: PyJWT 2 ignores it (the decode then needs a key and algorithms)
  if (signatureCheckOff(call) !== 'options') return false;
  const token = callArgs(call).positional[0]?.text;
  const fn = enclosingFunction(call);
  if (!token || !fn) return false;
  return descendants(fn, 'call').some(
    (c) => c.startIndex > call.endIndex && isJwtDecode(calleeText(c) ?? '', imports) && callArgs(c).positional[0]?.text === token && signatureCheckOff(c) === null,
  );
}

/** `jwt.PyJWT` as the callee resolves through the imports (`PyJWT`, `jwt.PyJWT`, `jwt.api_jwt.PyJWT`, aliases). */
function isPyJwtClass(callee: string, imports: PyImport[]): boolean {
  return /^jwt(\.api_jwt)?\.PyJWT$/.test(importedPath(callee, imports) ?? '');
}

/** The full dotted path of a callee through the file's imports (`jwt.decode` of `import jwt as j; j.decode`), or null. */
function importedPath(callee: string, imports: PyImport[]): string | null {
  const parts = callee.split('.');
  const imp = imports.find((i) => i.local === parts[0]);
  if (!imp) return null;
  // `import a.b` binds `a`: the callee is already the full path
  if (!imp.name && imp.module.startsWith(`${imp.local}.`)) return callee;
  return [imp.name ? `${imp.module}.${imp.name}` : imp.module, ...parts.slice(1)].join('.');
}

/** `JsonWebToken` of authlib as the callee resolves through the imports (`authlib.jose.JsonWebToken`, `jose.JsonWebToken`, aliases). */
function isJsonWebTokenClass(callee: string, imports: PyImport[]): boolean {
  return /^authlib\.jose(\.rfc7519)?\.JsonWebToken$/.test(importedPath(callee, imports) ?? '');
}

/**
 * An authlib decode, `X.decode(...)`: on an instance (`X = JsonWebToken([...])`, its allow-list
 * checked where it is built) or on authlib's default `jwt` object, which has no allow-list.
 */
function authlibDecode(root: Node, call: Node, callee: string, imports: PyImport[]): 'instance' | 'default' | null {
  if (!callee.endsWith('.decode')) return null;
  const object = callee.slice(0, -'.decode'.length);
  if (!object.includes('.')) {
    const b = bindingOf(root, object, call);
    if (b) {
      const value = b.value.type === 'call' ? b.value : null;
      return value && isJsonWebTokenClass(calleeText(value) ?? '', imports) ? 'instance' : null;
    }
  }
  return importedPath(object, imports) === 'authlib.jose.jwt' ? 'default' : null;
}

/** Is authlib's claims object, the result of `call`, validated (`claims.validate()`, `.validate_exp(...)`, or handed to a validating helper)? */
function claimsValidated(root: Node, call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'attribute') return /^validate/.test(field(parent, 'attribute')?.text ?? '');
  if (parent?.type !== 'assignment' || field(parent, 'left')?.type !== 'identifier') return true; // returned or passed on: the caller may validate
  const name = field(parent, 'left')!.text;
  const scope = enclosingFunction(call) ?? root;
  return descendants(scope, 'call').some((c) => {
    if (c.startIndex < call.endIndex) return false;
    const callee = calleeText(c) ?? '';
    if (callee.startsWith(`${name}.validate`)) return true;
    return /valid|verif|check/i.test(callee) && callArgs(c).positional.some((a) => a.type === 'identifier' && a.text === name);
  });
}

/** An authlib decode: the default object's missing allow-list, unvalidated claims, issuer and audience without a value. */
function checkAuthlibDecode(
  root: Node,
  call: Node,
  callee: string,
  kind: 'instance' | 'default',
  v: { algorithms: readonly string[]; issuer?: string | undefined; audience?: string | undefined },
  report: (message: string, node?: Node) => void,
): void {
  if (kind === 'default')
    report(`${callee}() uses authlib's default jwt object, which has no algorithm allow-list: decode with JsonWebToken([${v.algorithms.map((a) => `"${a}"`).join(', ')}])`);
  if (!claimsValidated(root, call)) report(`${callee}() returns claims that are never validated: call claims.validate(), or exp (and every claims_options check) is not checked`);
  const { keywords } = callArgs(call);
  if (keywords.has('claims_cls')) return; // a claims class of its own may check them
  const claimsOptions = keywords.get('claims_options');
  const entries = claimsOptions ? optionEntries(root, claimsOptions, call) : new Map<string, OptionEntry>();
  if (!entries) return; // not readable: trust it
  for (const [claim, set, what, key] of [
    ['iss', v.issuer, 'issuer', 'verification.issuer'],
    ['aud', v.audience, 'audience', 'verification.audience'],
  ] as const) {
    if (!set) continue;
    const entry = entries.get(claim);
    const hint = `claims_options={"${claim}": {"essential": True, "value": ...}} (the spec sets ${key})`;
    if (!entry) {
      report(`${callee}() does not check the ${what}: pass ${hint}`);
      continue;
    }
    const inner = optionEntries(root, entry.value, call);
    if (inner && !inner.has('value') && !inner.has('values'))
      report(`${callee}() with claims_options["${claim}"] without a value or values does not check the ${what}: pass ${hint}`, entry.node);
  }
}

/** joserfc's `jwt.decode` as the callee resolves through the imports (`from joserfc import jwt`, `from joserfc.jwt import decode`, aliases). */
function isJoserfcDecode(callee: string, imports: PyImport[]): boolean {
  return importedPath(callee, imports) === 'joserfc.jwt.decode';
}

const VALIDATES = /valid|verif|check/i;

/** A `.validate(...)` call (`registry.validate(...)`, `JWTClaimsRegistry(...).validate(...)`). */
function isValidateCall(c: Node): boolean {
  const f = field(c, 'function');
  return f?.type === 'attribute' && field(f, 'attribute')?.text === 'validate';
}

/** A project function that validates claims (it calls `.validate(...)`), or one whose name says it validates. */
function validatingHelper(c: Node, scope: PyRuleScope, path: string): boolean {
  const callee = calleeText(c) ?? '';
  if (VALIDATES.test(callee)) return true;
  const target = callee ? scope.project.resolveFunction(path, callee) : undefined;
  return !!target?.fn.calls.some((k) => k.callee.endsWith('.validate'));
}

/** Does a caller of the function (or of its callers, up to three levels up) validate claims (call `.validate(...)`)? */
function callerValidates(scope: PyRuleScope, fn: Node): boolean {
  const ref = scope.functions.find((f) => f.node.startIndex === fn.startIndex)?.ref;
  return ref ? refCallerValidates(scope, ref.id, 0, new Set()) : true; // not indexed: trust it
}

function refCallerValidates(scope: PyRuleScope, id: string, depth: number, seen: Set<string>): boolean {
  if (depth > 2 || seen.has(id)) return false;
  seen.add(id);
  return (scope.project.callSites.get(id) ?? []).some(
    ({ caller }) => caller.fn.calls.some((k) => k.callee.endsWith('.validate')) || refCallerValidates(scope, caller.id, depth + 1, seen),
  );
}

/** Does the expression mention one of the names (`token.claims` mentions `token`)? */
function mentions(n: Node, names: ReadonlySet<string>): boolean {
  // descendants() leaves out the node itself
  return (n.type === 'identifier' && names.has(n.text)) || descendants(n, 'identifier').some((i) => names.has(i.text));
}

/** Does the value carry the whole token or claims: one of the names, its `.claims`, or a copy (`dict(claims)`, `Claims(**token.claims)`)? */
function carries(n: Node, names: ReadonlySet<string>): boolean {
  const u = unwrap(n);
  if (u.type === 'identifier') return names.has(u.text);
  if (u.type === 'attribute') return field(u, 'attribute')?.text === 'claims' && carries(field(u, 'object')!, names);
  if (u.type === 'dictionary_splat' || u.type === 'list_splat') return named(u).some((a) => carries(a, names));
  if (u.type !== 'call') return false;
  const args = field(u, 'arguments');
  return !!args && named(args).some((a) => carries(a.type === 'keyword_argument' ? field(a, 'value')! : a, names));
}

/**
 * Where the claims of a joserfc decode are validated: the `.validate(...)` call that checks them in
 * the same function (`registry.validate(token.claims)`, also through `claims = token.claims`),
 * 'elsewhere' when they are handed on (to a validating helper, or returned to a caller that
 * validates), or null when nothing validates them (joserfc's decode checks only the signature).
 */
function joserfcValidation(root: Node, call: Node, scope: PyRuleScope, path: string): Node | 'elsewhere' | null {
  const fn = enclosingFunction(call);
  // up through `.claims`, parentheses, splats and wrapping calls (`dict(token.claims)`) to where the value lands
  let expr = call;
  for (;;) {
    const p = expr.parent;
    if (p?.type === 'attribute' && expr === call && field(p, 'attribute')?.text === 'claims') expr = p;
    else if (p?.type === 'parenthesized_expression' || p?.type === 'dictionary_splat' || p?.type === 'list_splat') expr = p;
    else if (p?.type === 'argument_list' && p.parent?.type === 'call') {
      const c = p.parent;
      if (isValidateCall(c)) return c;
      if (validatingHelper(c, scope, path)) return 'elsewhere';
      expr = c;
    } else break;
  }
  const parent = expr.parent;
  if (parent?.type === 'return_statement') return !fn || callerValidates(scope, fn) ? 'elsewhere' : null;
  if (parent?.type !== 'assignment' || field(parent, 'left')?.type !== 'identifier') return null;
  // the token (or its claims) in a variable: follow it, and `claims = token.claims`, to what reads it
  const names = new Set([field(parent, 'left')!.text]);
  const body = fn ?? root;
  for (const n of descendants(body, ['assignment', 'call', 'return_statement'])) {
    if (n.startIndex < parent.endIndex) continue;
    if (n.type === 'assignment') {
      const right = field(n, 'right');
      const left = field(n, 'left');
      if (right && left?.type === 'identifier' && carries(right, names)) names.add(left.text);
    } else if (n.type === 'call') {
      const args = field(n, 'arguments');
      if (!args || !named(args).some((a) => mentions(a, names))) continue;
      if (isValidateCall(n)) return n;
      if (validatingHelper(n, scope, path)) return 'elsewhere';
    } else {
      // `return token` / `return claims` / `return token.claims`: the caller gets them whole
      const value = named(n)[0];
      if (value && carries(value, names) && (!fn || callerValidates(scope, fn))) return 'elsewhere';
    }
  }
  return null;
}

/** `JWTClaimsRegistry` of joserfc (or its base classes) as the callee resolves through the imports. */
function isClaimsRegistryClass(callee: string, imports: PyImport[]): boolean {
  return /^joserfc\.jwt\.(JWT|Base)?ClaimsRegistry$/.test(importedPath(callee, imports) ?? '');
}

/** joserfc: the allow-list (`algorithms=`, or a `JWSRegistry(algorithms=[...])` passed as `registry=`), claims validated, issuer and audience with a value. */
function checkJoserfcDecode(
  root: Node,
  call: Node,
  callee: string,
  scope: PyRuleScope,
  path: string,
  v: { algorithms: readonly string[]; issuer?: string | undefined; audience?: string | undefined },
  hasSplat: boolean,
  judgeList: (algNode: Node, from: Node) => void,
  report: (message: string, node?: Node) => void,
): void {
  const { positional, keywords } = callArgs(call);
  // decode(value, key, algorithms=None, registry=None): without a list joserfc accepts its recommended algorithms (never `none`)
  const algNode = keywords.get('algorithms') ?? positional[2];
  let list: { node: Node; from: Node } | 'unread' | null = null;
  if (algNode && resolveValue(root, algNode, call)?.type !== 'none') list = { node: algNode, from: call };
  else {
    const registry = resolveValue(root, keywords.get('registry') ?? positional[3], call);
    if (registry?.type === 'call') {
      // `JWSRegistry(header_registry=None, algorithms=None, ...)`
      const n = callArgs(registry).keywords.get('algorithms') ?? callArgs(registry).positional[1];
      if (n && resolveValue(root, n, registry)?.type !== 'none') list = { node: n, from: registry };
    } else if (registry && registry.type !== 'none') list = 'unread'; // a registry that cannot be read is trusted
  }
  if (list === null) {
    if (algNode || !hasSplat)
      report(`${callee}() has no explicit algorithms= allow-list: joserfc then accepts any of its recommended algorithms, not only the spec's: pass algorithms=[${v.algorithms.map((a) => `"${a}"`).join(', ')}]`, algNode);
  } else if (list !== 'unread') judgeList(list.node, list.from);
  checkJoserfcClaims(root, call, callee, scope, path, v, report);
}

/** joserfc: the decoded claims validated by a JWTClaimsRegistry whose `iss` / `aud` have a value when the spec sets them. */
function checkJoserfcClaims(
  root: Node,
  call: Node,
  callee: string,
  scope: PyRuleScope,
  path: string,
  v: { issuer?: string | undefined; audience?: string | undefined },
  report: (message: string, node?: Node) => void,
): void {
  const wanted = [
    ['iss', v.issuer, 'issuer', 'verification.issuer'],
    ['aud', v.audience, 'audience', 'verification.audience'],
  ] as const;
  const entries = wanted.filter(([, set]) => set).map(([claim]) => `, ${claim}={"essential": True, "value": ...}`).join('');
  const validation = joserfcValidation(root, call, scope, path);
  if (validation === null) {
    report(`${callee}() checks only the signature and its claims are never validated, so exp is not checked: call JWTClaimsRegistry(exp={"essential": True}${entries}).validate(token.claims)`);
    return;
  }
  if (validation === 'elsewhere') return;
  // the registry the claims are validated with: built inline, or a name assigned `JWTClaimsRegistry(...)`
  const object = field(field(validation, 'function')!, 'object');
  const registry = object?.type === 'call' ? object : resolveValue(root, object ?? undefined, validation);
  if (registry?.type !== 'call' || !isClaimsRegistryClass(calleeText(registry) ?? '', scope.facts.imports)) return; // a subclass may check them itself
  const args = field(registry, 'arguments');
  if (args && named(args).some((a) => a.type === 'dictionary_splat')) return;
  const { keywords } = callArgs(registry);
  for (const [claim, set, what, key] of wanted) {
    if (!set) continue;
    const option = keywords.get(claim);
    const hint = `${claim}={"essential": True, "value": ...} (the spec sets ${key})`;
    if (!option) {
      report(`${callee}() validates its claims with a JWTClaimsRegistry that does not check the ${what}: give it ${hint}`);
      continue;
    }
    const inner = optionEntries(root, option, registry);
    if (inner && !inner.has('value') && !inner.has('values'))
      report(`${callee}() validates its claims with a JWTClaimsRegistry whose ${claim} has no value or values, so the ${what} is not checked: give it ${hint}`);
  }
}

/** The checks of an algorithm allow-list (`algNode` as written, `algs` its resolved value). */
function checkAllowList(
  callee: string,
  algNode: Node,
  algs: Node | undefined,
  report: (message: string, node?: Node) => void,
  specFound: boolean,
  specAlgorithms: readonly string[],
  /** The value of a constant named in the list (`[ALGORITHM]`, `[security.ALGORITHM]`), when another module defines it. */
  constantValue: (text: string) => string | null = () => null,
): void {
  if (algs && algs.type === 'none') {
    report(`${callee}() with algorithms=None accepts any algorithm the token names`, algNode);
  } else if (algs && (algs.type === 'list' || algs.type === 'tuple' || algs.type === 'set' || algs.type === 'string')) {
    const elements = algs.type === 'string' ? [algs] : named(algs);
    const literal: string[] = [];
    for (const el of elements) {
      const s = stringValue(el) ?? (el.type === 'identifier' || el.type === 'attribute' ? constantValue(el.text) : null);
      if (s === null) {
        if (/header|unverified/i.test(el.text)) report(`${callee}() takes its algorithm from the token header (${el.text}): pin the allowed algorithms`, el);
        continue;
      }
      literal.push(s);
    }
    checkAlgorithmValues(callee, algNode, literal, report, specFound, specAlgorithms);
  }
}

/** The allow-list's algorithm names (literals, or a constant imported from another module) against `none`, the spec and mixing. */
function checkAlgorithmValues(
  callee: string,
  algNode: Node,
  literal: readonly string[],
  report: (message: string, node?: Node) => void,
  specFound: boolean,
  specAlgorithms: readonly string[],
): void {
  {
    if (literal.some((a) => a.toLowerCase() === 'none')) report(`${callee}() allows the "none" algorithm: unsigned tokens would be accepted`, algNode);
    const real = literal.filter((a) => a.toLowerCase() !== 'none');
    if (specFound) {
      const extra = real.filter((a) => !specAlgorithms.includes(a));
      if (extra.length) report(`${callee}() allows ${extra.join(', ')}, but the spec allows only ${specAlgorithms.join(', ')}`, algNode);
    } else if (real.some((a) => /^HS\d+$/.test(a)) && real.some((a) => ASYMMETRIC.test(a))) {
      report(`${callee}() mixes HMAC and public-key algorithms (${real.join(', ')}): algorithm confusion`, algNode);
    }
  }
}

export const rule: Rule = {
  meta: {
    id: 'jwt-verification-config',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'jwt.decode must pin the algorithms, keep signature and expiry checks on, and check issuer and audience.',
    languages: ['python'],
    docs: {
      checks:
        "Looks at every JWT decode call (`jwt.decode` / `decode_complete` from PyJWT, python-jose's `jose.jwt.decode`, joserfc's `jwt.decode`, under any import alias). It reports: no `algorithms=` allow-list (or `None`; the list and `options` may also be passed positionally, `decode(token, key, algorithms, options)`); an allow-list containing `none`; an allow-list with algorithms the spec does not allow (`verification.algorithms`, checked when a spec file exists; without one, mixing HMAC and public-key algorithms is reported); `options` that turn off `verify_signature`, `verify_exp`, `verify_aud` or `verify_iss` (a dict literal, `dict(verify_exp=False)`, `{**BASE, ...}`, or a variable holding one, with `opts[\"verify_exp\"] = False` item assignments made before the call; also a dict defined in another module or as a settings class attribute: `options=DECODE_OPTIONS`, `options=settings.JWT_OPTIONS`), the same in a `PyJWT(options=...)` instance's defaults, or `verify=False`; and a missing (or `None`) `issuer=` or `audience=` argument when the spec sets `verification.issuer` or `verification.audience`. An unverified decode that only peeks (at `iss` or `kid`, to pick the key) and is followed in the same function by a verified decode of the same token is not judged; the verified decode is. Module-level constants (`ALGORITHMS = [\"EdDSA\"]`), also imported from another module of the project (`from app.security import ALGORITHMS`, `[security.ALGORITHM]`), and local variables assigned before the call are followed. With authlib (`authlib.jose`), the allow-list is the one given to `JsonWebToken([...])` (checked where it is built, as above); it reports a decode on authlib's default `jwt` object (no allow-list), decoded claims never validated (`claims = jwt.decode(token, key)` with no later `claims.validate()`: `exp` is not checked), and, when the spec sets them, `claims_options` without an `iss` / `aud` entry that has a `value` or `values` (`{\"essential\": True}` alone checks only that the claim is present). With joserfc (`from joserfc import jwt`), whose `jwt.decode` checks only the signature: no allow-list (`algorithms=` or a `registry=JWSRegistry(algorithms=[...])`; without one joserfc accepts any of its recommended algorithms, never `none`, which is still not the spec's list), an allow-list as above, and decoded claims that no `JWTClaimsRegistry` validates (`exp` is then not checked). The claims count as validated when `.validate(...)` is called on them in the same function (`registry.validate(token.claims)`, also through `claims = token.claims` or a copy), when they are passed to a helper that validates (its name says so, or it calls `.validate(...)`), or when the function returns the token or its claims whole and a caller (up to three levels up) calls `.validate(...)`; a dependency that returns them to FastAPI is reported. When the spec sets them, the registry (built in the `.validate(...)` call, or a name assigned `JWTClaimsRegistry(...)`) must give `iss` / `aud` a `value` or `values`; a registry held elsewhere (`self.registry`, another module) or a subclass is trusted.",
      why: "An allow-list taken from the token, or one that contains `none` or mixes HS256 with public-key algorithms, lets an attacker choose how their forged token is checked (the classic algorithm confusion: sign with the public key as an HMAC secret). Turning off signature or expiry checks accepts any or stale tokens; skipping issuer and audience accepts tokens minted for another application by the same identity provider.",
      incorrect: [
        { lang: 'python', code: 'payload = jwt.decode(token, key, algorithms=["HS256", "none"])' },
        { lang: 'python', code: 'payload = jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_aud": False})' },
        { lang: 'python', code: 'from authlib.jose import jwt\n\nclaims = jwt.decode(token, key)  # any algorithm, and exp never checked without claims.validate()' },
        { lang: 'python', code: 'from joserfc import jwt\n\ntoken = jwt.decode(value, key, algorithms=["EdDSA"])\nreturn token.claims  # only the signature checked: exp, iss and aud never validated' },
      ],
      correct: [
        {
          lang: 'python',
          code: 'payload = jwt.decode(\n    token, signing_key.key, algorithms=["EdDSA"],\n    issuer=BETTER_AUTH_URL, audience=BETTER_AUTH_URL,\n    options={"require": ["exp", "iat", "sub", "iss", "aud"]},\n)',
        },
        {
          lang: 'python',
          code: 'jwt = JsonWebToken(["EdDSA"])  # authlib\nclaims = jwt.decode(token, key, claims_options={\n    "iss": {"essential": True, "value": BETTER_AUTH_URL},\n    "aud": {"essential": True, "value": BETTER_AUTH_URL},\n})\nclaims.validate()',
        },
        {
          lang: 'python',
          code: 'from joserfc import jwt\n\ntoken = jwt.decode(value, key_set, algorithms=["EdDSA"])\njwt.JWTClaimsRegistry(\n    exp={"essential": True},\n    iss={"essential": True, "value": BETTER_AUTH_URL},\n    aud={"essential": True, "value": BETTER_AUTH_URL},\n).validate(token.claims)',
        },
      ],
      fix: "Pass `algorithms=[...]` with exactly the spec's algorithms (EdDSA for Better Auth's JWKS by default, HS256 for a shared secret), pass `issuer=` and `audience=` when the spec sets them, and remove every `verify_*: False` option. With authlib, decode with `JsonWebToken([...])` holding the spec's algorithms, give `iss` and `aud` a `value` in `claims_options`, and call `claims.validate()`. With joserfc, pass `algorithms=[...]` and validate `token.claims` with `JWTClaimsRegistry(exp={\"essential\": True}, iss={\"essential\": True, \"value\": ...}, aud={...})`.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    if (!file.source.includes('decode') && !file.source.includes('PyJWT') && !file.source.includes('JsonWebToken')) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const root = file.tree.rootNode;
    const v = ctx.spec.verification;
    const authlib = file.source.includes('authlib');
    for (const call of root.descendantsOfType('call')) {
      if (!call) continue;
      const callee = calleeText(call);
      if (!callee) continue;
      if (isPyJwtClass(callee, scope.facts.imports)) {
        // `PyJWT(options={...})`: the instance's defaults for every decode it makes
        const { positional, keywords } = callArgs(call);
        checkOptions(root, keywords.get('options') ?? positional[0], call, `${callee}()`, (message, node) => ctx.report({ message, ...span(node ?? call) }));
        continue;
      }
      if (authlib && isJsonWebTokenClass(callee, scope.facts.imports)) {
        // authlib: `JsonWebToken(["EdDSA"])` holds the allow-list its decodes use
        const { positional, keywords } = callArgs(call);
        const algNode = positional[0] ?? keywords.get('algorithms');
        const report = (message: string, node?: Node): void => ctx.report({ message, ...span(node ?? call) });
        if (!algNode) report(`${callee}() has no algorithm allow-list: pass JsonWebToken([${v.algorithms.map((a) => `"${a}"`).join(', ')}])`);
        else checkAllowList(callee, algNode, resolveValue(root, algNode, call), report, ctx.specFound, v.algorithms);
        continue;
      }
      const kind = authlib ? authlibDecode(root, call, callee, scope.facts.imports) : null;
      if (kind) {
        checkAuthlibDecode(root, call, callee, kind, v, (message, node) => ctx.report({ message, ...span(node ?? call) }));
        continue;
      }
      if (!isJwtDecode(callee, scope.facts.imports)) continue;
      const { keywords } = callArgs(call);
      if (callArgs(call).positional.length === 0 && keywords.size === 0) continue;
      // an unverified peek (at `iss` or `kid`, to pick the key) followed by a verified decode of the same token
      if (isPeek(call, scope.facts.imports)) continue;
      const at = span(call);
      const report = (message: string, node?: Node): void => ctx.report({ message, ...(node ? span(node) : at) });
      const hasSplat = (field(call, 'arguments') ? named(field(call, 'arguments')!) : []).some((a) => a.type === 'dictionary_splat');
      /** An allow-list as written (`algNode`, read where `from` is), also a constant of another module (`from app.config import ALGORITHMS`, `settings.JWT_ALGORITHMS`). */
      const judgeList = (algNode: Node, from: Node): void => {
        const algs = resolveValue(root, algNode, from);
        const imported = algs && (algs.type === 'identifier' || algs.type === 'attribute') ? scope.project.constantAt(file.path, algs.text) : undefined;
        if (imported?.c.kind === 'strs') checkAlgorithmValues(callee, algNode, imported.c.values, report, ctx.specFound, v.algorithms);
        else if (imported?.c.kind === 'str' && imported.c.value !== undefined) checkAlgorithmValues(callee, algNode, [imported.c.value], report, ctx.specFound, v.algorithms);
        else checkAllowList(callee, algNode, algs, report, ctx.specFound, v.algorithms, (text) => {
          const c = scope.project.constantAt(file.path, text)?.c;
          return c?.kind === 'str' ? (c.value ?? null) : null;
        });
      };
      if (isJoserfcDecode(callee, scope.facts.imports)) {
        // joserfc: no options, issuer= or audience=; a JWTClaimsRegistry checks the claims apart
        checkJoserfcDecode(root, call, callee, scope, file.path, v, hasSplat, judgeList, report);
        continue;
      }
      // algorithms: PyJWT's and python-jose's decode(token, key, algorithms, options, …) take them positionally too
      const { positional } = callArgs(call);
      const algNode = keywords.get('algorithms') ?? keywords.get('algorithm') ?? positional[2];
      if (!algNode) {
        if (!hasSplat) report(`${callee}() has no explicit algorithms= allow-list: pass algorithms=[${v.algorithms.map((a) => `"${a}"`).join(', ')}]`);
      } else judgeList(algNode, call);
      // disabled verification
      const verify = keywords.get('verify');
      if (verify && unwrap(verify).type === 'false') report(`${callee}(verify=False) skips the signature check`, verify);
      checkOptions(root, keywords.get('options') ?? positional[3], call, `${callee}()`, report, (text) => {
        const k = scope.project.constantAt(file.path, text);
        return k ? { file: k.file.path, c: k.c } : undefined;
      });
      if (hasSplat) continue;
      // `issuer=None` / `audience=None` (also through a constant) checks nothing, as a missing argument
      for (const [kw, set, what, key] of [
        ['issuer', v.issuer, 'issuer', 'verification.issuer'],
        ['audience', v.audience, 'audience', 'verification.audience'],
      ] as const) {
        if (!set) continue;
        const arg = keywords.get(kw);
        if (!arg) report(`${callee}() does not check the ${what}: pass ${kw}= (the spec sets ${key})`);
        else if (resolveValue(root, arg, call)?.type === 'none') report(`${callee}() with ${kw}=None does not check the ${what}: pass ${kw}= (the spec sets ${key})`, arg);
      }
    }
  },
};

export default rule;
