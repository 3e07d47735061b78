/**
 * `jwt-verification-config`: every `jwt.decode` (PyJWT, python-jose, joserfc) has an explicit
 * algorithm allow-list that matches the spec and never contains `none`; signature and `exp`
 * verification stay on; issuer and audience are verified when the spec sets them.
 */
import { callArgs, calleeText, field, moduleConstant, named, span, stringValue, unwrap, type Node } from './python/ast.js';
import { isJwtDecode } from './python/index.js';
import { isTestOrMigration, pyScope } from './python/support.js';
import type { Rule } from './types.js';

const ASYMMETRIC = /^(RS|PS|ES)\d+$|^EdDSA$|^ES256K$/;

function resolveValue(root: Node, n: Node | undefined): Node | undefined {
  if (!n) return undefined;
  const u = unwrap(n);
  if (u.type === 'identifier') return moduleConstant(root, u.text) ?? u;
  return u;
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
        "Looks at every JWT decode call (`jwt.decode` / `decode_complete` from PyJWT, python-jose's `jose.jwt.decode`, joserfc's `jwt.decode`, under any import alias). It reports: no `algorithms=` allow-list (or `None`); an allow-list containing `none`; an allow-list with algorithms the spec does not allow (`verification.algorithms`, checked when a spec file exists; without one, mixing HMAC and public-key algorithms is reported); `options` that turn off `verify_signature`, `verify_exp`, `verify_aud` or `verify_iss`, or `verify=False`; and a missing (or `None`) `issuer=` or `audience=` argument when the spec sets `verification.issuer` or `verification.audience`. Module-level constants (`ALGORITHMS = [\"EdDSA\"]`) are followed.",
      why: "An allow-list taken from the token, or one that contains `none` or mixes HS256 with public-key algorithms, lets an attacker choose how their forged token is checked (the classic algorithm confusion: sign with the public key as an HMAC secret). Turning off signature or expiry checks accepts any or stale tokens; skipping issuer and audience accepts tokens minted for another application by the same identity provider.",
      incorrect: [
        { lang: 'python', code: 'payload = jwt.decode(token, key, algorithms=["HS256", "none"])' },
        { lang: 'python', code: 'payload = jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_aud": False})' },
      ],
      correct: [
        {
          lang: 'python',
          code: 'payload = jwt.decode(\n    token, signing_key.key, algorithms=["EdDSA"],\n    issuer=BETTER_AUTH_URL, audience=BETTER_AUTH_URL,\n    options={"require": ["exp", "iat", "sub", "iss", "aud"]},\n)',
        },
      ],
      fix: "Pass `algorithms=[...]` with exactly the spec's algorithms (EdDSA for Better Auth's JWKS by default, HS256 for a shared secret), pass `issuer=` and `audience=` when the spec sets them, and remove every `verify_*: False` option.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    if (!file.source.includes('decode')) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const root = file.tree.rootNode;
    const v = ctx.spec.verification;
    for (const call of root.descendantsOfType('call')) {
      if (!call) continue;
      const callee = calleeText(call);
      if (!callee || !isJwtDecode(callee, scope.facts.imports)) continue;
      const { keywords } = callArgs(call);
      if (callArgs(call).positional.length === 0 && keywords.size === 0) continue;
      const at = span(call);
      const report = (message: string, node?: Node): void => ctx.report({ message, ...(node ? span(node) : at) });
      const hasSplat = (field(call, 'arguments') ? named(field(call, 'arguments')!) : []).some((a) => a.type === 'dictionary_splat');
      // algorithms
      const algNode = keywords.get('algorithms') ?? keywords.get('algorithm');
      const algs = resolveValue(root, algNode);
      if (!algNode) {
        if (!hasSplat) report(`${callee}() has no explicit algorithms= allow-list: pass algorithms=[${v.algorithms.map((a) => `"${a}"`).join(', ')}]`);
      } else if (algs && algs.type === 'none') {
        report(`${callee}() with algorithms=None accepts any algorithm the token names`, algNode);
      } else if (algs && (algs.type === 'list' || algs.type === 'tuple' || algs.type === 'set' || algs.type === 'string')) {
        const elements = algs.type === 'string' ? [algs] : named(algs);
        const literal: string[] = [];
        for (const el of elements) {
          const s = stringValue(el);
          if (s === null) {
            if (/header|unverified/i.test(el.text)) report(`${callee}() takes its algorithm from the token header (${el.text}): pin the allowed algorithms`, el);
            continue;
          }
          literal.push(s);
        }
        if (literal.some((a) => a.toLowerCase() === 'none')) report(`${callee}() allows the "none" algorithm: unsigned tokens would be accepted`, algNode);
        const real = literal.filter((a) => a.toLowerCase() !== 'none');
        if (ctx.specFound) {
          const extra = real.filter((a) => !v.algorithms.includes(a));
          if (extra.length) report(`${callee}() allows ${extra.join(', ')}, but the spec allows only ${v.algorithms.join(', ')}`, algNode);
        } else if (real.some((a) => /^HS\d+$/.test(a)) && real.some((a) => ASYMMETRIC.test(a))) {
          report(`${callee}() mixes HMAC and public-key algorithms (${real.join(', ')}): algorithm confusion`, algNode);
        }
      }
      // disabled verification
      const verify = keywords.get('verify');
      if (verify && unwrap(verify).type === 'false') report(`${callee}(verify=False) skips the signature check`, verify);
      const options = resolveValue(root, keywords.get('options'));
      if (options?.type === 'dictionary') {
        for (const pair of named(options)) {
          if (pair.type !== 'pair') continue;
          const key = stringValue(field(pair, 'key'));
          const value = field(pair, 'value');
          if (!key || !value || unwrap(value).type !== 'false') continue;
          if (key === 'verify_signature') report(`${callee}() with verify_signature False accepts forged tokens`, pair);
          else if (key === 'verify_exp') report(`${callee}() with verify_exp False accepts expired tokens`, pair);
          else if (key === 'verify_aud') report(`${callee}() with verify_aud False accepts tokens issued for another audience`, pair);
          else if (key === 'verify_iss') report(`${callee}() with verify_iss False accepts tokens from another issuer`, pair);
        }
      }
      if (hasSplat || file.source.includes('JWTClaimsRegistry')) continue;
      // `issuer=None` / `audience=None` (also through a constant) checks nothing, as a missing argument
      for (const [kw, set, what, key] of [
        ['issuer', v.issuer, 'issuer', 'verification.issuer'],
        ['audience', v.audience, 'audience', 'verification.audience'],
      ] as const) {
        if (!set) continue;
        const arg = keywords.get(kw);
        if (!arg) report(`${callee}() does not check the ${what}: pass ${kw}= (the spec sets ${key})`);
        else if (resolveValue(root, arg)?.type === 'none') report(`${callee}() with ${kw}=None does not check the ${what}: pass ${kw}= (the spec sets ${key})`, arg);
      }
    }
  },
};

export default rule;
