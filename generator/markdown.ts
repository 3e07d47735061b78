/**
 * Markdown through unified + remark-parse + remark-frontmatter (YAML), plus remark-gfm where GFM matters
 * (task list items in task lists). The spec reader needs no GFM construct (requirements are list items
 * starting with a bold ID), and GFM's autolink-literal pass is the slowest part of a cold parse, so the
 * spec is parsed without it to keep `validate` fast.
 */
import type { Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

let plain: ReturnType<typeof buildPlain> | undefined;
let gfm: ReturnType<typeof buildGfm> | undefined;

function buildPlain() {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).freeze();
}

function buildGfm() {
  return unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();
}

export function parseMarkdown(text: string, opts: { gfm?: boolean } = {}): Root {
  if (opts.gfm === false) return (plain ??= buildPlain()).parse(text);
  return (gfm ??= buildGfm()).parse(text);
}

/** The plain text of a node (inline code included, markup dropped). */
export function nodeText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'yaml' && node.type !== 'html') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(nodeText).join('');
  return '';
}
