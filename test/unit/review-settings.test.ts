import { describe, expect, it } from 'vitest';
import { readAppSettings, readPageName, snapshotFrom } from '../../src/core/review/lookups.js';
import { describeCheck, evaluateSettings, type AppSettingsSnapshot } from '../../src/core/review/settings-check.js';
import { GraphApiError } from '../../src/graph/errors.js';
import { NetworkError } from '../../src/errors.js';
import { fakeGraph } from '../support/graph.js';
import { sample } from '../support/samples.js';

const expected = { webClientUrl: 'https://contoso.3cx.example:5001/webclient' };

const statusOf = (app: AppSettingsSnapshot, extra: { privacyUrl?: string } = {}) =>
  Object.fromEntries(evaluateSettings({ kind: 'read', app }, { ...expected, ...extra }).map((check) => [check.id, check.status]));

describe('the settings checklist from the app node', () => {
  it('marks everything done for the shared sample app, except Business Verification', () => {
    const app = sample<AppSettingsSnapshot>('app.get.ok.json');
    expect(statusOf(app)).toEqual({ website: 'done', icon: 'done', privacyPolicy: 'done', category: 'done', businessVerification: 'manual' });
  });

  it('marks what is missing or different as to do, saying what Meta has', () => {
    const checks = evaluateSettings(
      { kind: 'read', app: { supported_platforms: ['WEB'], website_url: 'https://other.example.net/', category: 'Business', privacy_policy_url: 'https://a.example/p' } },
      { ...expected, privacyUrl: 'https://b.example/p' },
    );
    expect(checks.map(describeCheck)).toEqual([
      'to do (Meta has https://other.example.net/, which is not the 3CX host)',
      'to do (no icon uploaded yet)',
      'to do (Meta has https://a.example/p, not https://b.example/p)',
      'to do (Meta has "Business")',
      'check by hand (the Graph API does not report it)',
    ]);
  });

  it('needs both the WEB platform and a site URL for the website item', () => {
    expect(statusOf({ website_url: 'https://contoso.3cx.example/' }).website).toBe('todo');
    expect(statusOf({ supported_platforms: ['WEB'] }).website).toBe('todo');
    expect(statusOf({ supported_platforms: ['web'], website_url: 'https://CONTOSO.3cx.example/x' }).website).toBe('done');
  });

  it('says "check by hand" for every item without app credentials, "unknown" after a failed read', () => {
    expect(evaluateSettings({ kind: 'no-credentials' }, expected).map((c) => c.status)).toEqual(['manual', 'manual', 'manual', 'manual', 'manual']);
    const failed = evaluateSettings({ kind: 'failed' }, expected);
    expect(failed.slice(0, 4).map(describeCheck)).toEqual(Array(4).fill('unknown, check by hand (the app settings could not be read)'));
  });
});

describe('Graph lookups', () => {
  it('reads the page name with the page token', async () => {
    const graph = fakeGraph(() => sample('page.get.ok.json'));
    await expect(readPageName(graph, '111111111111111', 'PAGE-TOKEN')).resolves.toEqual({ ok: true, value: 'Contoso Support' });
    expect(graph.requests[0]).toMatchObject({ path: '/111111111111111', token: 'PAGE-TOKEN', query: { fields: 'name' } });
  });

  it('reads the app fields with the app token APP_ID|APP_SECRET', async () => {
    const graph = fakeGraph(() => sample('app.get.ok.json'));
    const result = await readAppSettings(graph, '1234567890123456', 's3cr3t');
    expect(result.ok).toBe(true);
    expect(graph.requests[0]).toMatchObject({
      path: '/1234567890123456',
      token: '1234567890123456|s3cr3t',
      query: { fields: 'privacy_policy_url,icon_url,category,website_url,supported_platforms' },
    });
  });

  it('turns a Graph error or a network failure into a reason instead of throwing', async () => {
    const graphError = new GraphApiError(400, sample<{ error: object }>('error.190.expired.json').error, 'Reading the app settings');
    const failing = await readAppSettings(fakeGraph(() => graphError), '1', 's');
    expect(failing).toMatchObject({ ok: false });
    expect(!failing.ok && failing.reason).toContain('Reading the app settings failed');
    const offline = await readPageName(fakeGraph(() => new NetworkError('Cannot reach graph.facebook.com.')), '1', 't');
    expect(offline).toEqual({ ok: false, reason: 'Cannot reach graph.facebook.com.' });
  });

  it('treats an answer without a name as a failed lookup', async () => {
    await expect(readPageName(fakeGraph(() => ({ id: '1' })), '1', 't')).resolves.toMatchObject({ ok: false });
  });

  it('keeps only well-typed app fields', () => {
    expect(snapshotFrom({ category: 7, icon_url: 'x', supported_platforms: ['WEB', 3] })).toEqual({ icon_url: 'x', supported_platforms: ['WEB'] });
  });
});
