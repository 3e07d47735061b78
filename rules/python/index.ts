/**
 * Python facts (phase 1, per file, serialisable) and the project-wide Python index: functions,
 * imports, call sites, FastAPI routes and dependencies, SQLModel models.
 * STUB shapes: the backend-rules work fills them in.
 */
import type { PyFile } from '../types.js';

/** What one Python file contributes to the index (JSON-serialisable: it crosses worker threads). */
export interface PyFileFacts {
  path: string;
}

/** Project-wide, JSON-serialisable. */
export interface PythonIndex {
  files: PyFileFacts[];
}

/** Cheap pre-filter on the raw text: false means the file cannot matter to any Python rule. */
export function pythonMayMatter(_source: string): boolean {
  return true;
}

export function extractPythonFacts(file: PyFile): PyFileFacts {
  return { path: file.path };
}

export function buildPythonIndex(facts: PyFileFacts[]): PythonIndex {
  return { files: facts };
}

export function emptyPythonIndex(): PythonIndex {
  return { files: [] };
}
