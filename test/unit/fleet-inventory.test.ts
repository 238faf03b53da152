import { describe, expect, it } from 'vitest';
import { parseInventory, profileRows, resolveRow, isRowProblem } from '../../src/fleet/inventory.js';
import { UsageError } from '../../src/errors.js';

const csv = (text: string, sandbox = false) => parseInventory(text, { file: 'customers.csv', sandbox });

describe('fleet inventory (CSV)', () => {
  it('reads customers with their line numbers, any column order, case and delimiter', () => {
    const rows = csv('Name;PageId;page_token_env\n"Acme; Ltd";123456789012345;ACME_TOKEN\n\nBeta;223456789012345;BETA_TOKEN\n');
    expect(rows.map((row) => [row.name, row.line, row.values.pageId, row.values.pageTokenEnv, row.problem])).toEqual([
      ['Acme; Ltd', 2, '123456789012345', 'ACME_TOKEN', undefined],
      ['Beta', 4, '223456789012345', 'BETA_TOKEN', undefined],
    ]);
  });

  it('marks bad rows invalid with their line and column and keeps the others', () => {
    const rows = csv(
      ['name,pageId,appId,webhookUrl,notes', 'ok,123456789012345,,,', ',123456789012345,,,', 'ok,323456789012345,,,', 'bad-id,12ab,,,', 'http,123456789012345,,http://pbx.example.com/x,', 'extra,123456789012345,,,hello', 'cells,123456789012345,,,,surplus'].join('\n'),
    );
    expect(rows[0]?.problem).toBeUndefined();
    expect(rows[1]).toMatchObject({ line: 3, problem: { code: 'missing-name', column: 'name' } });
    expect(rows[2]).toMatchObject({ name: 'ok', line: 4, problem: { code: 'duplicate-name', message: expect.stringContaining('line 2') } });
    expect(rows[3]).toMatchObject({ line: 5, problem: { code: 'bad-value', column: 'pageId', message: expect.stringContaining('12ab') } });
    expect(rows[4]).toMatchObject({ problem: { code: 'bad-value', column: 'webhookUrl' } });
    expect(rows[5]).toMatchObject({ problem: { code: 'unknown-column', column: 'notes' } });
    expect(rows[6]).toMatchObject({ problem: { code: 'unknown-column' } });
  });

  it('an empty unknown column is no problem (exports carry columns fb3cx ignores when blank)', () => {
    expect(csv('name,pageId,comment\nacme,123456789012345,\n')[0]?.problem).toBeUndefined();
  });

  it('suggests the column a typo meant', () => {
    expect(csv('name,pageid2\nacme,1\n')[0]?.problem?.message).toMatch(/did you mean pageId/);
  });

  it('refuses a secret anywhere in the file before any row is used, naming row and column but not the value', () => {
    const token = 'EAAB0123456789abcdefghijklmnopqrstuvwxyz';
    const attempts = [
      `name,pageToken\nacme,whatever\n`,
      `name,pageId,notes\nacme,123456789012345,${token}\n`,
      `name,pageTokenEnv\nacme,${token}\n`,
      `name,appSecretEnv\nok,OK_SECRET\nacme,0123456789abcdef0123456789abcdef\n`,
      `name,app_secret\nacme,x\n`,
    ];
    for (const text of attempts) {
      let error: unknown;
      try {
        csv(text);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UsageError);
      const message = (error as UsageError).message;
      expect(message).toMatch(/holds a secret at line \d, column "/);
      expect(message).not.toContain(token);
      expect(message).not.toContain('0123456789abcdef0123456789abcdef');
      expect((error as UsageError).exitCode).toBe(2);
    }
  });

  it('a long customer name is not taken for a secret', () => {
    expect(csv('name\nAcme-International-Holdings-Group-Europe-2026\n')[0]?.problem).toBeUndefined();
  });

  it('an inventory that cannot be used at all is a usage error', () => {
    expect(() => csv('')).toThrow(/is empty/);
    expect(() => csv('pageId,appId\n123456789012345,\n')).toThrow(/no "name" column/);
    expect(() => csv('name,scenario\nacme,healthy\n')).toThrow(/scenario column/);
  });

  it('takes a scenario per row under --sandbox and refuses an unknown one in its row', () => {
    const rows = csv('name,scenario\na,expired-token\nb,expird-token\nc,\n', true);
    expect(rows[0]?.problem).toBeUndefined();
    expect(rows[1]?.problem).toMatchObject({ code: 'bad-value', column: 'scenario', message: expect.stringContaining('expired-token') });
    expect(rows[2]?.problem).toBeUndefined();
  });
});

describe('fleet inventory (JSON)', () => {
  const json = (text: string) => parseInventory(text, { file: 'customers.json', sandbox: false });

  it('reads an array of objects; numbers are IDs; items are counted from 1', () => {
    const rows = json(JSON.stringify([{ name: 'acme', pageId: 123456789012345 }, { pageId: '1' }, { name: 'b', colour: 'red' }, 'nope']));
    expect(rows[0]).toMatchObject({ name: 'acme', line: 1, values: { pageId: '123456789012345' } });
    expect(rows[0]?.problem).toBeUndefined();
    expect(rows[1]).toMatchObject({ line: 2, problem: { code: 'missing-name' } });
    expect(rows[2]).toMatchObject({ problem: { code: 'unknown-column', column: 'colour' } });
    expect(rows[3]).toMatchObject({ problem: { code: 'missing-name' } });
  });

  it('refuses a document that is not an array, and secrets', () => {
    expect(() => json('{"name":"a"}')).toThrow(/JSON array/);
    expect(() => json('[{"name":"a",')).toThrow(/not valid JSON/);
    expect(() => json('[{"name":"a","appSecret":"x"}]')).toThrow(/item 1, column "appSecret"/);
  });
});

describe('resolving a row', () => {
  const profiles = { acme: { pageId: '123456789012345', pageToken: 'profile-token', appId: '555555555555555', appSecret: 'profile-secret' } };

  it('takes secrets from the environment variables it names, the rest from its profile', () => {
    const [row] = csv('name,profile,pageTokenEnv\nacme,acme,ACME_TOKEN\n');
    const resolved = resolveRow(row!, { profiles, env: { ACME_TOKEN: 'env-token', FB3CX_PAGE_ID: '999999999999999' } });
    expect(isRowProblem(resolved)).toBe(false);
    if (isRowProblem(resolved)) return;
    expect(resolved.inputs).toMatchObject({ pageId: '123456789012345', pageToken: 'env-token', appId: '555555555555555', appSecret: 'profile-secret' });
    expect(resolved.secrets).toEqual(expect.arrayContaining(['env-token', 'profile-secret', '555555555555555|profile-secret']));
  });

  it('gives a customer 3CX API access from its columns, its key from the variable it names', () => {
    const [row] = csv('name,pageId,pageTokenEnv,pbxUrl,pbxClientId,pbxSecretEnv\nacme,123456789012345,ACME_TOKEN,https://pbx.acme.example,100,ACME_PBX_KEY\n');
    const resolved = resolveRow(row!, { profiles, env: { ACME_TOKEN: 'env-token', ACME_PBX_KEY: 'pbx-key-value' } });
    if (isRowProblem(resolved)) throw new Error(resolved.message);
    expect(resolved.pbx).toMatchObject({ pbxUrl: 'https://pbx.acme.example', pbxClientId: '100', pbxClientSecret: 'pbx-key-value' });
    expect(resolved.secrets).toContain('pbx-key-value');
    // Without a key the 3CX checks skip, as in a single verify: no 3CX API access, no problem.
    const [bare] = csv('name,pageId,pageTokenEnv,pbxClientId\nacme,123456789012345,ACME_TOKEN,100\n');
    const without = resolveRow(bare!, { profiles, env: { ACME_TOKEN: 'env-token' } });
    expect(isRowProblem(without) ? without.code : without.pbx).toBeUndefined();
    // A key written into the file is refused like any secret; an unset key variable names it.
    expect(() => csv('name,pbxSecretEnv\nacme,0123456789abcdef0123456789abcdef\n')).toThrow(UsageError);
    const [unset] = csv('name,pageId,pageTokenEnv,pbxSecretEnv\nacme,123456789012345,ACME_TOKEN,NO_SUCH_VAR\n');
    expect(resolveRow(unset!, { profiles, env: { ACME_TOKEN: 'env-token' } })).toMatchObject({ code: 'unset-env', column: 'pbxSecretEnv' });
  });

  it('names an unset variable, an unknown profile and a missing page token', () => {
    const rows = csv('name,profile,pageId,pageTokenEnv\na,,123456789012345,UNSET_VAR\nb,nope,,\nc,,123456789012345,\n');
    expect(resolveRow(rows[0]!, { profiles, env: {} })).toMatchObject({ code: 'unset-env', message: expect.stringContaining('UNSET_VAR') });
    expect(resolveRow(rows[1]!, { profiles, env: {} })).toMatchObject({ code: 'unknown-profile' });
    expect(resolveRow(rows[2]!, { profiles, env: { FB3CX_PAGE_TOKEN: 'not-for-fleets' } })).toMatchObject({ code: 'missing-setting', column: 'pageTokenEnv' });
  });

  it('every saved profile is a customer', () => {
    expect(profileRows({ b: {}, a: {} }).map((row) => [row.name, row.values.profile])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });
});
