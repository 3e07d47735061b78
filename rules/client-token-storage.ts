/**
 * `client-token-storage`: the auth token written to or read from `localStorage`, `sessionStorage`
 * or `document.cookie` (or js-cookie) by hand.
 *
 * A storage access counts when its key names a token (`token`, `jwt`, `access_token`, `auth`,
 * `bearer`, `session`…), or the value written is one (an identifier like `token`/`jwt`, or an
 * expression built from `authClient.token()`, `getToken`, the `set-auth-jwt` header). For
 * `document.cookie`, the cookie text or the statement that parses it must mention a token.
 */
import { ts } from './ts/compiler.js';
import { dottedName, posOf, unwrap } from './ts/analysis.js';
import { analysisOf } from './ts/context.js';
import type { Rule } from './types.js';

const TOKEN_KEY = /token|jwt|bearer|access|auth|session|credential/i;
const TOKEN_VALUE = /\btoken\b|\bjwt\b|Token\b|\.token\(\)|getToken|set-auth-jwt|accessToken|idToken/;
const STORAGE = /^(?:window\.|globalThis\.|self\.)?(localStorage|sessionStorage)$/;

function literalText(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  e = unwrap(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => '${}' + s.literal.text).join('');
  return undefined;
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
        'Finds code that writes the auth token (the Better Auth JWT or session token) to `localStorage`, `sessionStorage`, `document.cookie` or js-cookie by hand, or reads it back from there: `localStorage.setItem("token", …)`, `localStorage.getItem("jwt")`, `localStorage.token = …`, `document.cookie = \\`token=${…}\\``, `Cookies.get("access_token")`.',
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
    if (!/localStorage|sessionStorage|cookie|Cookies/.test(file.source)) return;
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
    const tokenish = (e: ts.Expression | undefined): boolean => {
      if (!e) return false;
      const lit = literalText(e);
      if (lit !== undefined) return TOKEN_KEY.test(lit);
      return TOKEN_VALUE.test(a.expandedText(e, 2));
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
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
        const method = n.expression.name.text;
        const recv = dottedName(n.expression.expression);
        const storage = recv ? STORAGE.exec(recv)?.[1] : undefined;
        if (storage && method === 'setItem' && (tokenish(n.arguments[0]) || tokenish(n.arguments[1]))) report(n, `written to ${storage}`);
        else if (storage && method === 'getItem' && tokenish(n.arguments[0])) report(n, `read from ${storage}`);
        else if (isCookiesLib(n.expression.expression) && (method === 'set' || method === 'get' || method === 'setCookie' || method === 'getCookie') && (tokenish(n.arguments[0]) || (method.startsWith('set') && tokenish(n.arguments[1]))))
          report(n, method.toLowerCase().includes('set') ? 'written to a cookie' : 'read from a cookie');
      } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && (n.expression.text === 'setCookie' || n.expression.text === 'getCookie') && isCookiesLib(n.expression) && tokenish(n.arguments[0])) {
        report(n, n.expression.text === 'setCookie' ? 'written to a cookie' : 'read from a cookie');
      } else if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && !ts.isCallExpression(n.parent)) {
        const recv = dottedName(n.expression);
        const storage = recv ? STORAGE.exec(recv)?.[1] : undefined;
        if (storage) {
          const key = ts.isPropertyAccessExpression(n) ? n.name.text : literalText(n.argumentExpression);
          if (key !== undefined && !['setItem', 'getItem', 'removeItem', 'clear', 'key', 'length'].includes(key) && TOKEN_KEY.test(key)) {
            const written = ts.isBinaryExpression(n.parent) && n.parent.left === n && n.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
            report(n, written ? `written to ${storage}` : `read from ${storage}`);
          }
        }
        const d = dottedName(n);
        if (d === 'document.cookie' || d === 'window.document.cookie') {
          const parent = n.parent;
          if (ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
            const text = literalText(parent.right);
            const name = text !== undefined ? text.split('=')[0]! : undefined;
            if ((name !== undefined && TOKEN_KEY.test(name) && !/^better-auth\./.test(name)) || (name === undefined && TOKEN_VALUE.test(a.expandedText(parent.right, 2)))) report(n, 'written to document.cookie');
          } else if (TOKEN_KEY.test(statementOf(n).getText(sf).replace(/document\.cookie/g, ''))) report(n, 'read from document.cookie');
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  },
};

export default rule;
