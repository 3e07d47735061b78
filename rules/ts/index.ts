/**
 * TypeScript facts (phase 1, per file, serialisable) and the project-wide TS index.
 * STUB shapes: the frontend-rules work fills them in.
 */
import type { TsFile } from '../types.js';

export interface TsFileFacts {
  path: string;
}

export interface TsIndex {
  files: TsFileFacts[];
}

/** Cheap pre-filter on the raw text: false means the file cannot matter to any TS rule. */
export function tsMayMatter(_source: string): boolean {
  return true;
}

export function extractTsFacts(file: TsFile): TsFileFacts {
  return { path: file.path };
}

export function buildTsIndex(facts: TsFileFacts[]): TsIndex {
  return { files: facts };
}

export function emptyTsIndex(): TsIndex {
  return { files: [] };
}
