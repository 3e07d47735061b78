/**
 * Every rule id authspec knows, without importing the rules (so `validate` can check a config
 * cheaply). rules/index.ts must register exactly these; a test keeps the two in step.
 */
export const RULE_IDS = [
  // backend (Python)
  'user-scoped-query',
  'stateless-verification',
  'jwt-verification-config',
  'hardcoded-secret',
  'protected-route',
  'path-user-check',
  'auth-error-status',
  'untrusted-identity',
  'token-logging',
  // frontend and repository
  'client-bearer-header',
  'client-token-storage',
  'secret-exposure',
  'secret-sync',
  // traceability
  'task-link',
  'unknown-task-id',
  // engine
  'generated-drift',
  'parse-error',
  'suppression-reason',
  'unused-suppression',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}
