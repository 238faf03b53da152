import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/run-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed package', () => {
  it('installs into a clean prefix and runs', () => {
    const out = tempDir('fb3cx-pack-');
    // dist/ is built by `npm test` before vitest runs, so packing needs no scripts.
    execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', out], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(out).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(out, 'prefix');
    execFileSync(npm, ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--omit=dev', join(out, tarball as string)], { stdio: 'pipe', timeout: 240_000 });
    const bin = join(prefix, 'node_modules', '.bin', 'fb3cx');
    expect(existsSync(bin)).toBe(true);
    const installed = join(prefix, 'node_modules', 'fb3cx');
    expect(existsSync(join(installed, 'templates'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FB3CX_CONFIG_DIR: tempDir() };
    delete env.CI;
    const help = spawnSync(bin, ['--help'], { env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: fb3cx/);
    const verify = spawnSync(bin, ['verify', '--sandbox', '--json'], { env, encoding: 'utf8', cwd: out });
    expect(verify.status).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ schemaVersion: 1, ok: true });
    // The bundle finds the templates shipped beside it.
    const review = spawnSync(bin, ['review-text', '--sandbox', '--piece', 'pages-messaging'], { env, encoding: 'utf8', cwd: out });
    expect(review.status).toBe(0);
    expect(review.stdout).toMatch(/Contoso/);
    // Everything but `open` (which runs a script it ships) is bundled into dist/.
    const installedPackages = readdirSync(join(prefix, 'node_modules'));
    expect(installedPackages).toContain('open');
    for (const bundled of ['undici', 'commander', 'conf', 'ajv', 'ora']) expect(installedPackages).not.toContain(bundled);
  }, 300_000);

  it('npm pack builds dist/ itself (prepack) from a checkout without it, and the package runs no script on install', () => {
    // A copy of the checkout as a fresh clone has it after npm ci: the sources and the build
    // tools, no dist/. Packing here must not touch this checkout's dist/, which other tests use.
    const checkout = tempDir('fb3cx-clone-');
    for (const entry of ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'tsconfig.json', 'bin', 'scripts', 'src', 'templates']) {
      cpSync(join(root, entry), join(checkout, entry), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const out = tempDir('fb3cx-pack-');
    execFileSync(npm, ['pack', '--pack-destination', out], { cwd: checkout, stdio: 'pipe', timeout: 240_000 });
    const tarball = readdirSync(out).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const listing = execFileSync('tar', ['tzf', join(out, tarball as string)], { encoding: 'utf8' }).split('\n');
    for (const file of ['package/dist/cli.js', 'package/dist/help.en.json', 'package/dist/help.zh-CN.json', 'package/dist/lang.js', 'package/LICENSE', 'package/bin/fb3cx.js']) expect(listing).toContain(file);
    // npm runs these when the package is installed (and warns about them); the build is done by then.
    const { scripts = {}, license } = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; license?: string };
    for (const installScript of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts).not.toHaveProperty(installScript);
    expect(license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  }, 300_000);
});
