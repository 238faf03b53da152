/**
 * A deliberately small template language for the App Review pieces. The whole syntax:
 *
 *   {{name}}                        the value of a variable (spaces inside the braces are allowed)
 *   {{#if name}} ... {{/if}}        the inner text only when the variable has a value
 *   {{#if name}} ... {{else}} ... {{/if}}
 *   {{! a comment }}                removed; may span lines
 *
 * A block tag or comment that stands alone on its line takes the whole line with it, so
 * conditionals do not leave blank lines behind. There are no loops, no filters and no escaping:
 * values are inserted as they are, once, and never parsed again.
 */

export interface TextNode {
  kind: 'text';
  text: string;
}

export interface VariableNode {
  kind: 'var';
  name: string;
  line: number;
}

export interface IfNode {
  kind: 'if';
  name: string;
  line: number;
  then: TemplateNode[];
  otherwise: TemplateNode[];
}

export type TemplateNode = TextNode | VariableNode | IfNode;

export interface ParsedTemplate {
  file: string;
  nodes: TemplateNode[];
}

/** A problem in a template, located by file and line. */
export interface TemplateProblem {
  file: string;
  line: number;
  message: string;
}

export class TemplateSyntaxError extends Error {
  constructor(readonly problem: TemplateProblem) {
    super(`${problem.file}:${problem.line}: ${problem.message}`);
    this.name = 'TemplateSyntaxError';
  }
}

import { t } from '../../i18n/index.js';

const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

type Tag =
  | { type: 'var'; name: string }
  | { type: 'if'; name: string }
  | { type: 'else' }
  | { type: 'endif' }
  | { type: 'comment' };

function classify(inner: string): Tag | string {
  if (inner.startsWith('!')) return { type: 'comment' };
  const body = inner.trim();
  if (body.startsWith('#if')) {
    const name = body.slice(3).trim();
    if (!/^\s/.test(body.slice(3)) || !NAME.test(name)) return t('review.template.notCondition', { tag: `{{${body}}}`, example: '{{#if variableName}}' });
    return { type: 'if', name };
  }
  if (body === 'else') return { type: 'else' };
  if (body === '/if') return { type: 'endif' };
  if (NAME.test(body)) return { type: 'var', name: body };
  return t('review.template.notPlaceholder', { tag: `{{${body}}}`, name: '{{name}}', ifTag: '{{#if name}}', elseTag: '{{else}}', endTag: '{{/if}}', comment: '{{! comment }}' });
}

function lineAt(source: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses a template; throws TemplateSyntaxError naming the file and line of the first problem. */
export function parseTemplate(file: string, source: string): ParsedTemplate {
  const root: TemplateNode[] = [];
  // The stack of open {{#if}} blocks; `target` is where nodes currently go.
  const stack: Array<{ node: IfNode; inElse: boolean }> = [];
  const target = (): TemplateNode[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    return top.inElse ? top.node.otherwise : top.node.then;
  };
  const pushText = (text: string) => {
    if (text === '') return;
    const nodes = target();
    const last = nodes[nodes.length - 1];
    if (last?.kind === 'text') last.text += text;
    else nodes.push({ kind: 'text', text });
  };
  const fail = (index: number, message: string): never => {
    throw new TemplateSyntaxError({ file, line: lineAt(source, index), message });
  };

  let position = 0;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    if (open === -1) {
      pushText(source.slice(position));
      break;
    }
    const isComment = source.startsWith('{{!', open);
    const close = source.indexOf('}}', open + 2);
    if (close === -1) fail(open, t('review.template.neverClosed', { open: '{{', close: '}}' }));
    const inner = source.slice(open + 2, close);
    if (!isComment && inner.includes('\n')) fail(open, t('review.template.notClosedOnLine', { open: '{{', close: '}}' }));
    if (!isComment && inner.includes('{{')) fail(open, t('review.template.neverClosed', { open: '{{', close: '}}' }));
    const tag = classify(inner);
    if (typeof tag === 'string') fail(open, tag);
    const parsedTag = tag as Tag;
    let end = close + 2;
    let before = source.slice(position, open);

    if (parsedTag.type !== 'var') {
      // Standalone block tags and comments take their whole line, newline included.
      const lineStart = source.lastIndexOf('\n', open - 1) + 1;
      const newline = source.indexOf('\n', end);
      const lineEnd = newline === -1 ? source.length : newline;
      const leading = source.slice(Math.max(lineStart, position), open);
      const startsLine = lineStart >= position || /^[ \t]*$/.test(source.slice(lineStart, position));
      if (startsLine && /^[ \t]*$/.test(leading) && /^[ \t\r]*$/.test(source.slice(end, lineEnd))) {
        before = before.slice(0, before.length - leading.length);
        end = newline === -1 ? source.length : newline + 1;
      }
    }
    pushText(before);

    const line = lineAt(source, open);
    switch (parsedTag.type) {
      case 'var':
        target().push({ kind: 'var', name: parsedTag.name, line });
        break;
      case 'if': {
        const node: IfNode = { kind: 'if', name: parsedTag.name, line, then: [], otherwise: [] };
        target().push(node);
        stack.push({ node, inElse: false });
        break;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top) fail(open, t('review.template.elseWithoutIf', { elseTag: '{{else}}', ifTag: '{{#if}}' }));
        else if (top.inElse) fail(open, t('review.template.secondElse', { elseTag: '{{else}}', ifTag: `{{#if ${top.node.name}}}`, line: top.node.line }));
        else top.inElse = true;
        break;
      }
      case 'endif':
        if (!stack.pop()) fail(open, t('review.template.endWithoutIf', { endTag: '{{/if}}', ifTag: '{{#if}}' }));
        break;
      case 'comment':
        break;
    }
    position = end;
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) {
    throw new TemplateSyntaxError({ file, line: unclosed.node.line, message: t('review.template.unclosed', { ifTag: `{{#if ${unclosed.node.name}}}`, endTag: '{{/if}}' }) });
  }
  return { file, nodes: root };
}

export interface VariableUse {
  name: string;
  line: number;
  /** Variables whose {{#if}} (then-branch) surrounds this use. */
  guardedBy: Set<string>;
  /** True for the condition of an {{#if}}, false for an inserted value. */
  asCondition: boolean;
}

/** Every variable a template refers to, with the conditions around each use. */
export function variableUses(template: ParsedTemplate): VariableUse[] {
  const uses: VariableUse[] = [];
  const walk = (nodes: TemplateNode[], guards: Set<string>) => {
    for (const node of nodes) {
      if (node.kind === 'var') uses.push({ name: node.name, line: node.line, guardedBy: guards, asCondition: false });
      if (node.kind === 'if') {
        uses.push({ name: node.name, line: node.line, guardedBy: guards, asCondition: true });
        walk(node.then, new Set([...guards, node.name]));
        walk(node.otherwise, guards);
      }
    }
  };
  walk(template.nodes, new Set());
  return uses;
}

export type TemplateValues = Readonly<Record<string, string | undefined>>;

/** A value counts as present when it is a non-empty string. */
export function hasValue(values: TemplateValues, name: string): boolean {
  const value = values[name];
  return value !== undefined && value !== '';
}

export class MissingValueError extends Error {
  constructor(
    readonly file: string,
    readonly variable: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: {{${variable}}} has no value.`);
    this.name = 'MissingValueError';
  }
}

/**
 * Renders a parsed template. A variable without a value is an error here, never an empty gap or
 * a leftover placeholder: validation makes sure optional values are only used inside their
 * {{#if}}, so this only fires on a bug.
 */
export function renderTemplate(template: ParsedTemplate, values: TemplateValues): string {
  let out = '';
  const walk = (nodes: TemplateNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'text') out += node.text;
      else if (node.kind === 'var') {
        const value = values[node.name];
        if (value === undefined || value === '') throw new MissingValueError(template.file, node.name, node.line);
        out += value;
      } else walk(hasValue(values, node.name) ? node.then : node.otherwise);
    }
  };
  walk(template.nodes);
  return tidy(out);
}

/** Trailing spaces off every line, at most one blank line in a row, no blank lines at either end. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/** Anything in rendered text that still looks like a template tag. */
export const PLACEHOLDER_PATTERN = /\{\{|\}\}/;
