/**
 * Task references in comments (`# T012 …`, `# [Task]: T-012`, `// T030`).
 * STUB: the traceability work replaces the bodies.
 */
import type { PyFile, TaskRef, TsFile } from './types.js';

export function pythonTaskRefs(_file: PyFile): TaskRef[] {
  return [];
}

export function tsTaskRefs(_file: TsFile): TaskRef[] {
  return [];
}
