import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { defineCommands } from '../../src/commands/definitions/index.js';
import type { ActionFactory } from '../../src/commands/types.js';

/**
 * README.md and README.zh-CN.md document the same interface: every command, option, environment
 * variable, exit code and --json key named in one must be named in the other. Prose is free to
 * differ; the names are what a reader types or a script matches, so a translation that drops one
 * is a translation that lies.
 */

const root = join(import.meta.dirname, '..', '..');
const english = readFileSync(join(root, 'README.md'), 'utf8');
const chinese = readFileSync(join(root, 'README.zh-CN.md'), 'utf8');

/** Subcommands per command, from the program itself, so `config set` counts and `trigger message` does not. */
function subcommandsByCommand(): Map<string, Set<string>> {
  const program = new Command();
  const noAction: ActionFactory = () => async () => {};
  defineCommands(program, noAction);
  return new Map(program.commands.map((command) => [command.name(), new Set(command.commands.map((sub) => sub.name()))]));
}
const SUBCOMMANDS = subcommandsByCommand();

/** Variables fb3cx reads that do not carry its prefix. */
const FOREIGN_ENV = ['NO_COLOR', 'FORCE_COLOR', 'CI', 'HTTPS_PROXY', 'XDG_CONFIG_HOME', 'LANG', 'LC_ALL', 'LC_MESSAGES'];

interface Markdown {
  /** Every line of every fenced block, with its language tag. */
  blocks: { lang: string; text: string }[];
  /** The contents of every inline code span outside fenced blocks, line breaks made spaces. */
  spans: string[];
  /** Tables outside fenced blocks: rows of cells (header and separator rows dropped). */
  tables: string[][][];
  /** The whole text, for names that cannot be mistaken for prose (--flags, FB3CX_*). */
  all: string;
}

function parse(markdown: string): Markdown {
  const blocks: Markdown['blocks'] = [];
  const spans: string[] = [];
  const tables: string[][][] = [];
  const lines = markdown.split('\n');
  let fence: { lang: string; lines: string[] } | null = null;
  let table: string[][] | null = null;
  const outsideFences: string[] = [];
  for (const line of lines) {
    const fenceMatch = /^```(\S*)/.exec(line);
    if (fenceMatch) {
      if (fence) {
        blocks.push({ lang: fence.lang, text: fence.lines.join('\n') });
        fence = null;
      } else fence = { lang: fenceMatch[1] ?? '', lines: [] };
      continue;
    }
    if (fence) {
      fence.lines.push(line);
      continue;
    }
    outsideFences.push(line);
    if (line.startsWith('|')) {
      // A cell may hold an escaped pipe (`a \| b`), which is not a column break.
      const cells = line
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      if (!table) {
        table = [];
        tables.push(table);
        continue; // the header row names columns in the reader's language
      }
      if (cells.every((cell) => /^:?-+:?$/.test(cell))) continue;
      table.push(cells);
    } else table = null;
  }
  // A span may wrap onto the next line of its paragraph, as `{schemaVersion, ok, ...}` does.
  for (const span of outsideFences.join('\n').matchAll(/`([^`]+)`/g)) {
    const text = span[1] ?? '';
    if (!text.includes('\n\n')) spans.push(text.replace(/\s*\n\s*/g, ' '));
  }
  return { blocks, spans, tables, all: markdown };
}

function codeSpansOf(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

/** `fb3cx <cmd>` where a person would type it: a span or line that starts with it, or after a pipe, `&&`, `;` or VAR=value. */
function commands(md: Markdown): Set<string> {
  const found = new Set<string>();
  const code = [...md.spans, ...md.blocks.flatMap((b) => b.text.split('\n'))];
  const invocation = /(?:^|[|&;]\s*|^\s*\$\s+|\b[A-Z][A-Z0-9_]*=\S*\s+)fb3cx\s+([a-z][a-z-]*)(?:\s+([a-z][a-z-]*))?/g;
  for (const text of code) {
    for (const m of text.matchAll(invocation)) {
      const command = m[1] ?? '';
      const sub = m[2];
      found.add(`fb3cx ${command}`);
      if (sub && SUBCOMMANDS.get(command)?.has(sub)) found.add(`fb3cx ${command} ${sub}`);
    }
  }
  return found;
}

function options(md: Markdown): Set<string> {
  return new Set([...md.all.matchAll(/(?<![\w-])(--[a-z][a-z0-9]*(?:-[a-z0-9]+)*|-[a-zA-Z](?=,\s*--))/g)].map((m) => m[1] ?? ''));
}

function environment(md: Markdown): Set<string> {
  const found = new Set([...md.all.matchAll(/\bFB3CX_[A-Z0-9_]*[A-Z0-9]/g)].map((m) => m[0]));
  const foreign = new RegExp(`(?<![\\w$-])(${FOREIGN_ENV.join('|')})(?![\\w-])`, 'g');
  for (const text of [...md.spans, ...md.blocks.map((b) => b.text)]) for (const m of text.matchAll(foreign)) found.add(m[1] ?? '');
  // A table whose first column names variables (the environment table) may list ones not yet known here.
  for (const table of md.tables) {
    for (const row of table) {
      const names = codeSpansOf(row[0] ?? '');
      if (names.length > 0 && names.every((name) => /^[A-Z][A-Z0-9_]+$/.test(name))) for (const name of names) found.add(name);
    }
  }
  return found;
}

/** Each exit-code table (first column all integers), in document order: "table 3: 0 1 2 3 130". */
function exitCodeTables(md: Markdown): string[] {
  return md.tables
    .filter((table) => table.length >= 2 && table.every((row) => /^\d+$/.test(row[0] ?? '')))
    .map((table, index) => `exit-code table ${index + 1}: ${table.map((row) => row[0]).join(' ')}`);
}

/** Keys of the documented JSON: fenced json/jsonc blocks and inline objects such as `{"schemaVersion":1,"ok",...}` or `{schemaVersion, ok}`. */
function jsonKeys(md: Markdown): Set<string> {
  const found = new Set<string>();
  const quotedKey = /(?<=[{,]\s*)"([A-Za-z_][\w]*)"(?=\s*[:,}])/g;
  const bareKey = /(?<=[{,]\s*)([A-Za-z_]\w*)\??(?=\s*[,}:])/g;
  for (const block of md.blocks.filter((b) => b.lang === 'json' || b.lang === 'jsonc')) {
    for (const m of block.text.matchAll(quotedKey)) found.add(m[1] ?? '');
  }
  for (const span of md.spans.filter((s) => /^\[?\{(?!\{)/.test(s))) {
    for (const m of span.matchAll(quotedKey)) found.add(m[1] ?? '');
    for (const m of span.matchAll(bareKey)) found.add(m[1] ?? '');
  }
  return found;
}

interface Inventory {
  commands: Set<string>;
  options: Set<string>;
  environment: Set<string>;
  exitCodes: Set<string>;
  jsonKeys: Set<string>;
}

function inventory(markdown: string): Inventory {
  const md = parse(markdown);
  return { commands: commands(md), options: options(md), environment: environment(md), exitCodes: new Set(exitCodeTables(md)), jsonKeys: jsonKeys(md) };
}

/** What `from` documents that `to` does not, one readable line per kind. */
function missing(from: Inventory, to: Inventory): string[] {
  const lines: string[] = [];
  for (const kind of ['commands', 'options', 'environment', 'exitCodes', 'jsonKeys'] as const) {
    const absent = [...from[kind]].filter((name) => !to[kind].has(name)).sort();
    if (absent.length > 0) lines.push(`${kind}: ${absent.join(', ')}`);
  }
  return lines;
}

describe('README.md and README.zh-CN.md document the same interface', () => {
  const en = inventory(english);
  const zh = inventory(chinese);

  it('the extraction finds what README.md documents (so an empty match cannot pass)', () => {
    expect([...en.commands]).toEqual(expect.arrayContaining(['fb3cx init', 'fb3cx verify', 'fb3cx listen', 'fb3cx config set', 'fb3cx token exchange']));
    expect([...en.commands]).not.toContain('fb3cx trigger message');
    expect([...en.options]).toEqual(expect.arrayContaining(['--json', '--sandbox', '--page-token-stdin', '--max-body', '-y']));
    expect([...en.environment]).toEqual(expect.arrayContaining(['FB3CX_PAGE_TOKEN', 'FB3CX_VERIFY_TOKEN', 'NO_COLOR', 'CI']));
    expect([...en.exitCodes].join('\n')).toContain(': 0 1 2 3 130');
    expect([...en.jsonKeys]).toEqual(expect.arrayContaining(['schemaVersion', 'checks', 'kind', 'stickerId', 'dryRun', 'beforeNote']));
  });

  it('everything README.md documents is in README.zh-CN.md', () => {
    expect(missing(en, zh), 'README.zh-CN.md lacks what README.md documents').toEqual([]);
  });

  it('everything README.zh-CN.md documents is in README.md', () => {
    expect(missing(zh, en), 'README.md lacks what README.zh-CN.md documents').toEqual([]);
  });

  it('links each README to the other on its first line', () => {
    expect(english.split('\n')[0]).toBe('English | [简体中文](README.zh-CN.md)');
    expect(chinese.split('\n')[0]).toBe('[English](README.md) | 简体中文');
  });

  it('notices an option, a variable, an exit code or a key dropped from one README', () => {
    const dropped = chinese
      .replaceAll('`--max-body <size>`', '`<size>`')
      .replaceAll('--max-body', '')
      .replaceAll('FB3CX_GRAPH_TIMEOUT_MS', '')
      .replace('| 130 | Ctrl-C 或 SIGTERM', '| Ctrl-C 或 SIGTERM')
      .replaceAll('"stickerId"', '"x"')
      .replaceAll('stickerId?', '');
    const report = missing(en, inventory(dropped));
    expect(report).toContainEqual(expect.stringMatching(/^options: .*--max-body/));
    expect(report).toContainEqual(expect.stringMatching(/^environment: .*FB3CX_GRAPH_TIMEOUT_MS/));
    expect(report).toContainEqual(expect.stringMatching(/^exitCodes: /));
    expect(report).toContainEqual(expect.stringMatching(/^jsonKeys: .*stickerId/));
  });
});
