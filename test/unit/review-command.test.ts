import { describe, expect, it } from 'vitest';
import { reviewText, type ReviewTextOptions } from '../../src/commands/review-text.js';
import type { AppContext, GlobalOptions } from '../../src/context.js';
import { openConfigStore } from '../../src/io/config.js';
import { UsageError } from '../../src/errors.js';
import { fakeContext, scriptedPrompter } from '../support/context.js';

/** What cli.ts does with the command: run it, then print its result through its presenter. */
async function run(ctx: AppContext, options: ReviewTextOptions & GlobalOptions): Promise<number> {
  const outcome = await reviewText.run(ctx, options, []);
  ctx.out.present(reviewText.present, outcome.result);
  return outcome.exitCode;
}

const given: ReviewTextOptions & GlobalOptions = { company: 'Contoso Ltd', pageName: 'Contoso Support', pbxHost: 'pbx.contoso.net', extension: '901' };

describe('review-text in-process', () => {
  it('asks only for what is missing, in order, re-asking on invalid answers, the password masked', async () => {
    const { prompter, asked } = scriptedPrompter(['Contoso Support', 'not a host/', 'pbx.contoso.net', 'x', '901', '', 'Secret-Pass-77']);
    const fake = fakeContext({ prompter });
    await expect(run(fake.ctx, { company: 'Contoso Ltd', piece: 'test-instructions' })).resolves.toBe(0);
    expect(asked.map((a) => [a.kind, a.rejected.length])).toEqual([
      ['input', 0],
      ['input', 1],
      ['input', 1],
      ['password', 1],
    ]);
    expect(fake.stdout()).toContain('Web client: https://pbx.contoso.net:5001/webclient');
    expect(fake.stdout()).toContain('Password: Secret-Pass-77');
    expect(fake.stderr()).not.toContain('Secret-Pass-77');
  });

  it('takes company, host and extension from the profile, after flags and env', async () => {
    const fake = fakeContext({ env: { FB3CX_TEST_PASSWORD: 'Secret-Pass-77', FB3CX_COMPANY: 'Env Company' } });
    const store = await openConfigStore(fake.env);
    store.saveProfile('default', { company: 'Profile Company', pageName: 'Profile Page', pbxHost: 'pbx.profile.net', extension: '333', privacyUrl: 'https://profile.net/privacy' });
    await expect(run(fake.ctx, { piece: 'verification-summary' })).resolves.toBe(0);
    const text = fake.stdout();
    expect(text).toContain('Env Company uses this app to connect its Facebook Page "Profile Page"');
    expect(text).toContain('pbx.profile.net');
    expect(text).toContain('Privacy policy: https://profile.net/privacy');
  });

  it('never stores the password in the profile', async () => {
    const fake = fakeContext({ env: { FB3CX_TEST_PASSWORD: 'Secret-Pass-77' } });
    await run(fake.ctx, { ...given, piece: 'screencast' });
    const store = await openConfigStore(fake.env);
    expect(JSON.stringify(store.listProfiles())).not.toContain('Secret-Pass-77');
  });

  it('--open opens the App Review page of the app after writing', async () => {
    const fake = fakeContext({ env: { FB3CX_TEST_PASSWORD: 'Secret-Pass-77' } });
    await run(fake.ctx, { ...given, appId: '987654321012345', piece: 'screencast', open: true });
    expect(fake.opened).toEqual(['https://developers.facebook.com/apps/987654321012345/app-review/permissions/']);
    expect(fake.stdout().length).toBeGreaterThan(100);
  });

  it('--open without an app id goes to the list of apps and says so; a missing browser is a warning', async () => {
    const fake = fakeContext({ env: { FB3CX_TEST_PASSWORD: 'Secret-Pass-77' }, openResult: false });
    await expect(run(fake.ctx, { ...given, piece: 'screencast', open: true })).resolves.toBe(0);
    expect(fake.opened).toEqual(['https://developers.facebook.com/apps/']);
    expect(fake.stderr()).toContain('No App ID is known');
    expect(fake.stderr()).toContain('Could not start a browser; open https://developers.facebook.com/apps/ yourself.');
  });

  it('without a terminal, one usage error lists every missing value', async () => {
    const fake = fakeContext();
    const error = await run(fake.ctx, { company: 'A' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message.split('\n').slice(1)).toEqual([
      expect.stringContaining('--page-name'),
      expect.stringContaining('--web-client-url <url> or --pbx-host <fqdn>'),
      expect.stringContaining('--extension'),
      expect.stringContaining('--password-stdin'),
    ]);
  });
});
