import { describe, expect, it } from 'vitest';
import { answerProblem, answersFromProfile, mergeAnswers, missingAnswers, missingMessage, webClientUrlGuess, type Answers } from '../../src/core/init/answers.js';
import { appSubscriptionForm } from '../../src/graph/messenger.js';
import { appWebhookRequest, dashboardSteps, describeAppWebhookChange, isUsableVerifyToken, planAppWebhook, verifyTokenFrom } from '../../src/core/init/app-webhook.js';
import { planStageSave, profileAfterStage } from '../../src/core/init/progress.js';
import { renderCheckLines, renderCompact } from '../../src/core/init/render.js';
import { decideStart, describeAge, needsFrom, resumeChoices, stageFromChoice, stageHeading } from '../../src/core/init/stages.js';
import { browserLikely, goLiveSteps, stage1Intro } from '../../src/core/init/texts.js';
import { REQUIRED_FIELDS } from '../../src/core/verify/fields.js';
import type { CheckResult } from '../../src/core/verify/types.js';

const plain = { green: (t: string) => t, yellow: (t: string) => t, red: (t: string) => t, dim: (t: string) => t, bold: (t: string) => t, cyan: (t: string) => t };
const CALLBACK = 'https://pbx.acme.example/facebook/webhook/abc';

describe('stages', () => {
  it('names each stage as "Stage n of 4 · title"', () => {
    expect(stageHeading(2)).toBe('Stage 2 of 4 · 3CX');
    expect(stageHeading(4)).toBe('Stage 4 of 4 · App Review and Live');
  });

  it('starts fresh at stage 1, honours --stage and --restart first', () => {
    expect(decideStart({ progress: undefined, interactive: true })).toEqual({ kind: 'start', stage: 1, reason: 'fresh' });
    const progress = { completedStage: 2, updatedAt: '2026-01-01T00:00:00Z' };
    expect(decideStart({ progress, stage: 4, interactive: true })).toEqual({ kind: 'start', stage: 4, reason: 'flag' });
    expect(decideStart({ progress, restart: true, interactive: true })).toEqual({ kind: 'start', stage: 1, reason: 'restart' });
  });

  it('with saved progress asks at a terminal, and continues after the last stage without one', () => {
    const progress = { completedStage: 2, updatedAt: '2026-01-01T00:00:00Z' };
    expect(decideStart({ progress, interactive: true })).toMatchObject({ kind: 'ask', next: 3, completed: 2 });
    expect(decideStart({ progress, interactive: false })).toEqual({ kind: 'start', stage: 3, reason: 'continue' });
    const done = { completedStage: 4, updatedAt: '2026-01-01T00:00:00Z' };
    expect(decideStart({ progress: done, interactive: false })).toEqual({ kind: 'start', stage: 1, reason: 'all-done' });
    expect(decideStart({ progress: done, interactive: true })).toMatchObject({ kind: 'ask', next: undefined });
    expect(decideStart({ progress: { completedStage: 99 as number, updatedAt: 'x' }, interactive: false })).toEqual({ kind: 'start', stage: 1, reason: 'all-done' });
  });

  it('offers continue first, then start over, then the other stages', () => {
    const choices = resumeChoices(3);
    expect(choices[0]).toEqual({ value: 'continue', name: 'Continue with Stage 3 of 4 · Webhook' });
    expect(choices.map((c) => c.value)).toEqual(['continue', 'restart', 'stage-2', 'stage-4']);
    expect(resumeChoices(undefined).map((c) => c.value)).toEqual(['restart', 'stage-2', 'stage-3', 'stage-4']);
    expect(stageFromChoice('continue', 3)).toBe(3);
    expect(stageFromChoice('restart', 3)).toBe(1);
    expect(stageFromChoice('stage-4', 3)).toBe(4);
  });

  it('knows what the stages from n onwards need (the app secret is never required)', () => {
    expect(needsFrom(1)).toEqual(['appId', 'pageId', 'pageToken', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password']);
    expect(needsFrom(3)).toEqual(['appId', 'pageId', 'pageToken', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password']);
    expect(needsFrom(4)).not.toContain('webhookUrl');
    expect(needsFrom(1)).not.toContain('appSecret');
  });

  it('describes the age of saved progress', () => {
    const now = Date.parse('2026-01-02T12:00:00Z');
    expect(describeAge('2026-01-02T11:59:50Z', now)).toBe('just now');
    expect(describeAge('2026-01-02T11:30:00Z', now)).toBe('30 minutes ago');
    expect(describeAge('2026-01-02T09:00:00Z', now)).toBe('3 hours ago');
    expect(describeAge('not a date', now)).toBe('earlier');
  });
});

describe('answers', () => {
  it('lists every missing answer for --yes, in asking order', () => {
    const answers: Answers = { pageId: { value: '1234567', source: 'flag' }, company: { value: 'Acme', source: 'env' } };
    expect(missingAnswers(answers, 1)).toEqual(['appId', 'pageToken', 'webhookUrl', 'webClientUrl', 'extension', 'password']);
    expect(missingAnswers({ ...answers, pageToken: { value: '', source: 'env' } }, 1)).toContain('pageToken');
    const { message, hint } = missingMessage(['appId', 'password'], 1);
    expect(message).toContain('needs 2 more answers for stages 1-4');
    expect(message).toContain('--app-id <id> or FB3CX_APP_ID');
    expect(message).toContain('--password-stdin or FB3CX_TEST_PASSWORD');
    expect(hint).toContain('--sandbox --yes');
    expect(missingMessage(['company'], 4).message).toContain('needs 1 more answer for stage 4');
  });

  it('checks typed answers', () => {
    expect(answerProblem('pageId', '12345')).toBeUndefined();
    expect(answerProblem('pageId', 'contoso')).toMatch(/5 to 25 digits/);
    expect(answerProblem('pageToken', 'EAA abc')).toMatch(/spaces/);
    expect(answerProblem('webhookUrl', 'http://pbx.example/x')).toMatch(/https/);
    expect(answerProblem('webhookUrl', 'not a url')).toMatch(/not a valid URL/);
    expect(answerProblem('webClientUrl', 'https://pbx.example:5001/webclient')).toBeUndefined();
    expect(answerProblem('extension', '90a')).toMatch(/digits only/);
    expect(answerProblem('company', '   ')).toMatch(/empty/);
  });

  it('merges layers by precedence and reads a profile', () => {
    const fromProfile = answersFromProfile({ pageId: '111111', appId: '222222', pageToken: 'EAAsaved', init: { completedStage: 1, updatedAt: 'x' } });
    expect(fromProfile.pageId).toEqual({ value: '111111', source: 'profile' });
    const merged = mergeAnswers({ pageId: { value: '999999', source: 'flag' } }, fromProfile, { company: { value: 'Sandbox Ltd', source: 'sandbox' } });
    expect(merged.pageId?.value).toBe('999999');
    expect(merged.appId?.source).toBe('profile');
    expect(merged.company?.source).toBe('sandbox');
  });

  it('guesses the web client URL from the webhook host', () => {
    expect(webClientUrlGuess('https://pbx.acme.example/facebook/webhook/1')).toBe('https://pbx.acme.example:5001/webclient');
    expect(webClientUrlGuess(undefined)).toBeUndefined();
  });
});

describe('app webhook plan', () => {
  it('sees nothing to change when the callback and the six fields are there', () => {
    const plan = planAppWebhook([{ object: 'page', callback_url: `${CALLBACK}/`, active: true, fields: REQUIRED_FIELDS.map((name) => ({ name })) }], CALLBACK);
    expect(plan.changes).toBe(false);
  });

  it('a callback elsewhere: changes the callback, keeps every field (also ones 3CX does not need)', () => {
    const plan = planAppWebhook(
      [{ object: 'page', callback_url: 'https://abc.ngrok-free.app/webhook', active: true, fields: [{ name: 'messages' }, 'feed'] }, { object: 'user', callback_url: 'x' }],
      CALLBACK,
    );
    expect(plan.changes).toBe(true);
    expect(plan.callbackChanges).toBe(true);
    expect(plan.addedFields).toEqual(REQUIRED_FIELDS.filter((f) => f !== 'messages'));
    expect(plan.fieldsAfter.slice(0, 2)).toEqual(['messages', 'feed']);
    const form = appSubscriptionForm(appWebhookRequest(plan, 'Abc123'));
    expect(form).toEqual({ object: 'page', callback_url: CALLBACK, verify_token: 'Abc123', fields: plan.fieldsAfter.join(','), include_values: 'true' });
    expect(String(form.fields).split(',')).toContain('feed');
    const lines = describeAppWebhookChange(plan).join('\n');
    expect(lines).toContain('https://abc.ngrok-free.app/webhook');
    expect(lines).toContain(`→  ${CALLBACK}`);
    expect(lines).toContain('keep messages, feed');
  });

  it('no webhook at all, or an inactive one, is a change', () => {
    expect(planAppWebhook([], CALLBACK)).toMatchObject({ changes: true, current: undefined, fieldsAfter: [...REQUIRED_FIELDS] });
    const inactive = planAppWebhook([{ object: 'page', callback_url: CALLBACK, active: false, fields: [...REQUIRED_FIELDS] }], CALLBACK);
    expect(inactive).toMatchObject({ changes: true, inactive: true, callbackChanges: false, addedFields: [] });
  });

  it('makes verify tokens of letters and digits only', () => {
    const token = verifyTokenFrom(new Uint8Array([0, 25, 26, 51, 52, 61, 62, 255, 128]), 32);
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(isUsableVerifyToken(token)).toBe(true);
    expect(isUsableVerifyToken('has-dash-and-more-chars')).toBe(false);
  });

  it('dashboard steps name the URL, the verify token and all six fields', () => {
    const steps = dashboardSteps('123456', CALLBACK, 'VerifyTok3n').join('\n');
    expect(steps).toContain('https://developers.facebook.com/apps/123456/messenger/settings/');
    expect(steps).toContain(CALLBACK);
    expect(steps).toContain('VerifyTok3n');
    for (const field of REQUIRED_FIELDS) expect(steps).toContain(field);
  });
});

describe('profile after a stage', () => {
  const answers: Answers = {
    appId: { value: '222222', source: 'prompt' },
    pageId: { value: '111111', source: 'prompt' },
    pageToken: { value: 'EAAtokentoken', source: 'prompt' },
    appSecret: { value: 'secretsecret', source: 'prompt' },
    password: { value: 'Reviewer-Pass-1', source: 'prompt' },
    company: { value: 'Acme', source: 'prompt' },
  };
  const now = new Date('2026-03-01T10:00:00Z');

  it('keeps unknown keys, records the stage, and never stores the test password', () => {
    const next = profileAfterStage({ pbxHost: 'pbx.acme.example', pageToken: 'EAAold' }, { answers, saveSecrets: true, stage: 2, now, verifyToken: 'Abc' });
    expect(next).toMatchObject({ pbxHost: 'pbx.acme.example', appId: '222222', pageId: '111111', company: 'Acme', pageToken: 'EAAtokentoken', appSecret: 'secretsecret', verifyToken: 'Abc' });
    expect(next.init).toEqual({ completedStage: 2, updatedAt: '2026-03-01T10:00:00.000Z' });
    expect(JSON.stringify(next)).not.toContain('Reviewer-Pass-1');
  });

  it('without consent saves no new secret and keeps the ones saved by an earlier run', () => {
    const next = profileAfterStage({ pageToken: 'EAAold', appSecret: 'oldsecret', verifyToken: 'Abc' }, { answers, saveSecrets: false, stage: 1, now, verifyToken: 'Newverify' });
    expect(next).toMatchObject({ pageToken: 'EAAold', appSecret: 'oldsecret', verifyToken: 'Abc', pageId: '111111' });
    expect(profileAfterStage(undefined, { answers, saveSecrets: false, stage: 1, now, verifyToken: 'Newverify' })).not.toHaveProperty('pageToken');
  });

  it('never lowers the progress: going back to stage 3 of a finished profile leaves it finished', () => {
    const done = { pageId: '111111', init: { completedStage: 4, updatedAt: '2026-01-01T00:00:00Z' } };
    expect(profileAfterStage(done, { answers, saveSecrets: false, stage: 3, now }).init).toEqual({ completedStage: 4, updatedAt: '2026-03-01T10:00:00.000Z' });
    expect(profileAfterStage({ init: { completedStage: 1, updatedAt: 'x' } }, { answers, saveSecrets: false, stage: 2, now }).init?.completedStage).toBe(2);
  });

  it('a stage saved after another run changed the profile keeps that run\'s changes, or stops when it would overwrite them', () => {
    const seen = { pageId: '111111', init: { completedStage: 1, updatedAt: 'a' } };
    const update = { answers, saveSecrets: false, stage: 2 as const, now };
    expect(planStageSave(seen, seen, update)).toMatchObject({ kind: 'write', othersKept: [] });
    // Another run added a privacy URL and finished stage 3: both kept, progress the higher.
    const other = { ...seen, privacyUrl: 'https://acme.example/privacy', init: { completedStage: 3, updatedAt: 'b' } };
    const merged = planStageSave(seen, other, update);
    expect(merged).toMatchObject({ kind: 'write', othersKept: ['privacyUrl'], profile: { privacyUrl: 'https://acme.example/privacy', company: 'Acme', init: { completedStage: 3 } } });
    // Another run chose another page: this stage would overwrite it, so nothing is written.
    expect(planStageSave(seen, { ...seen, pageId: '999999' }, update)).toEqual({ kind: 'conflict', keys: ['pageId'] });
    // The profile was created by another run after this one started.
    expect(planStageSave(undefined, { company: 'Other Ltd' }, update)).toEqual({ kind: 'conflict', keys: ['company'] });
    expect(planStageSave(undefined, { pbxHost: 'pbx.other.example' }, update)).toMatchObject({ kind: 'write', othersKept: ['pbxHost'] });
  });
});

describe('rendering', () => {
  const result = (id: string, status: CheckResult['status'], fix?: string): CheckResult => ({ id, title: `title of ${id}`, status, detail: `detail of ${id}`, fix, durationMs: 1 });

  it('folds passes into one line and shows warn and fail in full', () => {
    const lines = renderCompact([result('token.valid', 'pass'), result('token.type', 'pass'), result('token.expiry', 'warn', 'renew it'), result('token.app', 'skip')], plain, 'Page token');
    expect(lines[0]).toBe('  ✔ Page token: accepted, a PAGE token');
    expect(lines.join('\n')).toContain('! title of token.expiry: detail of token.expiry');
    expect(lines.join('\n')).toContain('Fix: renew it');
    expect(lines.join('\n')).not.toContain('token.app');
  });

  it('says one fix once when several checks fail for one cause', () => {
    const lines = renderCheckLines([result('token.valid', 'fail', 'new token'), result('page.info', 'fail', 'new token')], plain);
    expect(lines.filter((line) => line.includes('Fix: new token'))).toHaveLength(1);
  });
});

describe('texts', () => {
  it('always prints the portal URLs, the Messenger settings one once the App ID is known', () => {
    expect(stage1Intro(undefined, 'business').join('\n')).toContain('https://developers.facebook.com/apps/');
    expect(stage1Intro('123456', undefined).join('\n')).toContain('https://developers.facebook.com/apps/123456/messenger/settings/');
  });

  it('gives the clicks of the app-creation screens the person sees, and both when unsure or unasked', () => {
    const useCase = stage1Intro(undefined, 'use-case').join('\n');
    const business = stage1Intro(undefined, 'business').join('\n');
    expect(useCase).toContain('choose the use case "Engage with customers on Messenger from Meta"');
    expect(useCase).not.toContain('Other > Business');
    expect(business).toContain('My Apps > Create App > Other > Business');
    expect(business).not.toContain('Engage with customers');
    for (const both of [stage1Intro(undefined, 'not-sure'), stage1Intro(undefined, undefined)].map((lines) => lines.join('\n'))) {
      expect(both).toContain('"Engage with customers on Messenger from Meta"');
      expect(both).toContain('"Other" > "Business"');
      expect(both).toContain('Generate token');
    }
  });

  it('the go-live steps say how to prove the app is Live for everyone, and why a person must confirm it', () => {
    const steps = goLiveSteps('123456').join('\n');
    expect(steps).toContain('from a Facebook account that has NO role on the app');
    expect(steps).toContain('cannot tell whether a sender has a role on the app');
    expect(steps).toContain('"fb3cx listen --lookup-profile" shows each sender\'s name');
    expect(steps).toContain('https://developers.facebook.com/apps/123456/');
  });

  it('offers to open a browser only where one is likely', () => {
    expect(browserLikely({ SSH_CONNECTION: '1 2 3 4' }, 'darwin')).toBe(false);
    expect(browserLikely({}, 'darwin')).toBe(true);
    expect(browserLikely({}, 'linux')).toBe(false);
    expect(browserLikely({ DISPLAY: ':0' }, 'linux')).toBe(true);
  });
});
