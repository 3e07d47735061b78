/**
 * Errors a user can cause. The CLI prints `file:line:column: message` (plus a hint) and exits 2;
 * anything else that escapes is a bug and is reported as such, still without a stack trace
 * unless AUTHSPEC_DEBUG is set.
 */
export interface Place {
  /** Path relative to the root when inside it, otherwise as the user gave it. */
  file: string;
  line?: number;
  column?: number;
}

/**
 * Marks a UserError across copies of this module: the bundled CLI (dist/cli/authspec.js) and the unbundled
 * modules it imports lazily (dist/generator/commands/check.js and what it loads) each hold their own
 * copy of this class, so `instanceof` alone would miss an error thrown by the other copy.
 */
const USER_ERROR = Symbol.for('authspec.UserError');

/** True for a UserError from any copy of this module. */
export function isUserError(err: unknown): err is UserError {
  return typeof err === 'object' && err !== null && (err as { [USER_ERROR]?: unknown })[USER_ERROR] === true;
}

export class UserError extends Error {
  /** `x instanceof UserError` holds for a UserError from any copy of this module (see isUserError). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === UserError ? isUserError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  readonly place: Place | undefined;
  readonly hint: string | undefined;
  /** 2 for usage/config/spec errors (the default). */
  readonly exitCode: number;

  constructor(message: string, place?: Place, hint?: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.place = place;
    this.hint = hint;
    this.exitCode = exitCode;
    Object.defineProperty(this, USER_ERROR, { value: true });
  }

  /** One line: `file:line:column: message (hint)`. */
  format(): string {
    return formatDiagnostic(this.place, this.message, this.hint);
  }
}

export function formatDiagnostic(place: Place | undefined, message: string, hint?: string): string {
  let where = '';
  if (place) {
    where = place.file;
    if (place.line !== undefined) {
      where += `:${place.line}`;
      if (place.column !== undefined) where += `:${place.column}`;
    }
    where += ': ';
  }
  const oneLine = message.replace(/\s*\n\s*/g, ' ');
  return `${where}${oneLine}${hint ? ` (${hint})` : ''}`;
}

/** A problem found while reading the spec, task list or config: errors stop the command, warnings do not. */
export interface Diagnostic extends Place {
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  /**
   * The `check` rule that reports the same problem as a finding (`unknown-task-id`): `check` leaves
   * the diagnostic out when that rule runs, so the problem is said once.
   */
  rule?: string;
}

export function formatDiagnosticLine(d: Diagnostic): string {
  return `${formatDiagnostic(d, `${d.severity}: ${d.message}`, d.hint)}`;
}

/** Throws a UserError for the first error-level diagnostic, if any. */
export function throwOnErrors(diagnostics: readonly Diagnostic[]): void {
  const first = diagnostics.find((d) => d.severity === 'error');
  if (first) throw new UserError(first.message, first, first.hint);
}
