import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { buildReport, reachOf } from '../../src/core/verify/runner.js';
import type { FinalReport } from '../../src/core/verify/final-report.js';
import type { CheckResult } from '../../src/core/verify/types.js';
import { buildFleetReport, fleetExitCode, runFleet, type FleetTask } from '../../src/fleet/run.js';
import { AppGate } from '../../src/graph/app-gate.js';
import { nameHash, parseShard, selectCustomers, shardOf } from '../../src/fleet/select.js';
import { computeChanges, hasNews, nextState, readState, writeState } from '../../src/fleet/state.js';
import { buildNotice, sendNotice } from '../../src/fleet/notify.js';
import type { FleetCustomer } from '../../src/fleet/types.js';
import { startTestServer } from '../support/http.js';

const check = (status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({ id: 'token.valid', title: 'Token is valid', status, detail: status, durationMs: 1, ...extra });
const final = (results: CheckResult[]): FinalReport => {
  const report = buildReport(results, false);
  return { results, report, reach: reachOf(results), exitCode: report.ok ? ExitCode.ok : ExitCode.checkFailed, pageName: 'Page' };
};
const task = (name: string): FleetTask => ({ name, line: 1, inputs: { pageId: '123456789012345', pageToken: 'token' } });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('sharding', () => {
  const names = Array.from({ length: 200 }, (_, index) => `customer-${index}`);

  it('puts every customer in exactly one shard, the same one whatever the order or the others', () => {
    const rows = names.map((name) => ({ name }));
    const shards = [1, 2, 3, 4].map((index) => selectCustomers(rows, { shard: { index, count: 4 } }).map((row) => row.name));
    expect(shards.flat().sort()).toEqual([...names].sort());
    for (const shard of shards) expect(shard.length).toBeGreaterThan(25);
    const reversed = [...rows].reverse().slice(0, 50);
    for (const { name } of reversed) expect(selectCustomers(reversed, { shard: { index: shardOf(name, 4), count: 4 } }).map((row) => row.name)).toContain(name);
    // Pinned: the hash is part of the contract (a CI matrix keeps its customers across versions).
    // FNV-1a of "a" is the published test vector 0xe40c292c; names are hashed as UTF-8.
    expect(nameHash('a')).toBe(0xe40c292c);
    expect(nameHash('Müller GmbH')).toBe(374204614);
    expect(shardOf('Müller GmbH', 4)).toBe(3);
  });

  it('parses i/n from 1 and refuses the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '2']) expect(() => parseShard(bad)).toThrow(/--shard takes/);
  });

  it('--customers picks names and refuses unknown ones with a suggestion', () => {
    const rows = [{ name: 'acme' }, { name: 'beta' }];
    expect(selectCustomers(rows, { customers: ['beta'] })).toEqual([{ name: 'beta' }]);
    expect(() => selectCustomers(rows, { customers: ['acmee'] })).toThrow(/does not have: "acmee"/);
  });
});

describe('runFleet', () => {
  it('a hanging customer ends at its deadline while the healthy ones finish fast and in order', async () => {
    const tasks = ['a', 'hang', 'b', 'c', 'crash', 'd'].map(task);
    const finishedAt = new Map<string, number>();
    const started = performance.now();
    const run = await runFleet({
      tasks,
      concurrency: 2,
      deadlineMs: 400,
      now: () => performance.now(),
      verify: async (t) => {
        if (t.name === 'hang') return new Promise<FinalReport>(() => {});
        if (t.name === 'crash') throw new Error('boom');
        await sleep(20);
        finishedAt.set(t.name, performance.now() - started);
        return final([check('pass')]);
      },
    });
    expect(run.customers.map((customer) => [customer.name, customer.status])).toEqual([
      ['a', 'pass'],
      ['hang', 'unreachable'],
      ['b', 'pass'],
      ['c', 'pass'],
      ['crash', 'fail'],
      ['d', 'pass'],
    ]);
    expect(run.customers[1]?.problem?.code).toBe('deadline');
    expect(run.customers[4]?.problem).toMatchObject({ code: 'internal', message: 'boom' });
    // The other worker went on: every healthy customer finished long before the hanging one's deadline.
    for (const name of ['a', 'b', 'c', 'd']) expect(finishedAt.get(name)).toBeLessThan(300);
    expect(run.durationMs).toBeLessThan(1500);
    expect(fleetExitCode(run.customers)).toBe(ExitCode.cannotRun);
  });

  it('runs at most --concurrency customers at once and reports progress', async () => {
    let running = 0;
    let peak = 0;
    const progress: number[] = [];
    await runFleet({
      tasks: Array.from({ length: 20 }, (_, index) => task(`c${index}`)),
      concurrency: 4,
      deadlineMs: 5000,
      now: () => performance.now(),
      onProgress: ({ done }) => progress.push(done),
      verify: async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(5);
        running--;
        return final([check('pass')]);
      },
    });
    expect(peak).toBe(4);
    expect(progress).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it('an invalid row is a failed customer with its line; the exit code follows the worst customer', async () => {
    const run = await runFleet({
      tasks: [{ name: '(line 3)', line: 3, problem: { code: 'missing-name', message: 'the row has no name' } }, task('ok'), task('warned')],
      concurrency: 8,
      deadlineMs: 1000,
      now: () => performance.now(),
      verify: async (t) => final([check(t.name === 'warned' ? 'warn' : 'pass')]),
    });
    expect(run.customers[0]).toMatchObject({ status: 'invalid', ok: false, exitCode: 1, problem: { line: 3 } });
    expect(run.customers[2]).toMatchObject({ status: 'warn', ok: true });
    const report = buildFleetReport(run, new Date(0).toISOString());
    expect(report.summary).toMatchObject({ total: 3, pass: 1, warn: 1, invalid: 1 });
    expect(report.ok).toBe(false);
    expect(fleetExitCode(run.customers)).toBe(ExitCode.checkFailed);
  });
});

describe('per-app rate limits', () => {
  const clock = { now: () => performance.now(), sleep };

  it('a rate-limit retry pauses the app for everyone; a pause longer than a customer can wait fails at once', async () => {
    const gate = new AppGate('555', clock, 1000);
    gate.observe({ kind: 'retry', method: 'GET', path: '/x', attempt: 1, delayMs: 150, reason: 'limit', rateLimited: true }, () => {});
    const started = performance.now();
    await gate.run(async () => 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    gate.pause(60_000);
    await expect(gate.run(async () => 1)).rejects.toThrow(/no calls of app 555/);
  });

  it('usage near the limit makes the app go one call at a time, and warns once', async () => {
    const gate = new AppGate('555', clock, 1000);
    const warnings: string[] = [];
    gate.observe({ kind: 'usage', header: 'x-app-usage', percent: 95 }, (text) => warnings.push(text));
    gate.observe({ kind: 'usage', header: 'x-app-usage', percent: 99 }, (text) => warnings.push(text));
    expect(warnings).toHaveLength(1);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 5 }, () =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(5);
          running--;
        }),
      ),
    );
    expect(peak).toBe(1);
  });
});

const customer = (name: string, ok: boolean): FleetCustomer => ({ name, ok, status: ok ? 'pass' : 'fail', exitCode: ok ? 0 : 1, durationMs: 1, checks: [] });

describe('state across runs', () => {
  it('reports newly failing, recovered, still failing, added and removed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb3cx-state-'));
    const file = join(dir, 'state.json');
    expect(await readState(file)).toBeUndefined();
    const first = [customer('a', true), customer('b', false), customer('c', true), customer('d', false)];
    const firstChanges = computeChanges(undefined, ['a', 'b', 'c', 'd'], first);
    expect(firstChanges.added).toEqual(['a', 'b', 'c', 'd']);
    await writeState(file, nextState(undefined, ['a', 'b', 'c', 'd'], first, 'then'));

    const previous = await readState(file);
    const second = [customer('a', false), customer('b', true), customer('d', false), customer('e', true)];
    const changes = computeChanges(previous, ['a', 'b', 'd', 'e'], second);
    expect(changes).toEqual({ newlyFailing: ['a'], recovered: ['b'], stillFailing: ['d'], added: ['e'], removed: ['c'] });
    expect(hasNews(changes)).toBe(true);
    expect(hasNews({ newlyFailing: [], recovered: [], stillFailing: ['d'], added: [], removed: [] })).toBe(false);
    await writeState(file, nextState(previous, ['a', 'b', 'd', 'e'], second, 'now'));
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).customers).sort()).toEqual(['a', 'b', 'd', 'e']);
  });

  it('a customer this shard did not run keeps its old result and is not removed', () => {
    const previous = nextState(undefined, ['a', 'b'], [customer('a', true), customer('b', false)], 'then');
    expect(computeChanges(previous, ['a', 'b'], [customer('a', true)]).removed).toEqual([]);
    expect(nextState(previous, ['a', 'b'], [customer('a', false)], 'now').customers.b).toMatchObject({ ok: false });
  });

  it('a state file it cannot read is an error and is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb3cx-state-'));
    const file = join(dir, 'state.json');
    writeFileSync(file, '{"something":"else"}');
    await expect(readState(file)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/not a fleet state/) });
    expect(readFileSync(file, 'utf8')).toBe('{"something":"else"}');
  });
});

describe('notification', () => {
  const changes = { newlyFailing: ['a'], recovered: ['b'], stillFailing: ['d'], added: [], removed: [] };
  const summary = { total: 4, pass: 2, warn: 0, fail: 2, invalid: 0, unreachable: 0, checks: { pass: 0, warn: 0, fail: 0, skip: 0, manual: 0 }, durationMs: 1 };

  it('POSTs a JSON summary with a text field', async () => {
    let body = '';
    const server = await startTestServer((req, res) => {
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => res.writeHead(200).end('ok'));
    });
    try {
      expect(await sendNotice(server.url, buildNotice(changes, summary))).toEqual({ ok: true, status: 200 });
      const notice = JSON.parse(body) as { text: string; code: string; changes: unknown };
      expect(notice.code).toBe('fleet-changes');
      expect(notice.text).toMatch(/2 of 4 customers failing[\s\S]*Newly failing: a\.[\s\S]*Recovered: b\./);
      expect(notice.changes).toEqual(changes);
    } finally {
      await server.close();
    }
  });

  it('a refused or unanswered notification is an outcome, not a throw', async () => {
    const server = await startTestServer((_req, res) => res.writeHead(500).end());
    try {
      expect(await sendNotice(server.url, buildNotice(changes, summary))).toMatchObject({ ok: false, code: 'http-500' });
    } finally {
      await server.close();
    }
    expect(await sendNotice('http://127.0.0.1:9/hook', buildNotice(changes, summary), { timeoutMs: 1000 })).toMatchObject({ ok: false });
  });
});
