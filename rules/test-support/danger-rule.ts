/**
 * A test double for engine tests: reports every call to `danger()` in Python and TS, found through
 * the parse trees, under a borrowed rule id (so severities, suppressions and --rule apply to it).
 */
import { ts } from '../ts/compiler.js';
import type { Rule } from '../types.js';

export function dangerRule(id: string, message: (file: string) => string = () => 'danger'): Rule {
  return {
    meta: {
      id,
      type: 'problem',
      defaultSeverity: 'error',
      description: 'test double',
      languages: ['python', 'typescript'],
      docs: { checks: '', why: '', incorrect: [], correct: [], fix: '' },
    },
    checkPython(file, ctx) {
      for (const n of file.tree.rootNode.descendantsOfType('call')) {
        if (n?.childForFieldName('function')?.text === 'danger') ctx.report({ message: message(file.path), line: n.startPosition.row + 1, column: n.startPosition.column + 1 });
      }
    },
    checkTs(file, ctx) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && node.expression.getText(file.sourceFile) === 'danger') {
          const p = file.sourceFile.getLineAndCharacterOfPosition(node.getStart(file.sourceFile));
          ctx.report({ message: message(file.path), line: p.line + 1, column: p.character + 1 });
        }
        node.forEachChild(visit);
      };
      visit(file.sourceFile);
    },
  };
}
