import { describe, expect, it } from 'vitest';
import { MissingValueError, parseTemplate, renderTemplate, TemplateSyntaxError, tidy } from '../../src/core/review/template.js';
import { suggestVariable, validateTemplate } from '../../src/core/review/variables.js';

const render = (source: string, values: Record<string, string | undefined>) => renderTemplate(parseTemplate('t.txt', source), values);

function syntaxError(source: string): TemplateSyntaxError {
  try {
    parseTemplate('mine/t.txt', source);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a syntax error');
}

describe('template rendering', () => {
  it('inserts values, with or without spaces inside the braces', () => {
    expect(render('Hello {{company}} and {{ pageName }}!', { company: 'Contoso', pageName: 'Support' })).toBe('Hello Contoso and Support!');
  });

  it('inserts a value once and never parses it again', () => {
    expect(render('{{company}}', { company: 'A {{pageName}} B', pageName: 'x' })).toBe('A {{pageName}} B');
  });

  it('chooses the branch of {{#if}} by whether the value is present and non-empty', () => {
    const source = 'a{{#if appId}} app {{appId}}{{else}} no app{{/if}}.';
    expect(render(source, { appId: '42' })).toBe('a app 42.');
    expect(render(source, {})).toBe('a no app.');
    expect(render(source, { appId: '' })).toBe('a no app.');
  });

  it('nests conditionals', () => {
    const source = '{{#if a}}A{{#if b}}B{{else}}b{{/if}}{{else}}-{{/if}}';
    expect(render(source, { a: '1', b: '1' })).toBe('AB');
    expect(render(source, { a: '1' })).toBe('Ab');
    expect(render(source, { b: '1' })).toBe('-');
  });

  it('removes block tags and comments that stand alone on their line, with the line', () => {
    const source = ['{{! header comment }}', 'one', '  {{#if x}}', 'two {{x}}', '{{else}}', 'none', '{{/if}}', 'three', ''].join('\n');
    expect(render(source, { x: 'X' })).toBe('one\ntwo X\nthree');
    expect(render(source, {})).toBe('one\nnone\nthree');
  });

  it('keeps the text around a block tag that shares its line', () => {
    expect(render('before {{#if x}}in{{/if}} after\nnext', {})).toBe('before  after\nnext');
  });

  it('removes multi-line comments', () => {
    expect(render('a\n{{! line one\nline two }}\nb', {})).toBe('a\nb');
  });

  it('tidies: no trailing spaces, at most one blank line, none at the ends', () => {
    expect(tidy('\n\na  \n\n\n\nb\t\n\n')).toBe('a\n\nb');
    expect(tidy('x\r\ny')).toBe('x\ny');
  });

  it('refuses to render a variable without a value instead of leaving a gap', () => {
    expect(() => render('x\n{{appId}}', {})).toThrow(MissingValueError);
    expect(() => render('x\n{{appId}}', {})).toThrow('t.txt:2: {{appId}} has no value.');
  });
});

describe('template syntax errors name the file and line', () => {
  it.each([
    ['a {{company', 1, 'never closed'],
    ['a\n{{company\n}}', 2, 'same line'],
    ['{{#if x}}\nno end', 1, 'never closed with {{/if}}'],
    ['x\n{{/if}}', 2, '{{/if}} without an open {{#if}}'],
    ['x\n\n{{else}}', 3, '{{else}} without an open {{#if}}'],
    ['{{#if a}}1{{else}}2{{else}}3{{/if}}', 1, 'second {{else}}'],
    ['ok\n{{#if}}', 2, 'not a valid condition'],
    ['ok\n{{#each items}}', 2, 'not a placeholder fb3cx understands'],
    ['ok\n{{company name}}', 2, 'not a placeholder fb3cx understands'],
    ['{{#ifx}}', 1, 'not a valid condition'],
  ])('%j', (source, line, message) => {
    const error = syntaxError(source);
    expect(error.problem.file).toBe('mine/t.txt');
    expect(error.problem.line).toBe(line);
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`mine/t.txt:${line}: `)).toBe(true);
  });
});

describe('template validation against the variables', () => {
  it('accepts known variables, optional ones inside their {{#if}}', () => {
    const template = parseTemplate('t.txt', '{{company}} {{#if appId}}{{appId}}{{/if}} {{#if privacyUrl}}{{#if appId}}{{privacyUrl}}{{/if}}{{/if}}');
    expect(validateTemplate(template, 'verification-summary')).toEqual([]);
  });

  it('reports every unknown placeholder with file, line and a suggestion', () => {
    const template = parseTemplate('mine/x.txt', 'Hi {{compnay}}\n{{#if appID}}x{{/if}}\n{{zzzzzzzz}}');
    const problems = validateTemplate(template, 'pages-messaging');
    expect(problems).toEqual([
      { file: 'mine/x.txt', line: 1, message: 'unknown placeholder {{compnay}} (did you mean {{company}}?).' },
      { file: 'mine/x.txt', line: 2, message: 'unknown placeholder {{appID}} (did you mean {{appId}}?).' },
      { file: 'mine/x.txt', line: 3, message: 'unknown placeholder {{zzzzzzzz}}.' },
    ]);
  });

  it('rejects an optional variable outside its own {{#if}}, even inside another one', () => {
    const problems = validateTemplate(parseTemplate('t.txt', '{{appId}}\n{{#if privacyUrl}}{{appId}}{{/if}}\n{{#if appId}}{{else}}{{appId}}{{/if}}'), 'screencast');
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3]);
    expect(problems[0]?.message).toContain('put it inside {{#if appId}}');
  });

  it('allows the password only in test-instructions', () => {
    const template = (file: string) => parseTemplate(file, 'Password: {{password}}');
    expect(validateTemplate(template('test-instructions.txt'), 'test-instructions')).toEqual([]);
    const problems = validateTemplate(template('screencast.txt'), 'screencast');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('may only be used in test-instructions.txt');
    expect(validateTemplate(parseTemplate('s.txt', '{{#if password}}x{{/if}}'), 'screencast')).toHaveLength(1);
  });

  it('suggests only close names', () => {
    expect(suggestVariable('webclienturl')).toBe('webClientUrl');
    expect(suggestVariable('banana')).toBeUndefined();
  });
});
