/**
 * `token-logging`: a token, an Authorization header or a decoded payload printed or logged.
 */
import { callArgs, calleeText, dotted, field, named, span, stringValue, unwrap, type Node } from './python/ast.js';
import { isJwtDecode, type PyImport } from './python/index.js';
import { walkFunction, type Env } from './python/flow.js';
import { isTestOrMigration, pyScope } from './python/support.js';
import type { Rule } from './types.js';

const LOG_METHODS = /^(debug|info|warning|warn|error|exception|critical|fatal|log)$/;
const LOGGER_OBJECT = /(^|\.)(logging|logger|log|_logger|_log|LOGGER|LOG|audit_log)$/i;
const TOKEN_NAME =
  /^(token|access_token|id_token|refresh_token|session_token|auth_token|bearer_token|raw_token|jwt|jwt_token|encoded_jwt|bearer|credentials|creds|authorization|auth_header|authorization_header)$/i;
const TOKEN_ATTR = /^(credentials|token|access_token|id_token|refresh_token)$/;
const PAYLOAD_NAME = /^(payload|claims|decoded|decoded_token|token_data|jwt_payload)$/i;

/** Calls that make a logger: `logging.getLogger(...)`, `structlog.get_logger()`, `structlog.wrap_logger(...)`. */
const LOGGER_FACTORY = /(^|\.)(getLogger|get_logger|wrap_logger)$/;
/** Methods of a logger that return a logger (`log.bind(user=...)`, loguru's `logger.opt(...)`, `getChild`). */
const LOGGER_DERIVE = /^(bind|new|opt|patch|contextualize|getChild|child)$/;
/** Objects that carry the incoming request's headers (with its Authorization header). */
const REQUEST_OBJECT = /(^|\.)(request|req|websocket|ws|http_request)$/i;

/**
 * Does the expression evaluate to a logger? A logger-like name (`logger`, `log`), a name in `loggers`
 * (assigned one in this file, or loguru's `logger` under another name), a logger factory call, or a
 * logger's `.bind(...)`.
 */
function isLoggerExpr(node: Node, loggers: ReadonlySet<string>): boolean {
  const u = unwrap(node);
  const text = dotted(u);
  if (text) return LOGGER_OBJECT.test(text) || loggers.has(text);
  if (u.type !== 'call') return false;
  const callee = calleeText(u);
  if (callee && LOGGER_FACTORY.test(callee)) return true;
  const fn = field(u, 'function');
  if (fn?.type !== 'attribute' || !LOGGER_DERIVE.test(field(fn, 'attribute')?.text ?? '')) return false;
  const obj = field(fn, 'object');
  return obj !== null && isLoggerExpr(obj, loggers);
}

/** Names bound to a logger in the file: `audit = structlog.get_logger()`, `from loguru import logger as lg`, `log = audit.bind(...)`. */
function loggerNames(root: Node, imports: readonly PyImport[]): Set<string> {
  const loggers = new Set<string>();
  for (const i of imports) if (i.module === 'loguru' && i.name === 'logger') loggers.add(i.local);
  const assignments = root.descendantsOfType('assignment').filter((a): a is Node => a !== null);
  // twice: a logger derived from one assigned later in the file (a function body using a module-level logger)
  for (let pass = 0; pass < 2; pass++) {
    for (const a of assignments) {
      const name = dotted(field(a, 'left'));
      const right = field(a, 'right');
      if (name && right && unwrap(right).type === 'call' && isLoggerExpr(right, loggers)) loggers.add(name);
    }
  }
  return loggers;
}

function isLogCall(call: Node, loggers: ReadonlySet<string>): boolean {
  const callee = calleeText(call);
  if (callee === 'print' || callee === 'pprint' || callee === 'pprint.pprint') return true;
  const fn = field(call, 'function');
  if (fn?.type !== 'attribute') return false;
  const method = field(fn, 'attribute')?.text ?? '';
  if (!LOG_METHODS.test(method)) return false;
  const obj = field(fn, 'object');
  return obj !== null && isLoggerExpr(obj, loggers);
}

/** Sensitive values inside a logged expression (f-string interpolations, %-format, concatenation, .format()). */
function sensitive(expr: Node, payloads: ReadonlySet<string>, env: Env): Node | null {
  const u = unwrap(expr);
  switch (u.type) {
    case 'identifier':
      if (TOKEN_NAME.test(u.text)) return u;
      if (payloads.has(u.text)) return u;
      if ([...(env.get(u.text) ?? [])].some((o) => o.startsWith('@call:') && payloads.has(o))) return u;
      return null;
    case 'attribute': {
      const attr = field(u, 'attribute')?.text ?? '';
      if (TOKEN_ATTR.test(attr)) return u;
      // `request.headers` holds the Authorization header
      if (attr === 'headers' && REQUEST_OBJECT.test(dotted(field(u, 'object')) ?? '')) return u;
      return null;
    }
    case 'subscript': {
      const value = field(u, 'value');
      const key = stringValue(field(u, 'subscript'));
      if (key && /^authorization$/i.test(key)) return u;
      // a slice of a token still leaks it
      if (value && field(u, 'subscript')?.type === 'slice') return sensitive(value, payloads, env);
      return null;
    }
    case 'call': {
      const fn = field(u, 'function');
      const name = fn?.type === 'attribute' ? field(fn, 'attribute')?.text : fn?.text;
      if (name === 'len' || name === 'bool' || name === 'type' || name === 'isinstance') return null;
      // the unverified header is `alg`, `kid` and `typ`: no part of the token's signature or claims
      if (name === 'get_unverified_header' || name === 'keys') return null;
      if (name === 'get' && /^authorization$/i.test(stringValue(callArgs(u).positional[0]) ?? '')) return u;
      if (name === 'get') return null; // payload.get("sub") is the user id, not the token
      for (const a of [...callArgs(u).positional, ...callArgs(u).keywords.values()]) {
        const s = sensitive(a, payloads, env);
        if (s) return s;
      }
      if (fn?.type === 'attribute') return sensitive(field(fn, 'object') ?? u, payloads, env); // "...".format(token), token.strip()
      return null;
    }
    case 'string':
      for (const i of named(u)) {
        if (i.type !== 'interpolation') continue;
        const e = field(i, 'expression') ?? named(i)[0];
        const s = e ? sensitive(e, payloads, env) : null;
        if (s) return s;
      }
      return null;
    case 'conditional_expression': {
      // `token if debug else ""`: either branch may be logged, the condition is not
      const [then, , otherwise] = named(u);
      return (then && sensitive(then, payloads, env)) || (otherwise && sensitive(otherwise, payloads, env)) || null;
    }
    case 'concatenated_string':
    case 'binary_operator':
    case 'tuple':
    case 'list':
    case 'dictionary':
    case 'pair':
    case 'keyword_argument':
      for (const c of named(u)) {
        const s = sensitive(c, payloads, env);
        if (s) return s;
      }
      return null;
    default:
      return null;
  }
}

export const rule: Rule = {
  meta: {
    id: 'token-logging',
    type: 'problem',
    defaultSeverity: 'error',
    description: 'Tokens, Authorization headers and decoded JWT payloads must not be printed or logged.',
    languages: ['python'],
    docs: {
      checks:
        "Looks at `print(...)` and logging calls (`logging.info`, `logger.debug`, `log.warning`, `logging.getLogger(...).error`, and any object that is a logger: a name assigned `logging.getLogger(...)`, `structlog.get_logger()` or a logger's `.bind(...)`, loguru's `logger` under any name) and reports an argument that contains a token (`token`, `access_token`, `jwt`, `credentials`, `creds.credentials`, a slice of one), an Authorization header (`request.headers[\"Authorization\"]`, `.get(\"authorization\")`, or the whole `request.headers`, `dict(request.headers)`), or the payload returned by a JWT decode (in a variable, or `payload` / `claims` / `decoded` in a function that decodes a JWT), including inside f-strings, `%` formatting, concatenation, `.format()` and either branch of `a if cond else b`. Logging `len(token)`, `payload[\"sub\"]`, `payload.get(\"sub\")`, another header (`request.headers.get(\"user-agent\")`) or `jwt.get_unverified_header(token)` (only `alg`, `kid`, `typ`) is fine.",
      why: 'Logs are copied to log aggregators, support tickets and CI output, and are kept for months: a logged bearer token is a working credential for anyone who can read them until it expires, and a logged payload leaks the personal data Better Auth puts in the JWT (the whole user object: name, email, image).',
      incorrect: [
        { lang: 'python', code: 'logger.info(f"verifying {creds.credentials}")' },
        { lang: 'python', code: 'payload = jwt.decode(token, key, algorithms=["EdDSA"])\nprint("claims:", payload)' },
      ],
      correct: [{ lang: 'python', code: 'logger.info("authenticated user %s", payload["sub"])' }],
      fix: "Log the user id (`sub`) or a request id instead; if a token must be identified, log a short hash of it, never the value.",
    },
  },
  checkPython(file, ctx) {
    if (isTestOrMigration(file.path)) return;
    const scope = pyScope(file, ctx);
    if (!scope) return;
    const { facts } = scope;
    let loggers: Set<string> | null = null;
    for (const fn of scope.functions) {
      if (!fn.ref.fn.calls.some((c) => /^(print|pprint)$|\.(debug|info|warning|warn|error|exception|critical|fatal|log|pprint)$/.test(c.callee))) continue;
      const fileLoggers = (loggers ??= loggerNames(file.tree.rootNode, facts.imports));
      const decodes = fn.ref.fn.decodes.length > 0;
      const payloads = new Set<string>();
      for (const c of fn.ref.fn.calls) if (isJwtDecode(c.callee, facts.imports)) payloads.add(`@call:${c.callee}`);
      walkFunction(fn.node, {
        assign(name, value) {
          const v = unwrap(value);
          if (v.type === 'call' && isJwtDecode(calleeText(v) ?? '', facts.imports)) payloads.add(name);
          else if (decodes && PAYLOAD_NAME.test(name)) payloads.add(name);
        },
        call(node, env) {
          if (!isLogCall(node, fileLoggers)) return;
          const { positional, keywords } = callArgs(node);
          for (const a of [...positional, ...keywords.values()]) {
            const s = sensitive(a, payloads, env);
            if (s) {
              const what = /authorization|\.headers$/i.test(s.text) ? 'an Authorization header' : payloads.has(unwrap(s).text) ? 'a decoded JWT payload' : 'a token';
              ctx.report({ message: `${calleeText(node) ?? 'a logging call'}() writes ${what} (${s.text}) to the output or logs`, ...span(node) });
              break;
            }
          }
        },
      });
    }
  },
};

export default rule;
