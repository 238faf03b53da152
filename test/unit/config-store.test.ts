import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configShapeProblem, profileDifferences } from '../../src/core/profile.js';
import { ConfigError, ExitCode } from '../../src/errors.js';
import { openConfigReader, openConfigStore } from '../../src/io/config.js';
import { SETTINGS, STORED_KEYS } from '../../src/settings/schema.js';
import { runMain } from '../support/main.js';
import { tempDir } from '../support/run-cli.js';

/** A config folder holding `text` as its config.json. */
function configWith(text: string): { dir: string; file: string } {
  const dir = tempDir('fb3cx-config-');
  const file = join(dir, 'config.json');
  writeFileSync(file, text, { mode: 0o600 });
  return { dir, file };
}

async function openError(dir: string): Promise<unknown> {
  return openConfigStore({ FB3CX_CONFIG_DIR: dir }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** A tiny seeded generator (mulberry32), so the shape fuzz below is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a config file of the wrong shape', () => {
  it('an ID written as a number: exit 2, the file and the key named, the quoted fix offered, the file untouched', async () => {
    const text = '{"profiles":{"default":{"pageId":734500112233445}}}';
    const { dir, file } = configWith(text);
    const error = await openError(dir);
    expect(error).toBeInstanceOf(ConfigError);
    if (!(error instanceof ConfigError)) return;
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.message).toContain(file);
    expect(error.message).toContain('profiles.default.pageId must be text, not a number');
    expect(error.hint).toContain('"pageId": "734500112233445"');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('every command that reads the profile says so (exit 2), none calls it a bug', async () => {
    const { dir, file } = configWith('{"profiles":{"default":{"pageId":734500112233445}}}');
    const env = { FB3CX_CONFIG_DIR: dir, FB3CX_PAGE_TOKEN: 'EAAtoken000000', FB3CX_APP_SECRET: 'appsecret000', FB3CX_TEST_PASSWORD: 'Review-Pass-1' };
    const commands = [
      ['verify'],
      ['subscribe'],
      ['review-text', '--company', 'A', '--page-name', 'B', '--pbx-host', 'pbx.a.net', '--extension', '1', '--piece', 'screencast'],
      ['trigger', 'message', '--url', 'http://127.0.0.1:9/webhook'],
      ['listen', '--port', '0', '--timeout', '1'],
      ['config', 'list'],
      ['config', 'get', 'pageId'],
      ['config', 'set', 'company', 'X'],
      ['init', '--yes'],
    ];
    for (const args of commands) {
      const result = await runMain(args, { env });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr, args.join(' ')).toContain('profiles.default.pageId must be text');
      expect(result.stderr).not.toContain('This is a bug');
    }
    expect(readFileSync(file, 'utf8')).toBe('{"profiles":{"default":{"pageId":734500112233445}}}');
  });

  it('valid JSON of the wrong shape is not called "not valid JSON", and is never rewritten by config set', async () => {
    for (const text of ['{"profiles":"x"}', '{"profiles":{"default":"acme"}}', '"acme"', '[1,2]', 'null', '{"currentProfile":7}', '{"profiles":{"a":{"init":{"completedStage":"4","updatedAt":"x"}}}}']) {
      const { dir, file } = configWith(text);
      for (const args of [['config', 'set', 'company', 'X'], ['config', 'use', 'default'], ['config', 'unset', 'company']]) {
        const result = await runMain(args, { env: { FB3CX_CONFIG_DIR: dir } });
        expect(result.code, `${text}: ${args.join(' ')}`).toBe(2);
        expect(result.stderr).toContain(file);
        expect(result.stderr).toContain('valid JSON but not shaped as fb3cx expects');
        expect(result.stderr).not.toContain('not valid JSON');
      }
      expect(readFileSync(file, 'utf8'), text).toBe(text);
    }
  });

  it('broken JSON is still called so, without repeating the file', async () => {
    const { dir } = configWith('{"profiles":{"default":{"pageToken":"EAAsecret0000000"');
    const result = await runMain(['config', 'list'], { env: { FB3CX_CONFIG_DIR: dir } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is not valid JSON');
    expect(result.stderr).not.toContain('EAAsecret');
  });

  it('names the bad key for every stored setting and every wrong type, never echoing a secret (seeded fuzz)', async () => {
    const random = seeded(14);
    const wrong: unknown[] = [734500112233445, 12.5, true, null, [], {}, ['EAAsecret'], { value: 'x' }];
    for (let round = 0; round < 40; round++) {
      const key = STORED_KEYS[Math.floor(random() * STORED_KEYS.length)] ?? 'pageId';
      const value = wrong[Math.floor(random() * wrong.length)];
      const profile = { company: 'Acme', [key]: value };
      const problem = configShapeProblem({ currentProfile: 'p', profiles: { p: profile } });
      expect(problem?.key, `${key}=${JSON.stringify(value)}`).toBe(`profiles.p.${key}`);
      expect(problem?.expected).toBe('text');
      const secret = SETTINGS.find((row) => row.key === key)?.secret === true;
      if (secret || typeof value !== 'number' || !Number.isInteger(value)) expect(problem?.quoted).toBeUndefined();
    }
    const { dir } = configWith(JSON.stringify({ profiles: { default: { appSecret: 987654321 } } }));
    const error = await openError(dir);
    expect(error instanceof ConfigError && `${error.message} ${error.hint ?? ''}`).not.toContain('987654321');
  });

  it('accepts every shape fb3cx writes, and keeps keys it does not know when it writes again', async () => {
    const { dir, file } = configWith(JSON.stringify({ futureSetting: { a: 1 }, profiles: { default: { pageId: '123456', newKey: 42, init: { completedStage: 2, updatedAt: '2026-01-01T00:00:00Z' } } } }));
    const store = await openConfigStore({ FB3CX_CONFIG_DIR: dir });
    store.saveProfile('default', { ...store.getProfile('default'), company: 'Acme' });
    store.setCurrentProfile('default');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      futureSetting: { a: 1 },
      currentProfile: 'default',
      profiles: { default: { pageId: '123456', newKey: 42, init: { completedStage: 2, updatedAt: '2026-01-01T00:00:00Z' }, company: 'Acme' } },
    });
  });

  it('profileDifferences names the keys that differ, progress included', () => {
    expect(profileDifferences({ pageId: '1', init: { completedStage: 2, updatedAt: 'a' } }, { pageId: '1', company: 'A', init: { completedStage: 3, updatedAt: 'a' } }).sort()).toEqual(['company', 'init']);
    expect(profileDifferences(undefined, undefined)).toEqual([]);
  });
});

// Tests run as root here, where a read-only folder still takes writes; /proc/self refuses new
// files to everyone, so every write of the store fails there for real.
const UNWRITABLE = '/proc/self';
describe.skipIf(!existsSync(UNWRITABLE))('a config folder that cannot be written', () => {
  it('every write of the store is a config error (exit 2) that names the file', async () => {
    const store = await openConfigStore({ FB3CX_CONFIG_DIR: UNWRITABLE });
    const writes = [() => store.saveProfile('default', { company: 'Acme' }), () => store.setCurrentProfile('acme'), () => store.assertWritable()];
    for (const write of writes) {
      let caught: unknown;
      try {
        write();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      if (!(caught instanceof ConfigError)) continue;
      expect(caught.exitCode).toBe(ExitCode.usage);
      expect(caught.message).toContain(`cannot write the config file ${join(UNWRITABLE, 'config.json')}`);
    }
  });

  it('config set and init --yes say which file cannot be written, exit 2; init stops before stage 1', async () => {
    const set = await runMain(['config', 'set', 'company', 'Acme'], { env: { FB3CX_CONFIG_DIR: UNWRITABLE } });
    expect(set.code).toBe(2);
    expect(set.stderr).toContain(`cannot write the config file ${join(UNWRITABLE, 'config.json')}`);
    expect(set.stderr).not.toContain('This is a bug');
    const init = await runMain(['init', '--sandbox', '--yes'], { env: { FB3CX_CONFIG_DIR: UNWRITABLE } });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('cannot write the config file');
    expect(init.stderr).not.toContain('Stage 1 of 4');
  });
});

describe('config get', () => {
  it('prints nothing on stdout for an unset key (exit 1), and the value alone when set', async () => {
    const dir = tempDir('fb3cx-config-');
    mkdirSync(dir, { recursive: true });
    const unset = await runMain(['config', 'get', 'company'], { env: { FB3CX_CONFIG_DIR: dir } });
    expect(unset).toMatchObject({ code: 1, stdout: '' });
    expect(unset.stderr).toContain('company is not set in profile "default"');
    await runMain(['config', 'set', 'company', 'Acme Ltd'], { env: { FB3CX_CONFIG_DIR: dir } });
    expect(await runMain(['config', 'get', 'company'], { env: { FB3CX_CONFIG_DIR: dir } })).toMatchObject({ code: 0, stdout: 'Acme Ltd\n' });
  });
});

describe('the read-only profiles (openConfigReader)', () => {
  it('read what the store wrote, and nothing when there is no file yet', async () => {
    const dir = tempDir();
    expect(openConfigReader({ FB3CX_CONFIG_DIR: dir }).listProfiles()).toEqual({});
    const store = await openConfigStore({ FB3CX_CONFIG_DIR: dir });
    store.saveProfile('acme', { company: 'Acme' });
    store.setCurrentProfile('acme');
    const reader = openConfigReader({ FB3CX_CONFIG_DIR: dir });
    expect(reader.path).toBe(store.path);
    expect(reader.currentProfileName()).toBe('acme');
    expect(reader.getProfile('acme')).toEqual({ company: 'Acme' });
  });

  it('refuse a file of the wrong shape, or a folder that is a file, with the same error as the store', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"profiles":{"default":{"pageId":734500112233445}}}');
    const fromReader = (() => {
      try {
        openConfigReader({ FB3CX_CONFIG_DIR: dir }).listProfiles();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    const fromStore = await openConfigStore({ FB3CX_CONFIG_DIR: dir }).then((store) => store.listProfiles()).catch((error: unknown) => error);
    expect(fromReader).toBeInstanceOf(ConfigError);
    expect((fromReader as ConfigError).message).toBe((fromStore as ConfigError).message);
    const file = join(dir, 'config.json');
    expect(() => openConfigReader({ FB3CX_CONFIG_DIR: file }).listProfiles()).toThrow(/is not a folder/);
  });
});
