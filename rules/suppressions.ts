/**
 * Suppression comments: `# authspec-ignore <rule-id>[, <rule-id>…]: <reason>` in Python,
 * `// authspec-ignore …` (or a block comment) in TS. A suppression covers findings of the named
 * rules that start on its own line or on the line after it.
 *
 * Comments come from the parse trees (tree-sitter `comment` nodes; the TS scanner's comment
 * trivia), so a string that merely contains the words does not count. Only the comment text is
 * matched with a pattern.
 *
 * Two findings come from here: `suppression-reason` (no reason given: the suppression still
 * applies, the missing reason is the finding) and `unused-suppression` (it suppressed nothing,
 * or names an unknown rule).
 */
import { ts } from './ts/compiler.js';
import type { Finding, PyFile, TsFile } from './types.js';

export const SUPPRESSION_MARKER = 'authspec-ignore';

export interface Suppression {
  file: string;
  /** 1-based line and column of the comment. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleIds: string[];
  /** Empty when none was given. */
  reason: string;
}

/** Parses the text of one comment (with its `#`, `//` or `/* *\/`). */
export function parseSuppressionComment(comment: string): { ruleIds: string[]; reason: string } | null {
  let body = comment.trim();
  if (body.startsWith('#')) body = body.slice(1);
  else if (body.startsWith('//')) body = body.slice(2);
  else if (body.startsWith('/*')) body = body.slice(2, body.endsWith('*/') ? -2 : undefined);
  body = body.trim();
  if (!body.startsWith(SUPPRESSION_MARKER)) return null;
  const rest = body.slice(SUPPRESSION_MARKER.length);
  if (rest && !/^[\s:]/.test(rest)) return null;
  const colon = rest.indexOf(':');
  const idsPart = colon === -1 ? rest : rest.slice(0, colon);
  const reason = colon === -1 ? '' : rest.slice(colon + 1).trim();
  const ruleIds = idsPart
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return { ruleIds, reason };
}

export function pythonSuppressions(file: PyFile): Suppression[] {
  if (!file.source.includes(SUPPRESSION_MARKER)) return [];
  const out: Suppression[] = [];
  for (const node of file.tree.rootNode.descendantsOfType('comment')) {
    if (!node) continue;
    const parsed = parseSuppressionComment(node.text);
    if (!parsed) continue;
    out.push({
      file: file.path,
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      endLine: node.endPosition.row + 1,
      endColumn: node.endPosition.column + 1,
      ...parsed,
    });
  }
  return out;
}

/** Suppressions in the `#` comments of a .env file (see parseDotenv). */
export function envSuppressions(path: string, comments: readonly { line: number; column: number; text: string }[]): Suppression[] {
  const out: Suppression[] = [];
  for (const c of comments) {
    const parsed = parseSuppressionComment(c.text);
    if (parsed) out.push({ file: path, line: c.line, column: c.column, endLine: c.line, endColumn: c.column + c.text.length, ...parsed });
  }
  return out;
}

/** The comment ranges of a TS file that contain the marker, found through the parser's tokens. */
export function tsSuppressions(file: TsFile): Suppression[] {
  const { source, sourceFile: sf } = file;
  if (!source.includes(SUPPRESSION_MARKER)) return [];
  const out: Suppression[] = [];
  const seen = new Set<number>();
  let at = source.indexOf(SUPPRESSION_MARKER);
  while (at !== -1) {
    const range = commentRangeAt(sf, at);
    if (range && !seen.has(range.pos)) {
      seen.add(range.pos);
      const parsed = parseSuppressionComment(source.slice(range.pos, range.end));
      if (parsed) {
        const start = sf.getLineAndCharacterOfPosition(range.pos);
        const end = sf.getLineAndCharacterOfPosition(range.end);
        out.push({ file: file.path, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, ...parsed });
      }
    }
    at = source.indexOf(SUPPRESSION_MARKER, at + SUPPRESSION_MARKER.length);
  }
  return out;
}

/** The comment (leading or trailing trivia of the token that follows it) that covers `pos`, if any. */
function commentRangeAt(sf: ts.SourceFile, pos: number): ts.CommentRange | null {
  // Descend to the token whose full span (leading trivia included) holds pos.
  let token: ts.Node = sf;
  for (;;) {
    const child = token.getChildren(sf).find((c) => c.pos <= pos && pos < c.end);
    if (!child) break;
    token = child;
  }
  if (pos >= token.getStart(sf) && token.kind !== ts.SyntaxKind.EndOfFileToken) return null; // inside a token: a string, a template…
  const text = sf.text;
  for (const r of ts.getLeadingCommentRanges(text, token.pos) ?? []) if (r.pos <= pos && pos < r.end) return r;
  for (const r of ts.getTrailingCommentRanges(text, token.pos) ?? []) if (r.pos <= pos && pos < r.end) return r;
  return null;
}

export interface SuppressionOutcome {
  /** Findings left after suppression, plus suppression-reason / unused-suppression findings. */
  findings: Finding[];
  suppressed: number;
}

export interface ApplyOptions {
  /** Rules that ran: a suppression naming a rule that did not run is neither used nor unused. */
  enabled: ReadonlySet<string>;
  /** Every rule id authspec knows. */
  known: ReadonlySet<string>;
  /** Severity for the two suppression rules, or 'off'. */
  reasonSeverity: Finding['severity'] | 'off';
  unusedSeverity: Finding['severity'] | 'off';
}

export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], opts: ApplyOptions): SuppressionOutcome {
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const list = byFile.get(s.file) ?? [];
    list.push(s);
    byFile.set(s.file, list);
  }
  const used = new Set<string>(); // `${suppression index in byFile list}:${file}:${ruleId}`
  const key = (s: Suppression, id: string): string => `${s.file}:${s.line}:${s.column}:${id}`;
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const f of findings) {
    const list = byFile.get(f.file);
    const hit = list?.find((s) => (f.line === s.line || f.line === s.endLine + 1) && s.ruleIds.includes(f.ruleId));
    if (hit) {
      used.add(key(hit, f.ruleId));
      suppressed++;
    } else {
      kept.push(f);
    }
  }
  for (const s of suppressions) {
    const where = { file: s.file, line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn };
    if (opts.reasonSeverity !== 'off' && !s.reason) {
      kept.push({
        ruleId: 'suppression-reason',
        severity: opts.reasonSeverity,
        ...where,
        message: s.ruleIds.length ? `suppression of ${s.ruleIds.join(', ')} gives no reason` : 'suppression names no rule and gives no reason',
        hint: `write it as \`${SUPPRESSION_MARKER} <rule-id>: <why this is safe>\``,
      });
    }
    if (opts.unusedSeverity === 'off') continue;
    if (s.ruleIds.length === 0) {
      kept.push({ ruleId: 'unused-suppression', severity: opts.unusedSeverity, ...where, message: 'suppression names no rule, so it suppresses nothing', hint: `name the rule: \`${SUPPRESSION_MARKER} <rule-id>: <reason>\`` });
      continue;
    }
    for (const id of s.ruleIds) {
      if (!opts.known.has(id)) {
        kept.push({ ruleId: 'unused-suppression', severity: opts.unusedSeverity, ...where, message: `suppression names unknown rule \`${id}\``, hint: 'see `authspec explain` for the rule ids' });
      } else if (opts.enabled.has(id) && !used.has(key(s, id))) {
        kept.push({ ruleId: 'unused-suppression', severity: opts.unusedSeverity, ...where, message: `suppression of \`${id}\` suppresses nothing here`, hint: 'remove the comment (the code no longer triggers the rule on this line or the next)' });
      }
    }
  }
  return { findings: kept, suppressed };
}
