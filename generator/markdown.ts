/** Markdown through unified + remark-parse + remark-frontmatter (YAML) + remark-gfm (task list items, tables). */
import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

let processor: ReturnType<typeof build> | undefined;

function build() {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
}

export function parseMarkdown(text: string): Root {
  processor ??= build();
  return processor.parse(text);
}

/** The plain text of a node (inline code included, markup dropped). */
export function nodeText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'yaml' && node.type !== 'html') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(nodeText).join('');
  return '';
}
