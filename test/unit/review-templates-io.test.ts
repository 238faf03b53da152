import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuiltinTemplates, readUserTemplates } from '../../src/io/templates.js';
import { UsageError } from '../../src/errors.js';
import { tempDir } from '../support/run-cli.js';

describe('reading --templates <dir>', () => {
  it('reads the pieces it finds, relative to the working folder, and falls back for the rest', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'mine'));
    writeFileSync(join(cwd, 'mine', 'screencast.txt'), '\uFEFFShots for {{company}}\n');
    writeFileSync(join(cwd, 'mine', 'README.txt'), 'notes');
    const user = readUserTemplates('mine', cwd);
    expect(user.sources.find((s) => s.piece === 'screencast')).toEqual({ piece: 'screencast', file: join(cwd, 'mine', 'screencast.txt'), source: 'Shots for {{company}}\n' });
    expect(user.sources.find((s) => s.piece === 'pages-messaging')).toEqual(readBuiltinTemplates().find((s) => s.piece === 'pages-messaging'));
    expect(user.fallbacks).toEqual(['verification-summary.txt', 'pages-messaging.txt', 'profile-access.txt', 'test-instructions.txt', 'settings-checklist.txt']);
    expect(user.ignored).toEqual(['README.txt']);
  });

  it('refuses a missing folder or a file in its place', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'file'), 'x');
    expect(() => readUserTemplates('nope', cwd)).toThrow(UsageError);
    expect(() => readUserTemplates('file', cwd)).toThrow('there is no folder');
  });
});
