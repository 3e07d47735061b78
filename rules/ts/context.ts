/**
 * What the frontend rules need from the rule context: the phase-2 analysis of a TS file (imports
 * resolved through the ProjectIndex), cached per source file so several rules share one pass.
 */
import type { ts } from './compiler.js';
import type { RuleContextBase, TsFile } from '../types.js';
import type { TsAnalysis } from './analysis.js';
import { analyseTsFile, nextRoutePath, type EnvContext } from './index.js';

const envCache = new WeakMap<object, { spec: unknown; env: EnvContext }>();

/** Per index and spec (every TS file asks; the route paths scan every file of the repository). */
export function envContextOf(ctx: Pick<RuleContextBase, 'spec' | 'index'>): EnvContext {
  const hit = envCache.get(ctx.index);
  if (hit && hit.spec === ctx.spec) return hit.env;
  const env = computeEnvContext(ctx);
  envCache.set(ctx.index, { spec: ctx.spec, env });
  return env;
}

function computeEnvContext(ctx: Pick<RuleContextBase, 'spec' | 'index'>): EnvContext {
  const apiBaseUrlEnv = ctx.spec.frontend.apiBaseUrlEnv || 'NEXT_PUBLIC_API_URL';
  const apiBaseValues: string[] = [];
  for (const f of ctx.index.envFiles) for (const e of f.entries) if (e.key === apiBaseUrlEnv && e.value) apiBaseValues.push(e.value);
  const routePaths = ctx.index.files.map(nextRoutePath).filter((p): p is string => p !== null);
  return { apiBaseUrlEnv, apiBaseValues, tokenRoute: ctx.spec.output.tokenRoute || null, routePaths };
}

const cache = new WeakMap<ts.SourceFile, { index: unknown; analysis: TsAnalysis }>();

/** The phase-2 analysis of a file (one per source file and index). */
export function analysisOf(file: TsFile, ctx: Pick<RuleContextBase, 'spec' | 'index'>): TsAnalysis {
  const hit = cache.get(file.sourceFile);
  if (hit && hit.index === ctx.index) return hit.analysis;
  const analysis = analyseTsFile(file.sourceFile, ctx.index.ts, file.path, envContextOf(ctx));
  cache.set(file.sourceFile, { index: ctx.index, analysis });
  return analysis;
}

/** The secret's environment variable name (spec.verification.secretEnv, default BETTER_AUTH_SECRET). */
export function secretEnvOf(ctx: Pick<RuleContextBase, 'spec'>): string {
  return ctx.spec.verification.secretEnv || 'BETTER_AUTH_SECRET';
}
