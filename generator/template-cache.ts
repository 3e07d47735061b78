/**
 * Compiling templates fast. Handlebars' compiler costs a few hundred milliseconds per run (loading it,
 * then compiling each template), more than the start-up budget of `authspec generate`. So the built-in
 * templates are precompiled into generator/templates.precompiled.ts (committed; its test regenerates it
 * with AUTHSPEC_UPDATE_GOLDEN=1 and fails when it is stale) and run on the small Handlebars runtime.
 * A template whose text does not match its precompiled hash (a project override, or an edited
 * built-in before the module was regenerated) goes through the full compiler, so output never depends
 * on which path was taken.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import handlebarsRuntime from 'handlebars/runtime.js';
import { PRECOMPILED } from './templates.precompiled.js';

export const TEMPLATE_NAMES = ['auth.py.hbs', 'router.py.hbs', 'api.ts.hbs', 'token-route.ts.hbs'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

export type Render = (context: object) => string;
type Helpers = Record<string, (...args: never[]) => unknown>;

interface HandlebarsEnv {
  registerHelper(name: string, fn: (...args: never[]) => unknown): void;
  template(spec: unknown): Render;
  compile?(source: string, options: object): Render;
  precompile?(source: string, options: object): string;
}

// The runtime is a static import (the CLI bundle holds it); the full compiler is required only when needed.
const requireHere = createRequire(import.meta.url);
let runtimeEnv: HandlebarsEnv | undefined;
let compilerEnv: HandlebarsEnv | undefined;

function withHelpers(env: HandlebarsEnv, helpers: Helpers): HandlebarsEnv {
  for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn);
  return env;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** How a template would be compiled: `precompiled` (runtime only) or `compiler` (full Handlebars). */
export function compilePath(name: string, source: string): 'precompiled' | 'compiler' {
  const pre = (PRECOMPILED as Record<string, { sha256: string } | undefined>)[name];
  return pre && pre.sha256 === sha256(source) ? 'precompiled' : 'compiler';
}

/** A render function for the template; `forceCompiler` skips the precompiled path (tests). */
export function compileTemplate(name: string, source: string, helpers: Helpers, forceCompiler = false): Render {
  const pre = (PRECOMPILED as Record<string, { sha256: string; spec: unknown } | undefined>)[name];
  if (!forceCompiler && pre && pre.sha256 === sha256(source)) {
    runtimeEnv ??= withHelpers((handlebarsRuntime as unknown as { create(): HandlebarsEnv }).create(), helpers);
    return runtimeEnv.template(pre.spec);
  }
  compilerEnv ??= withHelpers((requireHere('handlebars') as { create(): HandlebarsEnv }).create(), helpers);
  return compilerEnv.compile!(source, COMPILE_OPTIONS);
}

/** The text of generator/templates.precompiled.ts for the given template sources. */
export function precompiledModule(sources: ReadonlyMap<string, string>): string {
  const hb = (requireHere('handlebars') as { create(): HandlebarsEnv }).create();
  const entries = [...sources].map(
    ([name, source]) => `  ${JSON.stringify(name)}: {\n    sha256: ${JSON.stringify(sha256(source))},\n    spec: ${hb.precompile!(source, COMPILE_OPTIONS)},\n  },`,
  );
  return [
    '// @ts-nocheck',
    '/* eslint-disable */',
    '// Generated from templates/*.hbs by generator/template-cache.ts (AUTHSPEC_UPDATE_GOLDEN=1 npx vitest run generator/template-cache.test.ts).',
    '// Do not edit: a template whose hash does not match is compiled at run time instead.',
    'export const PRECOMPILED = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
