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

export interface TextSpan {
  line: number;
  column: number;
  endLine: number;
  /** One past the last character (1-based), as findings give it. */
  endColumn: number;
}

/**
 * Masks the given spans of a text (the string literals `hardcoded-secret` reports): a literal
 * keeps its quotes and shows `****` between them, so a code frame points at the key without
 * printing it. Line count and everything outside the spans are kept; a span that is only a name
 * (an imported constant reported at its use) is left as it is.
 */
export function maskSpans(text: string, spans: readonly TextSpan[]): string {
  if (spans.length === 0) return text;
  const parts = text.split(/(\r?\n)/);
  // parts: line, separator, line, separator, …: line k (1-based) is parts[2 * (k - 1)]
  for (const s of spans) {
    for (let l = s.line; l <= s.endLine; l++) {
      const i = 2 * (l - 1);
      const line = parts[i];
      if (line === undefined) break;
      const from = l === s.line ? Math.max(0, s.column - 1) : 0;
      const to = l === s.endLine ? Math.min(line.length, s.endColumn - 1) : line.length;
      if (to <= from) continue;
      const seg = line.slice(from, to);
      // a name (`AUTH_SECRET`, `config.SECRET_KEY`: a literal another module defines, reported where it is used) holds no value
      if (s.line === s.endLine && /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(seg)) continue;
      // the opening quote (and a prefix such as b or f) on the first line, the closing one on the last
      const open = l === s.line ? seg.search(/["'`]/) : -1;
      const close = l === s.endLine ? Math.max(seg.lastIndexOf('"'), seg.lastIndexOf("'"), seg.lastIndexOf('`')) : -1;
      const masked = `${open >= 0 ? seg.slice(0, open + 1) : ''}****${close > open ? seg.slice(close) : ''}`;
      parts[i] = line.slice(0, from) + masked + line.slice(to);
    }
  }
  return parts.join('');
}
