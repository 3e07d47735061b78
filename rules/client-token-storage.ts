/**
 * `client-token-storage`: the auth token written to or read from `localStorage`, `sessionStorage`
 * or `document.cookie` (or js-cookie) by hand.
 *
 * A storage access counts when its key names a token, or the value written is one. Keys are judged
 * by their words (camelCase, snake_case, kebab-case and dots split): `token`, `jwt`, `bearer`,
 * `credentials` (`authToken`, `access_token`, `user-jwt`, `authtoken`), or a key that is only auth
 * state (`auth`, `session`, `authState`, `session_id`); not a word that merely contains one
 * (`tokenizer`, `author`, `accessibility`) and not a token of another kind or a fact about one
 * (`themeToken`, `designTokens`, `csrf_token`, `push_token`, `token_seen`, `tokenExpiry`). A key held
 * in a constant (`const KEY = "auth_token"`, `KEYS.token`) is resolved; one that cannot be is judged
 * by the name of its variable (`TOKEN_KEY`). A value written is a token when its text (with the
 * local constants it names) mentions a token word or `authClient.token()`, `getToken`,
 * `set-auth-jwt`; a constant (`"1"`, `"true"`, `String(true)`) is a flag, never a token, and a key
 * only ever written with constants in the file is not reported where it is read back. For
 * `document.cookie`, the cookie name (or, when it is built elsewhere, the cookie text or the
 * statement that parses it) must name a token.
 */
import { ts } from './ts/compiler.js';
import { dottedName, partsOf, posOf, propName, unwrap, wordsOf } from './ts/analysis.js';
import { analysisOf } from './ts/context.js';
import type { Rule } from './types.js';

const STORAGE = /^(?:window\.|globalThis\.|self\.)?(localStorage|sessionStorage)$/;
const STORAGE_MEMBERS = ['setItem', 'getItem', 'removeItem', 'clear', 'key', 'length'];

/** Words that name a token. */
const TOKEN_WORDS = new Set(['token', 'tokens', 'jwt', 'jwts', 'bearer']);
/** Words that name credentials in a key (not in a value: `credentials: "include"` is a fetch option). */
const CREDENTIAL_WORDS = new Set(['credential', 'credentials', 'creds']);
/** A token word run together with an auth word: `authtoken`, `accesstoken`, `idtoken`, `authjwt`. */
const FUSED_TOKEN = /^(?:access|auth|refresh|id|session|bearer|api|user|login)(?:tokens?|jwt)$/;
/** Words that make a key something other than the auth token: design, push, CSRF and paging tokens, expiry times, UI flags. */
const NOT_AUTH_WORDS = new Set([
  'theme', 'design', 'color', 'colour', 'font', 'spacing', 'style', 'styles', 'css',
  'push', 'fcm', 'apns', 'device', 'notification', 'notifications',
  'csrf', 'xsrf', 'captcha', 'recaptcha', 'hcaptcha', 'turnstile',
  'cancel', 'cancellation', 'page', 'pagination', 'next', 'continuation', 'cursor', 'sync',
  'expiry', 'expires', 'expiration', 'expired', 'exp', 'ttl',
  'seen', 'shown', 'dismissed', 'hint', 'banner', 'notice', 'count',
]);
/** A key that is nothing but auth state (`auth`, `authState`, `auth-storage`, `session_id`) holds the token too. */
const AUTH_STATE_WORDS = new Set(['auth', 'session']);
const STATE_WORDS = new Set(['auth', 'session', 'state', 'data', 'store', 'storage', 'info', 'id', 'key', 'cache', 'value']);

/** Does a storage key (or, with `value`, a name in the value written) name the auth token? */
export function namesToken(name: string, value = false): boolean {
  const w = wordsOf(name);
  if (w.some((x) => NOT_AUTH_WORDS.has(x))) return false;
  if (w.some((x) => TOKEN_WORDS.has(x) || FUSED_TOKEN.test(x) || (!value && CREDENTIAL_WORDS.has(x)))) return true;
  return !value && w.some((x) => AUTH_STATE_WORDS.has(x)) && w.every((x) => STATE_WORDS.has(x));
}

export const rule: Rule = {
  meta: {
    id: 'client-token-storage',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'The auth token is not kept in localStorage, sessionStorage or a hand-written cookie.',
    languages: ['typescript'],
    docs: {
      checks:
        'Finds code that writes the auth token (the Better Auth JWT or session token) to `localStorage`, `sessionStorage`, `document.cookie` or js-cookie by hand, or reads it back from there: `localStorage.setItem("token", …)`, `localStorage.getItem("jwt")`, `localStorage.token = …`, `document.cookie = \\`token=${…}\\``, `Cookies.get("access_token")`. Keys are judged by their words (camelCase, snake_case and kebab-case split): `authToken`, `access_token`, `user-jwt`, `bearer`, `session_token`, or a key that is only auth state (`auth`, `session`); not `tokenizerSettings`, `author`, `themeToken`, `csrf_token` or `token_seen`. A key held in a constant (`const KEY = "auth_token"`, `KEYS.token`) is resolved. A constant value (`localStorage.setItem("token_seen", "1")`) is a flag, not a token. A const holding the storage (`const store = window.localStorage`) is the storage, and zustand\'s `persist(...)` middleware stores its state: a state key that names a token (`token`, `jwt`, `accessToken`) is reported unless `partialize` leaves it out.',
      why: 'Anything in web storage or a script-written cookie is readable by every script on the page: one XSS (or a compromised npm dependency) exfiltrates the token and the attacker calls the API as the user until it expires. Better Auth already keeps the session in an httpOnly cookie and hands out short-lived JWTs on demand (`authClient.token()`), so a stored copy is both unnecessary and stale.',
      incorrect: [
        { lang: 'ts', code: "const { data } = await authClient.token();\nlocalStorage.setItem('token', data!.token);" },
        { lang: 'ts', code: "const token = localStorage.getItem('token');\nfetch(url, { headers: { Authorization: `Bearer ${token}` } });" },
      ],
      correct: [
        { lang: 'ts', code: "const { data } = await authClient.token(); // ask Better Auth each time (it caches the session)\nfetch(url, { headers: { Authorization: `Bearer ${data?.token}` } });" },
      ],
      fix: 'Do not store the token: get it from Better Auth when a request needs it (`authClient.token()` in the browser, `auth.api.getToken` on the server) and keep it in memory only.',
    },
  },
  checkTs(file, ctx) {
    const sf = file.sourceFile;
    if (!/localStorage|sessionStorage|cookie|Cookies|persist/.test(file.source)) return;
    const a = analysisOf(file, ctx);
    const report = (n: ts.Node, what: string) => {
      const p = posOf(sf, n);
      ctx.report({
        line: p.line,
        column: p.column,
        endLine: p.endLine,
        endColumn: p.endColumn,
        message: `the auth token is ${what} by hand`,
        hint: 'get the JWT from Better Auth when needed (authClient.token() / auth.api.getToken) and keep it in memory; never persist it where scripts can read it',
      });
    };
    /** The initialiser of a `const` an identifier names. */
    const constInit = (id: ts.Identifier): ts.Expression | undefined => {
      const d = a.declOf(id);
      return d && ts.isVariableDeclaration(d) && ts.isVariableDeclarationList(d.parent) && d.parent.flags & ts.NodeFlags.Const && d.initializer ? d.initializer : undefined;
    };
    /** The member `name` of a constant object (`const KEYS = { token: "…" } as const`). */
    const constMember = (obj: ts.Expression, name: string): ts.Expression | undefined => {
      obj = unwrap(obj);
      const init = ts.isIdentifier(obj) ? constInit(obj) : undefined;
      const o = init && unwrap(init);
      if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
      for (const p of o.properties) if (ts.isPropertyAssignment(p) && propName(p.name) === name) return p.initializer;
      return undefined;
    };
    /** A value fixed in the source: a literal, `String(true)`, `JSON.stringify({ … })` of literals, a constant holding one. */
    const constant = (e: ts.Expression | undefined, depth = 3): boolean => {
      if (!e || depth < 0) return false;
      e = unwrap(e);
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return true;
      if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
      if (ts.isIdentifier(e)) return e.text === 'undefined' || constant(constInit(e), depth - 1);
      if (ts.isPrefixUnaryExpression(e)) return constant(e.operand, depth);
      if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => constant(s.expression, depth - 1));
      if (ts.isCallExpression(e)) return /^(?:String|Number|Boolean|JSON\.stringify)$/.test(dottedName(e.expression) ?? '') && e.arguments.length === 1 && constant(e.arguments[0], depth - 1);
      if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && constant(p.initializer, depth - 1));
      if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => constant(x, depth - 1));
      return false;
    };
    /** The text of a key: literals and constants resolved, else the name of the variable or member that holds it. */
    const keyText = (e: ts.Expression | undefined, depth = 3): string | undefined => {
      if (!e || depth < 0) return undefined;
      e = unwrap(e);
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return e.text;
      if (ts.isTemplateExpression(e) || (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken))
        return partsOf(e)
          .map((x) => (typeof x === 'string' ? x : ` ${keyText(x, depth - 1) ?? ''} `))
          .join('');
      if (ts.isIdentifier(e)) return keyText(constInit(e), depth - 1) ?? e.text;
      if (ts.isPropertyAccessExpression(e)) return keyText(constMember(e.expression, e.name.text), depth - 1) ?? e.name.text;
      if (ts.isElementAccessExpression(e) && (ts.isStringLiteral(e.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(e.argumentExpression)))
        return keyText(constMember(e.expression, e.argumentExpression.text), depth - 1) ?? e.argumentExpression.text;
      return undefined;
    };
    const keyIsToken = (e: ts.Expression | undefined): boolean => {
      const k = keyText(e);
      return k !== undefined && namesToken(k);
    };
    /** The value written is a token: not a constant, and its text (with the constants it names) mentions one. */
    const valueIsToken = (e: ts.Expression | undefined): boolean => {
      if (!e || constant(e)) return false;
      return (a.expandedText(e, 2).match(/[A-Za-z_$][\w$]*/g) ?? []).some((w) => namesToken(w, true));
    };
    const isCookiesLib = (e: ts.Expression): boolean => {
      e = unwrap(e);
      if (!ts.isIdentifier(e)) return false;
      const d = a.declOf(e);
      const imp = d && a.importOf(d);
      return !!imp && (imp.specifier === 'js-cookie' || imp.specifier === 'universal-cookie' || imp.specifier === 'cookies-next');
    };
    const statementOf = (n: ts.Node): ts.Node => {
      let p = n;
      while (p.parent && !ts.isStatement(p) && !ts.isSourceFile(p.parent)) p = p.parent;
      return p;
    };
    /** A statement that reads document.cookie names a token: a string, regex or name in it (constants resolved) does. */
    const statementNamesToken = (st: ts.Node): boolean => {
      let found = false;
      const visit = (n: ts.Node): void => {
        if (found) return;
        if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isRegularExpressionLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) found = namesToken(n.text);
        else if (ts.isIdentifier(n) && n.text !== 'document' && n.text !== 'cookie') found = namesToken(keyText(n) ?? n.text);
        if (!found) ts.forEachChild(n, visit);
      };
      visit(st);
      return found;
    };
    /** The cookie name of `document.cookie = …` text (the part before the first `=`), constants resolved. */
    const cookieName = (e: ts.Expression): string | undefined => {
      let name = '';
      for (const x of partsOf(e)) {
        if (typeof x !== 'string') {
          name += keyText(x) ?? ' ';
          continue;
        }
        const eq = x.indexOf('=');
        if (eq >= 0) return name + x.slice(0, eq);
        name += x;
      }
      return undefined;
    };

    /** `localStorage`, `window.sessionStorage`, or a const holding one (`const store = window.localStorage`). */
    const storageOf = (recv: ts.Expression): string | undefined => {
      const r = unwrap(recv);
      const d = dottedName(r);
      const direct = d ? STORAGE.exec(d)?.[1] : undefined;
      if (direct || !ts.isIdentifier(r)) return direct;
      const init = constInit(r);
      const id = init && dottedName(unwrap(init));
      return id ? STORAGE.exec(id)?.[1] : undefined;
    };
    /**
     * zustand's `persist(creator, options)` writes the whole state to localStorage (or the storage its
     * options name) unless `partialize` leaves keys out: a state key that names a token is stored.
     */
    const persistedToken = (call: ts.CallExpression): { key: string; storage: string } | undefined => {
      const callee = unwrap(call.expression);
      if (!ts.isIdentifier(callee)) return undefined;
      const d = a.declOf(callee);
      const imp = d && a.importOf(d);
      if (!imp || imp.name !== 'persist' || !/^zustand(\/middleware)?$/.test(imp.specifier)) return undefined;
      const creator = call.arguments[0] && unwrap(call.arguments[0]);
      if (!creator || !(ts.isArrowFunction(creator) || ts.isFunctionExpression(creator))) return undefined;
      let state: ts.Expression | undefined;
      if (ts.isBlock(creator.body)) {
        for (const st of creator.body.statements) if (ts.isReturnStatement(st) && st.expression) state = st.expression;
      } else state = creator.body;
      const obj = state && unwrap(state);
      if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
      const options = call.arguments[1] && unwrap(call.arguments[1]);
      let partialize: ts.Node | undefined;
      let storage = 'localStorage';
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const p of options.properties) {
          const pn = p.name ? propName(p.name) : undefined;
          if (pn === 'partialize') partialize = p;
          if (pn === 'storage') storage = /sessionStorage/.test(p.getText(sf)) ? 'sessionStorage' : /localStorage/.test(p.getText(sf)) ? 'localStorage' : 'the storage its options name';
        }
      }
      for (const p of obj.properties) {
        const key = p.name ? propName(p.name) : undefined;
        if (!key || !namesToken(key, true) || (ts.isPropertyAssignment(p) && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))) || ts.isMethodDeclaration(p)) continue;
        // `partialize: (s) => ({ theme: s.theme })` keeps the token out when it does not name it
        if (partialize && !(partialize.getText(sf).match(/[A-Za-z_$][\w$]*/g) ?? ([] as string[])).includes(key)) continue;
        return { key, storage };
      }
      return undefined;
    };

    interface Access {
      node: ts.Node;
      what: string;
      key: string | undefined;
      /** The value written (writes only). */
      value?: ts.Expression;
      write: boolean;
    }
    const accesses: Access[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const method = n.expression.name.text;
        const storage = storageOf(n.expression.expression);
        if (storage && method === 'setItem') accesses.push({ node: n, what: `written to ${storage}`, key: keyText(n.arguments[0]), value: n.arguments[1], write: true });
        else if (storage && method === 'getItem') accesses.push({ node: n, what: `read from ${storage}`, key: keyText(n.arguments[0]), write: false });
        else if (isCookiesLib(n.expression.expression) && (method === 'set' || method === 'get' || method === 'setCookie' || method === 'getCookie')) {
          const write = method.toLowerCase().includes('set');
          accesses.push({ node: n, what: write ? 'written to a cookie' : 'read from a cookie', key: keyText(n.arguments[0]), ...(write ? { value: n.arguments[1] } : {}), write });
        }
      } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text !== 'setCookie' && n.expression.text !== 'getCookie') {
        const persisted = persistedToken(n);
        if (persisted) report(n, `persisted to ${persisted.storage} (zustand persist, state key \`${persisted.key}\`)`);
      } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && (n.expression.text === 'setCookie' || n.expression.text === 'getCookie') && isCookiesLib(n.expression)) {
        const write = n.expression.text === 'setCookie';
        accesses.push({ node: n, what: write ? 'written to a cookie' : 'read from a cookie', key: keyText(n.arguments[0]), ...(write ? { value: n.arguments[1] } : {}), write });
      } else if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && !ts.isCallExpression(n.parent)) {
        const recv = dottedName(n.expression);
        const storage = recv ? STORAGE.exec(recv)?.[1] : undefined;
        if (storage) {
          const key = ts.isPropertyAccessExpression(n) ? n.name.text : keyText(n.argumentExpression);
          if (key !== undefined && !STORAGE_MEMBERS.includes(key)) {
            const parent = n.parent;
            const written = ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
            accesses.push({ node: n, what: written ? `written to ${storage}` : `read from ${storage}`, key, ...(written ? { value: parent.right } : {}), write: written });
          }
        }
        const d = dottedName(n);
        if (d === 'document.cookie' || d === 'window.document.cookie') {
          const parent = n.parent;
          if (ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
            const name = cookieName(parent.right);
            const fixed = partsOf(parent.right).every((x) => typeof x === 'string' || constant(x));
            if (!fixed && ((name !== undefined && namesToken(name) && !/^better-auth\./.test(name.trim())) || (name === undefined && valueIsToken(parent.right)))) report(n, 'written to document.cookie');
          } else if (statementNamesToken(statementOf(n))) report(n, 'read from document.cookie');
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    // A key only ever written with constants in this file is a flag (`token_seen` = "1"), also where it is read.
    const flagKeys = new Map<string, boolean>();
    for (const x of accesses) if (x.write && x.key !== undefined) flagKeys.set(x.key, (flagKeys.get(x.key) ?? true) && constant(x.value));
    for (const x of accesses) {
      const keyed = x.key !== undefined && namesToken(x.key);
      if (x.write ? (keyed && !constant(x.value)) || valueIsToken(x.value) : keyed && flagKeys.get(x.key!) !== true) report(x.node, x.what);
    }
  },
};

export default rule;
