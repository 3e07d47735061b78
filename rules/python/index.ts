/**
 * Python facts (phase 1) and the project-wide Python index: functions, imports, call sites,
 * FastAPI routes and dependencies, SQLModel models. Owned by the backend-rules work.
 */
export interface PythonIndex {
  // filled in by the backend-rules work
  [key: string]: unknown;
}

export function emptyPythonIndex(): PythonIndex {
  return {};
}
