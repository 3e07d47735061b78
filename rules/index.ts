/**
 * The rule registry: every rule authspec runs. One import line and one list entry per rule; each
 * rule module default-exports its `Rule`. rules/ids.ts (RULE_IDS) lists the same ids, and
 * rules/index.test.ts keeps the two in step.
 */
import type { Rule } from './types.js';
import parseError from './parse-error.js';
import suppressionReason from './suppression-reason.js';
import unusedSuppression from './unused-suppression.js';
import taskLink from './task-link.js';
import unknownTaskId from './unknown-task-id.js';
import clientBearerHeader from './client-bearer-header.js';
import clientTokenStorage from './client-token-storage.js';
import secretExposure from './secret-exposure.js';
import secretSync from './secret-sync.js';
import hardcodedSecret from './hardcoded-secret.js';
import userScopedQuery from './user-scoped-query.js';
import protectedRoute from './protected-route.js';
import jwtVerificationConfig from './jwt-verification-config.js';
import pathUserCheck from './path-user-check.js';
import generatedDrift from './generated-drift.js';
import statelessVerification from './stateless-verification.js';
import authErrorStatus from './auth-error-status.js';
import untrustedIdentity from './untrusted-identity.js';
import tokenLogging from './token-logging.js';

export const RULES: Rule[] = [
  parseError,
  suppressionReason,
  unusedSuppression,
  taskLink,
  unknownTaskId,
  clientBearerHeader,
  clientTokenStorage,
  secretExposure,
  secretSync,
  hardcodedSecret,
  userScopedQuery,
  protectedRoute,
  jwtVerificationConfig,
  pathUserCheck,
  generatedDrift,
  statelessVerification,
  authErrorStatus,
  untrustedIdentity,
  tokenLogging,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
