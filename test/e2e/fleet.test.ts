import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertClean, runCli, tempDir } from '../support/run-cli.js';
import { startTestServer } from '../support/http.js';
import type { FleetReport } from '../../src/fleet/types.js';
import { ALL_CHECKS } from '../../src/core/verify/runner.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/fleet.csv', import.meta.url));
const SANDBOX_SECRETS = ['EAASandboxPageToken0contoso0000000000000000000000000000ZZ', 'sandbox0app0secret0000000000abcd'];

describe('fb3cx verify --sandbox --inventory examples/fleet.csv', () => {
  it('verifies every customer of the example, each with its scenario, and prints one document', async () => {
    const result = await runCli(['verify', '--sandbox', '--inventory', EXAMPLE, '--json'], { timeoutMs: 60_000 });
    assertClean(result, SANDBOX_SECRETS);
    const doc = JSON.parse(result.stdout) as FleetReport;
    expect(doc).toMatchObject({ schemaVersion: 1, kind: 'fleet', ok: false });
    expect(doc.customers).toHaveLength(13);
    const byName = new Map(doc.customers.map((customer) => [customer.name, customer]));
    expect(byName.get('Contoso Dental')).toMatchObject({ status: 'pass', ok: true, exitCode: 0, scenario: 'healthy', pageName: 'Contoso Support' });
    // Every check of a single verify, for each customer.
    expect(byName.get('Contoso Dental')?.checks).toHaveLength(ALL_CHECKS.length);
    expect(byName.get('Tailspin Toys')).toMatchObject({ status: 'fail', ok: false, scenario: 'expired-token' });
    expect(byName.get('Woodgrove Bank')).toMatchObject({ status: 'unreachable', exitCode: 3 });
    expect(byName.get("Margie's Travel")).toMatchObject({ status: 'pass' });
    // Under --sandbox each customer has the sandbox's 3CX API access, as a single verify does: the
    // 3CX checks run, and the delivery-gap customer is caught by them alone.
    const statusOf = (name: string, id: string) => byName.get(name)?.checks.find((check) => check.id === id)?.status;
    expect(['pbx.api', 'pbx.facebook-traffic', 'delivery.gap'].map((id) => statusOf('Contoso Dental', id))).toEqual(['pass', 'pass', 'pass']);
    expect(byName.get('Fourth Coffee')).toMatchObject({ status: 'fail', scenario: 'delivery-gap' });
    expect(statusOf('Fourth Coffee', 'delivery.gap')).toBe('fail');
    expect(doc.summary.total).toBe(13);
    expect(doc.summary.pass + doc.summary.warn + doc.summary.fail + doc.summary.unreachable + doc.summary.invalid).toBe(13);
    // Meta could not be reached for one customer: exit 3, as for a single verify.
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/Verified 13\/13 customers/);
  });

  it('prints one line per customer with the first failing check and its fix, then a summary', async () => {
    const result = await runCli(['verify', '--sandbox', '--inventory', EXAMPLE, '--customers', 'Contoso Dental,Tailspin Toys'], { timeoutMs: 60_000 });
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^✔ Contoso Dental\s+Contoso Support\s+passed$/);
    expect(lines[1]).toMatch(/^✖ Tailspin Toys\s+—\s+failed\s+token\.valid: The page token has expired/);
    expect(lines[2]).toMatch(/^\s+Fix: Generate a new page token/);
    expect(result.stdout).toMatch(/✖ NOT OK {2}2 customers: 1 passed, 1 failed/);
  });

  it('remembers results in --state and reports what changed on the next run; a failing notification changes nothing', async () => {
    const dir = tempDir();
    const inventory = join(dir, 'fleet.csv');
    const state = join(dir, 'state.json');
    writeFileSync(inventory, 'name,scenario\nalpha,healthy\nbravo,healthy\ncharlie,expired-token\n');
    const first = await runCli(['verify', '--sandbox', '--inventory', inventory, '--state', state, '--json'], { timeoutMs: 60_000 });
    expect((JSON.parse(first.stdout) as FleetReport).changes?.added).toEqual(['alpha', 'bravo', 'charlie']);

    writeFileSync(inventory, 'name,scenario\nalpha,not-subscribed\ncharlie,healthy\ndelta,healthy\n');
    const refused = await startTestServer((_req, res) => res.writeHead(500).end());
    try {
      const second = await runCli(['verify', '--sandbox', '--inventory', inventory, '--state', state, '--notify-url', `${refused.url}/hooks/secret-path`, '--json'], { timeoutMs: 60_000 });
      assertClean(second, ['secret-path']);
      const doc = JSON.parse(second.stdout) as FleetReport;
      expect(doc.changes).toEqual({ newlyFailing: ['alpha'], recovered: ['charlie'], stillFailing: [], added: ['delta'], removed: ['bravo'] });
      expect(second.stderr).toMatch(/notification could not be sent/);
      expect(second.exitCode).toBe(1);
      expect(refused.hits).toBe(1);
    } finally {
      await refused.close();
    }
    expect(Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { customers: object }).customers).sort()).toEqual(['alpha', 'charlie', 'delta']);
  });

  it('stops before anything runs on a secret in the inventory, naming line and column but not the value', async () => {
    const dir = tempDir();
    const inventory = join(dir, 'fleet.csv');
    const token = 'EAAB0123456789abcdefghijklmnopqrstuvwxyz';
    writeFileSync(inventory, `name,scenario,pageId\nalpha,healthy,\nbravo,healthy,${token}\n`);
    const result = await runCli(['verify', '--sandbox', '--inventory', inventory], { timeoutMs: 30_000 });
    assertClean(result, [token]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/holds a secret at line 3, column "pageId"/);
  });

  it('a report that cannot be written stops the run before any customer is checked', async () => {
    const missing = join(tempDir(), 'no-such-folder', 'fleet.xml');
    const result = await runCli(['verify', '--sandbox', '--inventory', EXAMPLE, '--junit', missing], { timeoutMs: 30_000 });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--junit');
    // Nothing ran: no sandbox was started and no customer was verified.
    expect(result.stderr).not.toMatch(/Sandbox:|Verified \d+/);
  });

  it('an invalid row fails only itself; fleet flags with a single-customer flag are a usage error', async () => {
    const dir = tempDir();
    const inventory = join(dir, 'fleet.json');
    writeFileSync(inventory, JSON.stringify([{ name: 'alpha', scenario: 'healthy' }, { name: 'alpha' }]));
    const result = await runCli(['verify', '--sandbox', '--inventory', inventory, '--json'], { timeoutMs: 30_000 });
    const doc = JSON.parse(result.stdout) as FleetReport;
    expect(doc.customers.map((customer) => customer.status)).toEqual(['pass', 'invalid']);
    expect(doc.customers[1]?.problem).toMatchObject({ code: 'duplicate-name', line: 2 });
    expect(result.exitCode).toBe(1);

    const mixed = await runCli(['verify', '--inventory', inventory, '--page-id', '123456789012345']);
    expect(mixed.exitCode).toBe(2);
    expect(mixed.stderr).toMatch(/--page-id names one customer/);
    const stray = await runCli(['verify', '--sandbox', '--shard', '1/2']);
    expect(stray.exitCode).toBe(2);
    expect(stray.stderr).toMatch(/--shard is for a fleet run/);
    const missing = await runCli(['verify', '--inventory', join(dir, 'nope.csv')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('--shard runs a stable share: the shards together cover the fleet once', async () => {
    const names: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const result = await runCli(['verify', '--sandbox', '--inventory', EXAMPLE, '--shard', shard, '--only', 'token.valid', '--json'], { timeoutMs: 60_000 });
      const doc = JSON.parse(result.stdout) as FleetReport;
      expect(doc.summary.shard).toEqual({ index: Number(shard[0]), count: 3 });
      names.push(...doc.customers.map((customer) => customer.name));
    }
    expect(names.sort()).toEqual(readFileSync(EXAMPLE, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]).sort());
  });
});
