/**
 * TypeScript facts (phase 1) and the project-wide TS index. Owned by the frontend-rules work.
 */
export interface TsIndex {
  // filled in by the frontend-rules work
  [key: string]: unknown;
}

export function emptyTsIndex(): TsIndex {
  return {};
}
