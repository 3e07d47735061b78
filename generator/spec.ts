/**
 * The spec reader: `specs/features/authentication.md` is Markdown that people read, with a YAML front
 * matter that authspec reads. Markdown goes through remark (front matter, GFM), the front matter through
 * `yaml` with a line counter so that every value keeps its file:line:column (spec.positions).
 * Requirements are list items whose first child starts with a bold ID: `- **AUTH-001** … (T010, T011)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { List, ListItem, Nodes, Paragraph } from 'mdast';
import { isSeq } from 'yaml';
import type { Diagnostic } from './errors.js';
import { nodeText, parseMarkdown } from './markdown.js';
import {
  DEFAULT_SPEC_PATH,
  defaultSpec,
  defaultTaskResource,
  normaliseTaskId,
  OPERATIONS,
  type Operation,
  type Requirement,
  type Resource,
  type ResourceField,
  type Spec,
  type VerificationMode,
} from './model.js';
import { readTextFile, sortDiagnostics, unsafeRelativePath } from './source.js';
import { YamlReader, type YNode } from './yaml-reader.js';

export interface SpecResult {
  spec: Spec;
  /** False when the spec file does not exist (defaults in force). */
  found: boolean;
  diagnostics: Diagnostic[];
}

export const TOP_KEYS = ['verification', 'envFiles', 'resources', 'tasks', 'output', 'templates', 'backend', 'frontend'] as const;
export const VERIFICATION_KEYS = [
  'mode',
  'algorithms',
  'issuer',
  'audience',
  'jwksUrl',
  'secretEnv',
  'userIdClaim',
  'requiredClaims',
  'leewaySeconds',
  'tasks',
] as const;
export const RESOURCE_KEYS = ['name', 'model', 'ownerField', 'path', 'foreignAccess', 'operations', 'fields', 'tasks'] as const;
export const FIELD_KEYS = ['name', 'type', 'optional'] as const;
export const OUTPUT_KEYS = ['backendAuth', 'backendRouters', 'apiClient', 'tokenRoute'] as const;
export const BACKEND_KEYS = ['modelsModule', 'sessionDependency'] as const;
export const FRONTEND_KEYS = ['authClientModule', 'authServerModule', 'apiBaseUrlEnv'] as const;

export const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export const ASYMMETRIC_ALGORITHMS = [
  'EdDSA',
  'ES256',
  'ES256K',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;
const ALL_ALGORITHMS: readonly string[] = [...ASYMMETRIC_ALGORITHMS, ...HMAC_ALGORITHMS];

/** `AUTH-001`, `FR-001`, `US-AUTH-001`: letters, optional dashed parts, a dash and digits. */
export const REQUIREMENT_ID = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-\d+$/;
/** A task ID inside free text: T012 or T-012, not part of a longer word or ID. */
export const TASK_ID_IN_TEXT = /(?<![A-Za-z0-9_-])T-?\d{1,6}(?![A-Za-z0-9_])/g;

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
const PY_IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIELD_TYPE = /^[A-Za-z_][A-Za-z0-9_.]*(?:\[[A-Za-z0-9_., |[\]]*\])?(?:\s*\|\s*None)?$/;

function isPyIdentifier(s: string): boolean {
  return PY_IDENT.test(s) && !PY_KEYWORDS.has(s);
}

/** Default resource name from its model: Task → tasks, Category → categories. */
export function pluralName(model: string): string {
  const base = model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(base)) return `${base}es`;
  return `${base}s`;
}

/**
 * Reads the spec at `root/file` (default specs/features/authentication.md); a missing file means
 * defaults. The FastAPI version comes from the repository's lock, requirements or pyproject file
 * either way: rules that depend on it (auth-error-status) must not change with the spec's presence.
 */
export function readSpec(root: string, file: string = DEFAULT_SPEC_PATH): SpecResult {
  const result = readSpecFile(root, file);
  const fastapi = detectFastapiVersion(root);
  if (fastapi) result.spec.backend.fastapiVersion = fastapi.version;
  return result;
}

function readSpecFile(root: string, file: string): SpecResult {
  if (!existsSync(join(root, file))) {
    const spec = defaultSpec();
    return {
      spec,
      found: false,
      diagnostics: [
        {
          severity: 'warning',
          file,
          message: `no spec found: defaults in force (verification mode ${spec.verification.mode}, ${spec.verification.algorithms.join(', ')})`,
          hint: 'run `authspec init` to scaffold one',
        },
      ],
    };
  }
  const read = readTextFile(root, file, 'spec');
  if (!read.ok) return { spec: { ...defaultSpec(), file }, found: true, diagnostics: [read.diagnostic] };
  return { ...parseSpec(read.file.text, read.file.rel), found: true };
}

/** Parses spec text (pure: no file system). `file` is the path diagnostics name. */
export function parseSpec(text: string, file: string): Omit<SpecResult, 'found'> {
  const diagnostics: Diagnostic[] = [];
  const spec = defaultSpec();
  spec.file = file;
  const tree = parseMarkdown(text, { gfm: false });
  const first = tree.children[0];
  if (first?.type === 'yaml') {
    spec.hasFrontMatter = true;
    const startLine = first.position?.start.line ?? 1;
    if (first.value.trim() !== '') {
      const reader = YamlReader.parse(first.value, file, startLine);
      if (reader.root !== null) readFrontMatter(reader, spec);
      const v = spec.verification;
      if (!reader.hasErrors && v.mode === 'jwks' && !v.jwksUrl) {
        const at = reader.positions.get('verification') ?? { file, line: startLine, column: 1 };
        reader.report(
          'warning',
          null,
          'jwks mode without `issuer` or `jwksUrl`: nothing says where the public keys are, so `generate` cannot render the backend',
          'set `verification.issuer` to the Better Auth base URL',
          at,
        );
      }
      diagnostics.push(...reader.diagnostics);
      spec.positions = reader.positions;
    } else {
      diagnostics.push(frontMatterDefaultsWarning(spec, file, startLine, 'the front matter is empty'));
    }
  } else if (/^---[ \t]*\r?\n/.test(text)) {
    diagnostics.push({
      severity: 'error',
      file,
      line: 1,
      column: 1,
      message: 'the front matter is not closed',
      hint: 'end the YAML block with a line holding only `---`',
    });
  } else {
    diagnostics.push(frontMatterDefaultsWarning(spec, file, 1, 'no front matter'));
  }
  const reqs = readRequirements(tree.children as Nodes[], file);
  spec.requirements = reqs.requirements;
  diagnostics.push(...reqs.diagnostics);
  return { spec, diagnostics: sortDiagnostics(diagnostics) };
}

function frontMatterDefaultsWarning(spec: Spec, file: string, line: number, why: string): Diagnostic {
  const v = spec.verification;
  return {
    severity: 'warning',
    file,
    line,
    column: 1,
    message: `${why}: defaults in force, verification mode ${v.mode} (${v.algorithms.join(', ')}, keys from the issuer's /api/auth/jwks)`,
    hint: 'add a YAML front matter with `verification: { mode: ... }` to choose',
  };
}

function readFrontMatter(r: YamlReader, spec: Spec): void {
  const top = r.map(r.root, '', TOP_KEYS);
  if (!top) return;
  readVerification(r, top.get('verification'), spec);

  const envFiles = r.list(top.get('envFiles'), 'envFiles', (n, p) => safePath(r, n, p));
  if (envFiles) spec.envFiles = envFiles;

  const tasksPath = safePath(r, top.get('tasks'), 'tasks');
  if (tasksPath !== undefined) spec.tasksPath = tasksPath;

  const templates = safePath(r, top.get('templates'), 'templates');
  if (templates !== undefined) spec.templates = templates;

  const output = r.map(top.get('output'), 'output', OUTPUT_KEYS);
  if (output) {
    for (const key of OUTPUT_KEYS) {
      const v = safePath(r, output.get(key), `output.${key}`);
      if (v !== undefined) spec.output[key] = v;
    }
  }

  const backend = r.map(top.get('backend'), 'backend', BACKEND_KEYS);
  if (backend) {
    const models = r.str(backend.get('modelsModule'), 'backend.modelsModule');
    if (models !== undefined) {
      if (models.split('.').every(isPyIdentifier)) spec.backend.modelsModule = models;
      else r.error(backend.get('modelsModule') ?? null, '`backend.modelsModule` must be a dotted Python module name, e.g. app.models');
    }
    const dep = r.str(backend.get('sessionDependency'), 'backend.sessionDependency');
    if (dep !== undefined) {
      const [mod, fn, extra] = dep.split(':');
      if (mod && fn && extra === undefined && mod.split('.').every(isPyIdentifier) && isPyIdentifier(fn)) spec.backend.sessionDependency = dep;
      else r.error(backend.get('sessionDependency') ?? null, '`backend.sessionDependency` must be `module:function`, e.g. app.db:get_session');
    }
  }

  const frontend = r.map(top.get('frontend'), 'frontend', FRONTEND_KEYS);
  if (frontend) {
    const client = r.str(frontend.get('authClientModule'), 'frontend.authClientModule');
    if (client !== undefined) spec.frontend.authClientModule = client;
    const server = r.str(frontend.get('authServerModule'), 'frontend.authServerModule');
    if (server !== undefined) spec.frontend.authServerModule = server;
    const env = r.str(frontend.get('apiBaseUrlEnv'), 'frontend.apiBaseUrlEnv');
    if (env !== undefined) {
      if (ENV_NAME.test(env)) spec.frontend.apiBaseUrlEnv = env;
      else r.error(frontend.get('apiBaseUrlEnv') ?? null, '`frontend.apiBaseUrlEnv` must be an environment variable name');
    }
  }

  const resourcesNode = top.get('resources');
  if (resourcesNode !== undefined) {
    const resources = r.list(resourcesNode, 'resources', (n, p) => readResource(r, n, p));
    if (resources) {
      if (isSeq(resourcesNode) && resourcesNode.items.length === 0)
        r.warn(resourcesNode, '`resources` is empty: nothing user-owned to generate or check');
      const seenName = new Map<string, string>();
      const seenPath = new Map<string, string>();
      resources.forEach((res, i) => {
        const at = r.positions.get(`resources.${i}`);
        const here = at ? `line ${at.line}` : '';
        const clash = seenName.get(res.name);
        if (clash) r.report('error', null, `duplicate resource name \`${res.name}\` (first at ${clash})`, 'give each resource its own `name`', at);
        else seenName.set(res.name, here);
        const pathClash = seenPath.get(res.path);
        if (pathClash) r.report('error', null, `duplicate resource path \`${res.path}\` (first at ${pathClash})`, undefined, at);
        else seenPath.set(res.path, here);
      });
      spec.resources = resources;
    }
  }
}

function safePath(r: YamlReader, node: YNode | undefined, path: string): string | undefined {
  const v = r.str(node, path);
  if (v === undefined) return undefined;
  const why = unsafeRelativePath(v);
  if (why) {
    r.error(r.node(node), `\`${path}\` ${why}: ${v}`, 'use a path relative to the repository root, inside it');
    return undefined;
  }
  return posix.normalize(v.replace(/\\/g, '/')).replace(/\/$/, '');
}

function taskIdList(r: YamlReader, node: YNode | undefined, path: string): string[] | undefined {
  return r.list(node, path, (n, p) => {
    const v = r.node(n);
    const s = v && 'value' in v && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
    const id = s === undefined ? null : normaliseTaskId(s);
    if (id === null) {
      r.error(v, `\`${p}\` must be a task ID like T012 or T-012, got ${s ?? 'something else'}`);
      return undefined;
    }
    return id;
  });
}

function readVerification(r: YamlReader, node: YNode | undefined, spec: Spec): void {
  const m = r.map(node, 'verification', VERIFICATION_KEYS);
  if (!m) return;
  const v = spec.verification;
  const mode = r.oneOf<VerificationMode>(m.get('mode'), 'verification.mode', ['jwks', 'shared-secret']);
  if (mode) v.mode = mode;
  v.algorithms = v.mode === 'jwks' ? ['EdDSA'] : ['HS256'];

  const algNode = m.get('algorithms');
  const algs = r.list(algNode, 'verification.algorithms', (n, p) => {
    const a = r.str(n, p);
    if (a === undefined) return undefined;
    if (a.toLowerCase() === 'none') {
      r.error(n, '`none` is never an acceptable algorithm: it accepts unsigned tokens', 'remove it');
      return undefined;
    }
    if (!ALL_ALGORITHMS.includes(a)) {
      r.error(n, `unknown algorithm \`${a}\``, `${didYouMeanAlg(a)}`);
      return undefined;
    }
    if (v.mode === 'shared-secret' && !a.startsWith('HS')) {
      r.error(n, `\`${a}\` cannot verify shared-secret tokens: shared-secret mode needs HS256, HS384 or HS512`, 'use HS256, or set `mode: jwks`');
      return undefined;
    }
    if (v.mode === 'jwks' && a.startsWith('HS')) {
      r.error(
        n,
        `\`${a}\` is a shared-secret algorithm: jwks mode verifies asymmetric signatures (EdDSA, ES256, RS256, ...)`,
        mode ? 'use EdDSA (Better Auth default)' : 'set `mode: shared-secret`, or use EdDSA',
      );
      return undefined;
    }
    return a;
  });
  if (algs !== undefined) {
    if (isSeq(algNode) && algNode.items.length === 0) r.error(algNode, '`verification.algorithms` must name at least one algorithm');
    else if (algs.length > 0) v.algorithms = [...new Set(algs)];
  }

  const issuer = r.str(m.get('issuer'), 'verification.issuer');
  if (issuer !== undefined) v.issuer = issuer;
  const audience = r.str(m.get('audience'), 'verification.audience');
  if (audience !== undefined) v.audience = audience;

  const jwksNode = m.get('jwksUrl');
  const jwksUrl = r.str(jwksNode, 'verification.jwksUrl');
  if (jwksUrl !== undefined) {
    if (!isHttpUrl(jwksUrl)) r.error(jwksNode ?? null, '`verification.jwksUrl` must be an http(s) URL', 'e.g. http://localhost:3000/api/auth/jwks');
    else if (v.mode === 'shared-secret') r.warn(jwksNode ?? null, '`verification.jwksUrl` is ignored in shared-secret mode');
    else v.jwksUrl = jwksUrl;
  } else if (v.mode === 'jwks' && v.issuer) {
    if (isHttpUrl(v.issuer)) v.jwksUrl = `${v.issuer.replace(/\/+$/, '')}/api/auth/jwks`;
    else r.warn(m.get('issuer') ?? null, 'the issuer is not an http(s) URL, so the JWKS URL cannot be derived from it', 'set `verification.jwksUrl`');
  }

  const secretNode = m.get('secretEnv');
  const secretEnv = r.str(secretNode, 'verification.secretEnv');
  if (secretEnv !== undefined) {
    if (ENV_NAME.test(secretEnv)) v.secretEnv = secretEnv;
    else r.error(secretNode ?? null, '`verification.secretEnv` must be an environment variable name (letters, digits, _)');
  }

  const claimNode = m.get('userIdClaim');
  const claim = r.str(claimNode, 'verification.userIdClaim');
  if (claim !== undefined) v.userIdClaim = claim;

  const required = r.strList(m.get('requiredClaims'), 'verification.requiredClaims');
  const claims = required ?? ['exp', 'iat', v.userIdClaim];
  if (v.issuer) claims.push('iss');
  if (v.audience) claims.push('aud');
  v.requiredClaims = [...new Set(claims)];

  const leeway = r.int(m.get('leewaySeconds'), 'verification.leewaySeconds', 0);
  if (leeway !== undefined) {
    v.leewaySeconds = leeway;
    if (leeway > 300) r.warn(m.get('leewaySeconds') ?? null, `a leeway of ${leeway} s keeps expired tokens valid for minutes`, 'keep it under 60');
  }

  const tasks = taskIdList(r, m.get('tasks'), 'verification.tasks');
  if (tasks) v.tasks = tasks;
}

function didYouMeanAlg(a: string): string {
  const exact = ALL_ALGORITHMS.find((x) => x.toLowerCase() === a.toLowerCase());
  if (exact) return `did you mean \`${exact}\`? algorithm names are case-sensitive`;
  return `expected one of: ${ALL_ALGORITHMS.join(', ')}`;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function readResource(r: YamlReader, node: YNode, path: string): Resource | undefined {
  const m = r.map(node, path, RESOURCE_KEYS);
  if (!m) return undefined;
  const def = defaultTaskResource();
  let ok = true;
  const ident = (key: string, what: string): string | undefined => {
    const n = m.get(key);
    const v = r.str(n, `${path}.${key}`);
    if (v !== undefined && !isPyIdentifier(v)) {
      r.error(r.node(n), `\`${path}.${key}\` must be a Python identifier (${what}), got ${v}`);
      ok = false;
      return undefined;
    }
    return v;
  };
  const model = ident('model', 'a class name like Task');
  if (model === undefined && !m.has('model')) {
    r.error(node, `\`${path}\` needs a \`model\` (the SQLModel class name, e.g. Task)`);
    ok = false;
  }
  const name = ident('name', 'used in file and function names');
  const ownerField = ident('ownerField', 'the owner column, e.g. user_id');

  const pathNode = m.get('path');
  const urlPath = r.str(pathNode, `${path}.path`);
  let resPath: string | undefined;
  if (urlPath !== undefined) {
    const params = [...urlPath.matchAll(/\{([^}]*)\}/g)].map((x) => x[1]);
    if (!urlPath.startsWith('/')) r.error(r.node(pathNode), `\`${path}.path\` must start with /`, 'e.g. /api/{user_id}/tasks');
    else if (/[\s?#]/.test(urlPath) || urlPath.split('/').includes('..'))
      r.error(r.node(pathNode), `\`${path}.path\` must be a plain URL path (no spaces, query, fragment or ..)`);
    else if (params.some((p) => p !== 'user_id'))
      r.error(
        r.node(pathNode),
        `\`${path}.path\` may only use the {user_id} placeholder, got {${params.find((p) => p !== 'user_id')}}`,
        'item ids are added by the generator',
      );
    else resPath = urlPath.length > 1 ? urlPath.replace(/\/+$/, '') : urlPath;
    if (resPath === undefined) ok = false;
  }

  const foreign = r.oneOf<403 | 404>(m.get('foreignAccess'), `${path}.foreignAccess`, [404, 403]);

  const opsNode = m.get('operations');
  const ops = r.list(opsNode, `${path}.operations`, (n, p) => r.oneOf<Operation>(n, p, OPERATIONS));
  if (ops && ops.length === 0) r.warn(opsNode ?? null, `\`${path}.operations\` is empty: nothing to generate for this resource`);
  if (ops && new Set(ops).size !== ops.length) r.warn(opsNode ?? null, `\`${path}.operations\` lists an operation twice`);

  const fields = r.list(m.get('fields'), `${path}.fields`, (n, p) => readField(r, n, p));
  const tasks = taskIdList(r, m.get('tasks'), `${path}.tasks`);

  if (!ok || model === undefined) return undefined;
  return {
    name: name ?? pluralName(model),
    model,
    ownerField: ownerField ?? def.ownerField,
    path: resPath ?? `/api/{user_id}/${name ?? pluralName(model)}`,
    foreignAccess: foreign ?? 404,
    operations: ops ? [...new Set(ops)] : [...OPERATIONS],
    fields: fields ?? (model === 'Task' ? def.fields : []),
    tasks: tasks ?? [],
  };
}

function readField(r: YamlReader, node: YNode, path: string): ResourceField | undefined {
  const m = r.map(node, path, FIELD_KEYS);
  if (!m) return undefined;
  const name = r.str(m.get('name'), `${path}.name`);
  if (name === undefined) {
    if (!m.has('name')) r.error(node, `\`${path}\` needs a \`name\``);
    return undefined;
  }
  if (!isPyIdentifier(name)) {
    r.error(r.node(m.get('name')), `\`${path}.name\` must be a Python identifier, got ${name}`);
    return undefined;
  }
  const type = r.str(m.get('type'), `${path}.type`) ?? 'str';
  if (!FIELD_TYPE.test(type)) {
    r.error(r.node(m.get('type')), `\`${path}.type\` must be a Python type like str, int, bool, datetime or \`str | None\`, got ${type}`);
    return undefined;
  }
  const optional = r.bool(m.get('optional'), `${path}.optional`) ?? (/\|\s*None$/.test(type) || /^Optional\[/.test(type));
  return { name, type, optional };
}

/** Requirements anywhere in the body: list items whose first paragraph starts with a bold ID. */
function readRequirements(children: Nodes[], file: string): { requirements: Requirement[]; diagnostics: Diagnostic[] } {
  const requirements: Requirement[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, Requirement>();
  const visit = (node: Nodes): void => {
    if (node.type === 'listItem') {
      const req = requirementOf(node, file);
      if (req) {
        const prev = seen.get(req.id);
        if (prev) {
          diagnostics.push({
            severity: 'error',
            file,
            line: req.pos.line,
            column: req.pos.column,
            message: `duplicate requirement ID ${req.id} (first at ${file}:${prev.pos.line})`,
            hint: 'give each requirement its own ID',
          });
        } else {
          seen.set(req.id, req);
          requirements.push(req);
        }
      }
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  for (const c of children) visit(c);
  return { requirements, diagnostics };
}

function requirementOf(item: ListItem, file: string): Requirement | null {
  const para = item.children[0];
  if (para?.type !== 'paragraph') return null;
  let children = (para as Paragraph).children;
  // Without GFM a task-list checkbox stays text: `[ ] **AUTH-001** …` (the spec is parsed without GFM).
  const lead = children[0];
  if (lead?.type === 'text' && /^\[[ xX]\][ \t]*$/.test(lead.value)) children = children.slice(1);
  const strong = children[0];
  if (strong?.type !== 'strong') return null;
  const id = nodeText(strong).trim().replace(/:$/, '').trim();
  if (!REQUIREMENT_ID.test(id)) return null;
  const rest = children.slice(1).map((c) => nodeText(c)).join('');
  const text = rest.replace(/^\s*[:\u2013\u2014-]?\s*/, '').replace(/\s+/g, ' ').trim();
  // Task IDs may sit anywhere in the item (also in further paragraphs), but not in nested list items.
  const ownText = item.children
    .filter((c): c is Exclude<typeof c, List> => c.type !== 'list')
    .map((c) => nodeText(c as Nodes))
    .join('\n');
  const spellings: string[] = [];
  const tasks: string[] = [];
  for (const m of ownText.matchAll(TASK_ID_IN_TEXT)) {
    const norm = normaliseTaskId(m[0]);
    if (norm && !tasks.includes(norm)) {
      tasks.push(norm);
      spellings.push(m[0]);
    }
  }
  const start = strong.position?.start ?? item.position?.start;
  return { id, text, tasks, taskSpellings: spellings, pos: { file, line: start?.line ?? 1, column: start?.column ?? 1 } };
}

export interface FastapiVersion {
  /** `0.115.0` for a pin or a lock file, otherwise the specifier as written (`>=0.100`). */
  version: string;
  /** Relative path of the file it came from. */
  file: string;
}

/**
 * FastAPI's version from the backend's lock or requirement files (first found wins: uv.lock, poetry.lock,
 * requirements.txt, pyproject.toml; in backend/ first, then at the root). A cheap text lookup: these
 * files name the package on a line of its own.
 */
export function detectFastapiVersion(root: string): FastapiVersion | undefined {
  for (const dir of ['backend', '.']) {
    for (const name of ['uv.lock', 'poetry.lock', 'requirements.txt', 'pyproject.toml']) {
      const rel = dir === '.' ? name : `${dir}/${name}`;
      const abs = join(root, rel);
      if (!existsSync(abs)) continue;
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      const version = name.endsWith('.lock') ? fromLock(text) : name === 'requirements.txt' ? fromRequirements(text) : fromPyproject(text);
      if (version) return { version, file: rel };
    }
  }
  return undefined;
}

function fromLock(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== 'name = "fastapi"') continue;
    for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('[') && lines[j]!.trim() !== ''; j++) {
      const m = /^version\s*=\s*"([^"]+)"/.exec(lines[j]!.trim());
      if (m) return m[1];
    }
  }
  return undefined;
}

function specifierVersion(spec: string | undefined): string | undefined {
  if (!spec) return undefined;
  const s = spec.replace(/\s+/g, '');
  const pin = /^===?([0-9][^,;]*)$/.exec(s);
  return pin ? pin[1] : s || undefined;
}

function fromRequirements(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^fastapi(?:\[[^\]]*\])?\s*([<>=!~][^;]*)?(?:;.*)?$/i.exec(line);
    if (m) return specifierVersion(m[1]) ?? '*';
  }
  return undefined;
}

function fromPyproject(text: string): string | undefined {
  // PEP 621: "fastapi>=0.110" in a dependencies array.
  const pep = /["']fastapi(?:\[[^\]]*\])?\s*([<>=!~][^"';]*)?(?:;[^"']*)?["']/i.exec(text);
  if (pep) return specifierVersion(pep[1]) ?? '*';
  // Poetry: fastapi = "^0.110.0" or fastapi = { version = "^0.110.0", ... }
  const poetry = /^\s*fastapi\s*=\s*(?:"([^"]+)"|\{[^}]*version\s*=\s*"([^"]+)")/im.exec(text);
  if (poetry) return poetry[1] ?? poetry[2];
  return undefined;
}
