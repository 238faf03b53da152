import { describe, expect, it } from 'vitest';
import { assertClean, runCli } from '../support/run-cli.js';

/**
 * "It works for me, but not for my customers": with Standard Access only, verify says why in
 * app.permissions and how to prove the app is Live in app.mode, through the spawned bin.
 */

const SECRETS = ['EAASandboxPageToken0contoso0000000000000000000000000000ZZ', 'sandbox0app0secret0000000000abcd'];

interface Check {
  id: string;
  status: string;
  detail: string;
  fix?: string;
}

describe('fb3cx verify --sandbox standard-access-only', () => {
  it('fails app.permissions with the explanation and leaves app.mode to a person with the proof', async () => {
    const result = await runCli(['verify', '--sandbox', 'standard-access-only', '--json']);
    assertClean(result, SECRETS);
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(result.stdout) as { ok: boolean; checks: Check[] };
    expect(doc.ok).toBe(false);
    const byId = Object.fromEntries(doc.checks.map((c) => [c.id, c]));
    expect(doc.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['app.permissions']);
    expect(byId['app.permissions']?.detail).toMatch(/^pages_messaging: unapproved, so Standard Access only\. /);
    expect(byId['app.permissions']?.detail).toContain('Meta delivers webhooks only for people who have a role on the app');
    expect(byId['app.permissions']?.fix).toContain('Request Advanced Access to pages_messaging');
    expect(byId['app.mode']).toMatchObject({ status: 'manual' });
    expect(byId['app.mode']?.fix).toContain('from a Facebook account that has NO role on the app');
    expect(byId['app.mode']?.fix).toContain('"fb3cx listen --lookup-profile" shows each sender\'s name');
  });

  it('says it in the human report too', async () => {
    const result = await runCli(['verify', '--sandbox', 'standard-access-only']);
    assertClean(result, SECRETS);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✖ app\.permissions\s+pages_messaging: unapproved, so Standard Access only/);
    expect(result.stdout).toMatch(/customers' messages\s+never reach 3CX/);
    expect(result.stdout).toMatch(/\? app\.mode\s+Meta's API does not say/);
  });
});
