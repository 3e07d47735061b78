import { UserError } from '../errors.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `90s`, `15m`, `1h`, `2d` (or plain seconds) → seconds. Throws a UserError (exit 2) for anything else. */
export function parseDuration(text: string, flag = '--ttl'): number {
  const m = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[m[2] || 's']! : NaN;
  if (!m || seconds <= 0 || seconds > 30 * 86400) {
    throw new UserError(`invalid ${flag} value '${text}'`, { file: flag }, 'use a positive duration up to 30d, e.g. 90s, 15m, 1h, 2d');
  }
  return seconds;
}
