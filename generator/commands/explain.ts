/**
 * `authspec explain [rule-id]`: a rule's documentation (what it checks, why, incorrect and
 * correct code, how to fix, how to suppress, options), or without an id every rule with its
 * default severity and description. The text is the same as docs/rules/<id>.md (rules/docs.ts).
 */
import { UserError } from '../errors.js';

export async function run(options: Record<string, unknown>): Promise<number> {
  const { RULES } = await import('../../rules/index.js');
  const { formatRuleDoc, formatRuleList, GENERATED_NOTE } = await import('../../rules/docs.js');
  const id = options.ruleId === undefined || options.ruleId === null ? undefined : String(options.ruleId);
  if (id === undefined || id === '') {
    process.stdout.write(formatRuleList(RULES.map((r) => r.meta)));
    return 0;
  }
  const rule = RULES.find((r) => r.meta.id === id);
  if (!rule) {
    const { unknownRuleError } = await import('../../rules/engine.js');
    throw unknownRuleError(id, { file: 'explain' }, RULES.map((r) => r.meta.id));
  }
  process.stdout.write(`${formatRuleDoc(rule.meta).replace(GENERATED_NOTE, '').trimStart()}`);
  return 0;
}
