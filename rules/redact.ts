/**
 * What reporters may show of a file: .env files with every value masked, so a code frame under a
 * finding on `BETTER_AUTH_SECRET=…` shows the key and never the value. Other files are unchanged.
 */
export function isEnvPath(file: string): boolean {
  const base = file.split(/[\\/]/).pop() ?? '';
  return base === '.env' || base.startsWith('.env.');
}

/** Replaces the value of every `KEY=value` line of a .env file with `****` (line count kept). */
export function redactForDisplay(file: string, text: string): string {
  if (!isEnvPath(file)) return text;
  return text
    .split(/(\r?\n)/)
    .map((part) => {
      const m = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*)(.*)$/.exec(part);
      if (m) return m[2] === '' ? part : `${m[1]}****`;
      // continuation lines of multi-line quoted values, and anything else that is not a comment
      return /^\s*(#.*)?$/.test(part) || part === '\n' || part === '\r\n' ? part : '****';
    })
    .join('');
}
