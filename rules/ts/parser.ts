/**
 * TypeScript / TSX parsing with the `ts` compiler API bundled in ts-morph (no project, no type
 * checker): fast enough for every file. Rules that need symbols or types use ts-morph's Project
 * on the few files that call the backend.
 */
import { ts } from './compiler.js';

export function parseTs(path: string, source: string): ts.SourceFile {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : path.endsWith('.jsx') ? ts.ScriptKind.JSX : path.endsWith('.js') || path.endsWith('.mjs') || path.endsWith('.cjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  return ts.createSourceFile(path, source, ts.ScriptTarget.Latest, /* setParentNodes */ true, kind);
}

/** Syntax errors the parser recorded (ts stores them on the source file). */
export function tsSyntaxErrors(sf: ts.SourceFile): { line: number; column: number; message: string }[] {
  const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diags.map((d) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
    return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
}

export { ts };
