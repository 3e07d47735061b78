/**
 * The shared, typed model that every part of authspec reads: the spec (front matter + requirements),
 * the task list, and where each value came from. Readers live in spec.ts and tasks.ts.
 */

export type VerificationMode = 'jwks' | 'shared-secret';
export type ForeignAccessStatus = 403 | 404;

/** The five basic features, as operations: list and read = View, create = Add, ... */
export type Operation = 'list' | 'read' | 'create' | 'update' | 'delete' | 'complete';
export const OPERATIONS: readonly Operation[] = ['list', 'read', 'create', 'update', 'delete', 'complete'];
export type Feature = 'View' | 'Add' | 'Update' | 'Delete' | 'Complete';
export const FEATURE_OF: Readonly<Record<Operation, Feature>> = {
  list: 'View',
  read: 'View',
  create: 'Add',
  update: 'Update',
  delete: 'Delete',
  complete: 'Complete',
};

/** A position in a source file; lines and columns are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

export interface Verification {
  mode: VerificationMode;
  /** Explicit allow-list; default EdDSA for jwks, HS256 for shared-secret. */
  algorithms: string[];
  issuer?: string;
  audience?: string;
  /** jwks mode: default issuer + /api/auth/jwks. Always set after reading when an issuer exists. */
  jwksUrl?: string;
  /** Environment variable holding the shared secret (shared-secret mode) - default BETTER_AUTH_SECRET. */
  secretEnv: string;
  /** Claim carrying the user id - default sub. */
  userIdClaim: string;
  /** Default: exp, iat, sub (the userIdClaim), plus iss / aud when issuer / audience are set. */
  requiredClaims: string[];
  /** Clock skew allowed, default 0. */
  leewaySeconds: number;
  /** Task IDs that implement verification (normalised, e.g. T010). */
  tasks: string[];
}

export interface ResourceField {
  name: string;
  /** Python-ish type name: str, int, bool, float, datetime, and optional forms like `str | None`. */
  type: string;
  optional: boolean;
}

export interface Resource {
  /** Identifier used in file and function names, e.g. `tasks`. Default: model name lower-cased + s. */
  name: string;
  /** SQLModel class name, e.g. `Task`. */
  model: string;
  /** Owner column on the model, default `user_id`. */
  ownerField: string;
  /** Collection path, e.g. `/api/{user_id}/tasks`. */
  path: string;
  /** What a request for another user's item gets, default 404. */
  foreignAccess: ForeignAccessStatus;
  operations: Operation[];
  /** Fields a client may set (create/update bodies). Default for Task: title, description, completed. */
  fields: ResourceField[];
  /** Task IDs linked to this resource (normalised). */
  tasks: string[];
}

export interface OutputPaths {
  /** Python module with the auth dependency. Default backend/app/auth.py. */
  backendAuth: string;
  /** Folder for one router module per resource. Default backend/app/routers. */
  backendRouters: string;
  /** Frontend client. Default frontend/lib/api.ts. */
  apiClient: string;
  /** shared-secret mode only: Next.js route handler that mints the HS256 token. Default frontend/app/api/token/route.ts. */
  tokenRoute: string;
}

/** How generated backend code reaches the hand-written parts of the app. */
export interface BackendSettings {
  /** Python module that defines the resource models, default `app.models`. */
  modelsModule: string;
  /** `module:function` of the SQLModel session dependency, default `app.db:get_session`. */
  sessionDependency: string;
  /** FastAPI version from requirements.txt / pyproject / lock files, when found. */
  fastapiVersion?: string;
}

export interface FrontendSettings {
  /** Module that exports the Better Auth client (`authClient`), default `@/lib/auth-client`. */
  authClientModule: string;
  /** Module that exports the Better Auth server instance (`auth`), default `@/lib/auth`. */
  authServerModule: string;
  /** Environment variable holding the backend base URL, default NEXT_PUBLIC_API_URL. */
  apiBaseUrlEnv: string;
}

/** `- **AUTH-001** text (T010, T011)` in the spec body. */
export interface Requirement {
  id: string;
  text: string;
  /** Normalised task IDs named in the requirement. */
  tasks: string[];
  /** The spellings as written, parallel to `tasks`. */
  taskSpellings: string[];
  pos: SourcePos;
}

export interface Spec {
  /** Path of the spec relative to the root, or null when no spec file exists (defaults in force). */
  file: string | null;
  /** True when the file had YAML front matter. */
  hasFrontMatter: boolean;
  verification: Verification;
  envFiles: string[];
  resources: Resource[];
  /** Task list path relative to the root, as configured; null = auto-discover. */
  tasksPath: string | null;
  output: OutputPaths;
  /** Folder (relative to root) whose files override built-in templates. */
  templates: string | null;
  backend: BackendSettings;
  frontend: FrontendSettings;
  requirements: Requirement[];
  /** Where each front-matter value came from, keyed by its dotted path (`verification.issuer`, `resources.0.path`). */
  positions: Map<string, SourcePos>;
}

export interface Task {
  /** Normalised ID: `T` + digits, e.g. T012 (from T-012 too). */
  id: string;
  /** As written in the file, e.g. T-012. */
  spelling: string;
  title: string;
  done: boolean;
  parallel: boolean;
  phase: string | null;
  story: string | null;
  dependsOn: string[];
  pos: SourcePos;
}

export interface TaskList {
  /** Relative path of the list, or null when none was found. */
  file: string | null;
  tasks: Task[];
  byId: Map<string, Task>;
}

/** Normalises a task ID spelling: `T-012`, `t012`, `T012` → `T012`. Returns null for non-IDs. */
export function normaliseTaskId(spelling: string): string | null {
  const m = /^[Tt]-?(\d{1,6})$/.exec(spelling.trim());
  return m ? `T${m[1]}` : null;
}

export function defaultVerification(mode: VerificationMode = 'jwks', issuer?: string, audience?: string): Verification {
  const claims = ['exp', 'iat', 'sub'];
  if (issuer) claims.push('iss');
  if (audience) claims.push('aud');
  return {
    mode,
    algorithms: mode === 'jwks' ? ['EdDSA'] : ['HS256'],
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
    ...(mode === 'jwks' && issuer ? { jwksUrl: `${issuer.replace(/\/+$/, '')}/api/auth/jwks` } : {}),
    secretEnv: 'BETTER_AUTH_SECRET',
    userIdClaim: 'sub',
    requiredClaims: claims,
    leewaySeconds: 0,
    tasks: [],
  };
}

export const DEFAULT_ENV_FILES = ['frontend/.env.local', 'frontend/.env', 'backend/.env'];

export const DEFAULT_OUTPUT: Readonly<OutputPaths> = {
  backendAuth: 'backend/app/auth.py',
  backendRouters: 'backend/app/routers',
  apiClient: 'frontend/lib/api.ts',
  tokenRoute: 'frontend/app/api/token/route.ts',
};

export function defaultTaskResource(): Resource {
  return {
    name: 'tasks',
    model: 'Task',
    ownerField: 'user_id',
    path: '/api/{user_id}/tasks',
    foreignAccess: 404,
    operations: [...OPERATIONS],
    fields: [
      { name: 'title', type: 'str', optional: false },
      { name: 'description', type: 'str | None', optional: true },
      { name: 'completed', type: 'bool', optional: true },
    ],
    tasks: [],
  };
}

/** The spec in force when a repository has no spec file: jwks mode, one Task resource. */
export function defaultSpec(): Spec {
  return {
    file: null,
    hasFrontMatter: false,
    verification: defaultVerification('jwks'),
    envFiles: [...DEFAULT_ENV_FILES],
    resources: [defaultTaskResource()],
    tasksPath: null,
    output: { ...DEFAULT_OUTPUT },
    templates: null,
    backend: { modelsModule: 'app.models', sessionDependency: 'app.db:get_session' },
    frontend: { authClientModule: '@/lib/auth-client', authServerModule: '@/lib/auth', apiBaseUrlEnv: 'NEXT_PUBLIC_API_URL' },
    requirements: [],
    positions: new Map(),
  };
}

export const DEFAULT_SPEC_PATH = 'specs/features/authentication.md';
