/**
 * `authspec check --since <git-ref>`: keep only findings on lines changed since the ref.
 * STUB: the traceability work replaces this.
 */
import { UserError } from '../generator/errors.js';
import type { Finding, RuleContextBase } from './types.js';

export async function applySince(_root: string, ref: string, _findings: Finding[], _ctx: RuleContextBase): Promise<Finding[]> {
  throw new UserError(`--since is not implemented yet`, { file: ref });
}
