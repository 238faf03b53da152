import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/core/verify/facts.js';
import { deliveryGap, pbxApi, pbxFacebookTraffic } from '../../src/core/verify/checks/pbx.js';
import type { CheckDefinition, VerifyInputs } from '../../src/core/verify/types.js';
import { GraphApiError } from '../../src/graph/errors.js';
import { PBX_MESSAGES, PbxApiError } from '../../src/pbx/errors.js';
import type { PbxApi, PbxRequest } from '../../src/pbx/types.js';
import { fakeGraph } from '../support/graph.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const INPUTS: VerifyInputs = { pageId: '111111111111111', pageToken: 'page0token0000000000', pbxAddress: { url: 'https://pbx.example.com:5001', from: 'pbxUrl' } };

interface World {
  status?: unknown;
  chats?: unknown;
  /** Meta's newest conversation time, or an Error. */
  conversation?: string | Error | null;
}

function fakePbx(world: World): PbxApi {
  return {
    baseUrl: 'https://pbx.example.com:5001',
    async call<T>(req: PbxRequest): Promise<T> {
      const answer = req.path.endsWith('SystemStatus') ? world.status ?? { Version: '20.0.5.812', Activated: true } : world.chats ?? { value: [] };
      if (answer instanceof Error) throw answer;
      return answer as T;
    },
    close: async () => {},
  };
}

async function run(check: CheckDefinition, world: World, inputs: Partial<VerifyInputs> = {}, withPbx = true) {
  const graph = fakeGraph(() => {
    const conversation = world.conversation === undefined ? minutesAgo(5) : world.conversation;
    if (conversation instanceof Error) return conversation;
    return { data: conversation === null ? [] : [{ id: 't_1', updated_time: conversation }] };
  });
  const all = { ...INPUTS, ...inputs };
  const facts = new Facts({ version: 'v25.0', baseUrl: 'http://127.0.0.1:9', call: graph.call, close: async () => {} }, all, undefined, withPbx ? fakePbx(world) : undefined);
  return check.run({ inputs: all, facts, now: () => NOW });
}

const facebook = (minutes: number) => ({ value: [{ TimeSent: minutesAgo(minutes), ProviderType: 'Facebook', ProviderName: 'Contoso FB' }] });
// Made when a test runs: the messages come from the catalogue, which is loaded before each file's tests.
const refused = () => new PbxApiError('pbx_bad_credentials', PBX_MESSAGES.pbx_bad_credentials('Getting a 3CX API token', 'pbx.example.com', 'invalid_client'), { status: 400 });
const forbidden = (code: number) => new GraphApiError(403, { message: `(#${code}) Requires pages_read_engagement permission`, code }, "Reading the page's conversations");

describe('pbx.api', () => {
  it('passes with the version, and says where a derived address came from', async () => {
    expect(await run(pbxApi, {})).toMatchObject({ status: 'pass', detail: '3CX 20.0.5.812 at pbx.example.com:5001 answered with this API client' });
    const derived = await run(pbxApi, {}, { pbxAddress: { url: 'https://pbx.example.com', from: 'webClientUrl' } });
    expect(derived.detail).toMatch(/address taken from the web client URL, give --pbx-url to use another/);
  });

  it('warns when the licence is not activated', async () => {
    expect(await run(pbxApi, { status: { Version: '20.0.5', Activated: false } })).toMatchObject({ status: 'warn', code: 'pbx_not_activated' });
  });

  it('fails with the client error code and its fix', async () => {
    const outcome = await run(pbxApi, { status: refused() });
    expect(outcome).toMatchObject({ status: 'fail', code: 'pbx_bad_credentials', unreachable: false });
    expect(outcome.fix).toMatch(/FB3CX_PBX_CLIENT_SECRET/);
  });

  it('skips, saying how to give the credentials, when there are none', async () => {
    const outcome = await run(pbxApi, {}, {}, false);
    expect(outcome).toMatchObject({ status: 'skip', code: 'pbx_no_credentials' });
    expect(outcome.detail).toMatch(/FB3CX_PBX_CLIENT_ID and FB3CX_PBX_CLIENT_SECRET/);
  });
});

describe('pbx.facebook-traffic', () => {
  it('passes with how long ago', async () => {
    expect((await run(pbxFacebookTraffic, { chats: facebook(3) })).detail).toBe(`newest Facebook message 3 min ago (${minutesAgo(3)}) through "Contoso FB"`);
  });

  it('warns when there has been none at all', async () => {
    const outcome = await run(pbxFacebookTraffic, { chats: { value: [] } });
    expect(outcome).toMatchObject({ status: 'warn', code: 'pbx_no_facebook_messages', detail: '3CX has stored no Facebook message at all' });
    expect(outcome.fix).toMatch(/chat log settings/);
  });

  it('skips, pointing at pbx.api, when the API refused', async () => {
    expect(await run(pbxFacebookTraffic, { status: refused(), chats: refused() })).toMatchObject({ status: 'skip', detail: 'the 3CX API did not answer (see pbx.api)' });
  });
});

describe('delivery.gap', () => {
  it('passes when 3CX is within --gap-minutes of Meta', async () => {
    const outcome = await run(deliveryGap, { chats: facebook(20), conversation: minutesAgo(5) });
    expect(outcome.status).toBe('pass');
    expect(outcome.detail).toMatch(/within 30 minutes$/);
  });

  it('fails when Meta is newer by more than --gap-minutes, with the causes in order', async () => {
    const outcome = await run(deliveryGap, { chats: facebook(20), conversation: minutesAgo(5) }, { gapMinutes: 10 });
    expect(outcome).toMatchObject({ status: 'fail', code: 'delivery_gap' });
    expect(outcome.detail).toMatch(/^messages reach the page but not 3CX: Meta's newest conversation activity was 5 min ago/);
    const fix = outcome.fix ?? '';
    const order = ['unsubscribed the webhook', 'callback URL points elsewhere', 'page token in 3CX was invalidated', 'Development mode'].map((cause) => fix.indexOf(cause));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('fails when 3CX has no Facebook message at all but Meta has a conversation', async () => {
    expect((await run(deliveryGap, { chats: { value: [] }, conversation: minutesAgo(120) })).detail).toMatch(/3CX has stored no Facebook message at all/);
  });

  it.each([10, 200, 100])('skips and names the permission when Meta refuses the conversations (code %i)', async (code) => {
    const outcome = await run(deliveryGap, { chats: facebook(1), conversation: forbidden(code) });
    expect(outcome).toMatchObject({ status: 'skip', code: 'conversations_forbidden' });
    expect(outcome.detail).toMatch(/pages_read_engagement/);
  });

  it('skips when the page has no conversation, and when there are no 3CX credentials', async () => {
    expect(await run(deliveryGap, { chats: facebook(1), conversation: null })).toMatchObject({ status: 'skip', code: 'no_conversations' });
    expect(await run(deliveryGap, {}, {}, false)).toMatchObject({ status: 'skip', code: 'pbx_no_credentials' });
  });
});
