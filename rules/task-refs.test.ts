import { describe, expect, it } from 'vitest';
import { parsePython } from './python/parser.js';
import { parseTs } from './ts/parser.js';
import { pythonTaskRefs, taskIdsIn, tsTaskRefs } from './task-refs.js';

const strip = (refs: { id: string; spelling: string; line: number; column: number }[]) =>
  refs.map((r) => `${r.id}/${r.spelling}@${r.line}:${r.column}`);

describe('taskIdsIn', () => {
  it('finds the spellings people use, several per text', () => {
    expect(taskIdsIn('[Task]: T-012, also T013 and (depends on T7)').map((h) => [h.id, h.spelling])).toEqual([
      ['T012', 'T-012'],
      ['T013', 'T013'],
      ['T7', 'T7'],
    ]);
  });
  it('ignores words that merely contain T and digits', () => {
    expect(taskIdsIn('UTF-8 HS256 t012 T12a XT01 T1.2 T-shirt T- T01-x')).toEqual([]);
  });
});

/** A module with IDs in comments and a docstring, and ID-like text in code and strings. */
const VERIFY_MODULE = [
  'import jwt',
  'T002 = "T003 in a string"',
  '',
  'def verify(token):  # T012 verify the token',
  '    """Checks the token (T013)."""',
  '    x = "# T014 not a comment"',
  '    return x',
];

describe('pythonTaskRefs', () => {
  it('reads IDs from comments and docstrings, never from code or strings', async () => {
    const source = [
      '# [Task]: T-001',
      '# [From]: speckit.specify §2.1',
      ...VERIFY_MODULE,
    ].join('\n');
    const refs = pythonTaskRefs({ path: 'backend/app/auth.py', source, tree: await parsePython(source) });
    expect(strip(refs)).toEqual(['T001/T-001@1:11', 'T012/T012@6:23', 'T013/T013@7:26']);
    expect(refs.every((r) => r.file === 'backend/app/auth.py')).toBe(true);
  });

  it('reads the same comments and docstrings from a file with syntax errors (one linear scan, also over a deep ERROR chain)', async () => {
    const source = [
      '# [Task]: T-001',
      ...VERIFY_MODULE,
      '',
      'def broken(:  # T015 still a comment',
      `    y = ${'{'.repeat(3000)}  # T016 inside the error`,
    ].join('\n');
    const tree = await parsePython(source);
    expect(tree.rootNode.hasError).toBe(true);
    const refs = pythonTaskRefs({ path: 'backend/app/auth.py', source, tree });
    expect(strip(refs)).toEqual(['T001/T-001@1:11', 'T012/T012@5:23', 'T013/T013@6:26', 'T015/T015@10:17', 'T016/T016@11:3013']);
  });
});

describe('tsTaskRefs', () => {
  it('reads line, block and JSX comments, never strings, templates or JSX text', () => {
    const source = [
      '// T030 the API client',
      "const s = 'T031';",
      'const t = `// T032 ${s}`;',
      '/* T-001',
      '   and T002 */',
      'export function f() {',
      '  return <div>// T033 text {/* T034 */}</div>;',
      '  // T035 before the closing brace',
      '  f(1 /* T036 */, 2); /** T037 */',
      '}',
    ].join('\n');
    const refs = tsTaskRefs({ path: 'frontend/lib/api.tsx', source, sourceFile: parseTs('frontend/lib/api.tsx', source) });
    expect(strip(refs)).toEqual(['T030/T030@1:4', 'T001/T-001@4:4', 'T002/T002@5:8', 'T034/T034@7:32', 'T035/T035@8:6', 'T036/T036@9:10', 'T037/T037@9:27']);
  });
});
