import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode, isExitCode } from '../../src/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('exit codes', () => {
  it('are named: no bare exit numbers in src/ or bin/fb3cx.js', () => {
    const magic = [/exitCode\s*[:=]\s*\d/, /\?\s*(?:0|1|2|3|130)\s*:\s*(?:0|1|2|3|130)\s*;/, /===\s*130\b/, /process\.exit\(\d/, /return (?:0|1|2|3|130);\s*$/];
    // Functions that return ordinary numbers (distances, counts) are not exit codes.
    const notExitCodes = new Set(['src/core/review/urls.ts', 'src/core/review/variables.ts', 'src/core/init/stages.ts']);
    const found: string[] = [];
    for (const path of [...sources(join(root, 'src')), join(root, 'bin/fb3cx.js')]) {
      const relative = path.slice(root.length);
      if (notExitCodes.has(relative) || relative.startsWith('src/sandbox/')) continue;
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (magic.some((pattern) => pattern.test(line))) found.push(`${relative}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('bin/fb3cx.js, which may have to exit before the compiled CLI loads, uses the same numbers', () => {
    const bin = readFileSync(join(root, 'bin/fb3cx.js'), 'utf8');
    expect(Number(/const EXIT_USAGE = (\d+);/.exec(bin)?.[1])).toBe(ExitCode.usage);
    expect(Number(/const EXIT_CANNOT_RUN = (\d+);/.exec(bin)?.[1])).toBe(ExitCode.cannotRun);
  });

  it('isExitCode accepts the named codes only', () => {
    for (const code of Object.values(ExitCode)) expect(isExitCode(code)).toBe(true);
    expect(isExitCode(4)).toBe(false);
    expect(isExitCode(-1)).toBe(false);
  });
});
