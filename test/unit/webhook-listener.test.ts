import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import type { PostOptions } from '../../src/io/http-out.js';
import { startListener, type Forwarder, type ListenerOptions, type ListenItem, type MessengerCalls, type RunningListener } from '../../src/listen/engine.js';

/**
 * The listen engine in-process: its real server on 127.0.0.1:0, and plain fakes for the clock,
 * the output sink, the forwarder and the two Graph calls.
 */
const SECRET = 'unit0app0secret00000000000000000';
const TOKEN = 'unit-verify-token';
const T0 = 1767225600000;

const running: RunningListener[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((listener) => listener.stop(130, 'test over')));
});

function options(extra: Partial<ListenerOptions> = {}): ListenerOptions {
  return { host: '127.0.0.1', port: 0, path: '/webhook', verifyToken: TOKEN, appSecret: SECRET, maxBodyBytes: 64 * 1024, goal: {}, timeoutSeconds: undefined, forward: undefined, lookupSenders: false, replyText: undefined, ...extra };
}

async function start(extra: Partial<ListenerOptions> = {}, effects: { messenger?: MessengerCalls; forwarder?: Forwarder } = {}) {
  const items: ListenItem[] = [];
  let tick = 0;
  const listener = await startListener(options(extra), { now: () => T0 + tick++, emit: (item) => items.push(item), ...effects });
  running.push(listener);
  const waitFor = async (predicate: (item: ListenItem) => boolean): Promise<ListenItem> => {
    for (let i = 0; i < 400; i++) {
      const found = items.find(predicate);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`no such item among ${JSON.stringify(items.map((item) => item.kind))}`);
  };
  return { listener, items, waitFor };
}

const message = (sender: string, text: string) =>
  Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: '111111111111111', time: T0, messaging: [{ sender: { id: sender }, recipient: { id: '111111111111111' }, timestamp: T0, message: { mid: `m_${text}`, text } }] }] }));

function post(url: string, body: Buffer, signature = signBody(body, SECRET)): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
}

describe('the listen engine', () => {
  it('is ready with its URL, answers the handshake with the challenge and reports it', async () => {
    const { listener, items, waitFor } = await start();
    expect(items[0]).toEqual({ kind: 'ready', url: listener.url, port: listener.port, verifyToken: TOKEN, signatures: true, forwardTo: undefined, publicUrl: undefined });
    const answer = await fetch(`${listener.url}?hub.mode=subscribe&hub.verify_token=${TOKEN}&hub.challenge=4711`);
    expect(await answer.text()).toBe('4711');
    expect(await waitFor((item) => item.kind === 'handshake')).toMatchObject({ kind: 'handshake' });
  });

  it('turns a signed POST into an event item, and a badly signed one into a rejected item', async () => {
    const { listener, items, waitFor } = await start();
    expect((await post(listener.url, message('2222222222222222', 'hallo'))).status).toBe(200);
    const event = await waitFor((item) => item.kind === 'event');
    expect(event).toMatchObject({ kind: 'event', signature: 'sha256', profile: undefined, event: { type: 'message', senderId: '2222222222222222', text: 'hallo' } });
    expect(event.kind === 'event' && event.receivedAt).toBeGreaterThanOrEqual(T0);

    expect((await post(listener.url, message('2222222222222222', 'forged'), signBody('other body', SECRET))).status).toBe(403);
    const rejected = await waitFor((item) => item.kind === 'rejected');
    expect(rejected).toMatchObject({ kind: 'rejected', status: 403, method: 'POST', path: '/webhook' });
    expect(items.filter((item) => item.kind === 'event')).toHaveLength(1);
  });

  it('carries each delivery\'s Facebook-API-Version on its events and says once that it differs from the pinned version', async () => {
    const { listener, items, waitFor } = await start({ graphVersion: 'v27.0' });
    const send = (text: string, version?: string) => {
      const body = message('2222222222222222', text);
      return fetch(listener.url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET), ...(version ? { 'Facebook-API-Version': version } : {}) } });
    };
    await send('same', 'v27.0');
    await waitFor((item) => item.kind === 'event' && item.event.text === 'same');
    expect(items.filter((item) => item.kind === 'notice')).toEqual([]);
    await send('older', 'v26.0');
    await send('older again', 'v25.0');
    await send('none');
    await waitFor((item) => item.kind === 'event' && item.event.text === 'none');
    const events = items.flatMap((item) => (item.kind === 'event' ? [[item.event.text, item.apiVersion]] : []));
    expect(events).toEqual([['same', 'v27.0'], ['older', 'v26.0'], ['older again', 'v25.0'], ['none', undefined]]);
    const notices = items.filter((item) => item.kind === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      level: 'warn',
      text: 'Meta delivered with Graph API v26.0 (the Facebook-API-Version header), but fb3cx pins v27.0.',
      reported: { code: 'api_version_mismatch', fix: expect.stringMatching(/Webhooks > Page, set the fields to v27\.0/) },
    });
    // The notice comes before the event it is about.
    expect(items.findIndex((item) => item.kind === 'notice')).toBeLessThan(items.findIndex((item) => item.kind === 'event' && item.event.text === 'older'));
  });

  it('forwards the body byte for byte with its signature and reports the outcome', async () => {
    const posts: PostOptions[] = [];
    const forwarder: Forwarder = {
      post: async (request) => {
        posts.push(request);
        return { ok: true, status: 202, ms: 7, body: 'ok', contentType: 'text/plain' };
      },
      close: async () => {},
    };
    const { listener, waitFor } = await start({ forward: { url: 'https://pbx.example/webhook', timeoutMs: 2000 } }, { forwarder });
    const body = message('2222222222222222', 'relay');
    await post(listener.url, body);
    const forward = await waitFor((item) => item.kind === 'forward');
    expect(forward).toMatchObject({ kind: 'forward', url: 'https://pbx.example/webhook', events: 1, outcome: { ok: true, status: 202, ms: 7 } });
    expect(Buffer.from(posts[0]?.body ?? '').equals(body)).toBe(true);
    expect(posts[0]?.headers['x-hub-signature-256']).toBe(signBody(body, SECRET));
    expect(posts[0]?.headers.host).toBeUndefined();
    expect(posts[0]?.timeoutMs).toBe(2000);
  });

  it('looks senders up once, replies to messages, and says once when lookups are refused for good', async () => {
    const lookedUp: string[] = [];
    const messenger: MessengerCalls = {
      lookupSender: async (psid) => {
        lookedUp.push(psid);
        if (psid === '2222222222222224') return { ok: false, permanent: true, key: '100/2018247', notice: { level: 'warn', text: 'refused for good', reported: { code: '100/2018247', message: 'missing' } } };
        return { ok: true, profile: { name: 'Maria Muster', firstName: 'Maria' } };
      },
      reply: async (recipientId, text, pageId) => (recipientId === '2222222222222222' ? { ok: true, messageId: `mid.${text}.${pageId}` } : { ok: false, code: '551/1545041', error: 'not available', graph: { fix: 'wait', fbtraceId: null } }),
    };
    const { listener, items, waitFor } = await start({ lookupSenders: true, replyText: 'Danke' }, { messenger });
    await post(listener.url, message('2222222222222222', 'one'));
    await post(listener.url, message('2222222222222222', 'two'));
    await waitFor((item) => item.kind === 'event' && item.event.text === 'two');
    const maria = items.filter((item) => item.kind === 'event');
    expect(maria.map((item) => item.kind === 'event' && [item.event.text, item.profile?.name])).toEqual([
      ['one', 'Maria Muster'],
      ['two', 'Maria Muster'],
    ]);
    expect(lookedUp).toEqual(['2222222222222222']);
    expect(await waitFor((item) => item.kind === 'reply')).toMatchObject({ kind: 'reply', recipientId: '2222222222222222', ok: true, messageId: 'mid.Danke.111111111111111' });

    await post(listener.url, message('2222222222222224', 'kim'));
    await post(listener.url, message('2222222222222223', 'jonas'));
    await waitFor((item) => item.kind === 'event' && item.event.text === 'jonas');
    expect(await waitFor((item) => item.kind === 'reply' && !item.ok)).toMatchObject({ recipientId: '2222222222222224', code: '551/1545041', graph: { fix: 'wait' } });
    expect(items.filter((item) => item.kind === 'notice')).toEqual([expect.objectContaining({ kind: 'notice', text: 'refused for good' })]);
    // Refused for good: nobody else is looked up.
    expect(lookedUp).toEqual(['2222222222222222', '2222222222222224']);
    expect(items.find((item) => item.kind === 'event' && item.event.text === 'jonas')).toMatchObject({ profile: undefined });
  });

  it('stops on request: drains, then the summary is the last item, with the counts', async () => {
    const { listener, items } = await start();
    await post(listener.url, message('2222222222222222', 'a'));
    await post(listener.url, message('2222222222222222', 'b'), 'sha256=00');
    await listener.stop(130, 'interrupted');
    expect(await listener.done).toBe(130);
    const summary = items.at(-1);
    expect(summary).toMatchObject({ kind: 'summary', exitCode: 130, reason: 'interrupted', summary: { events: 1, byType: { message: 1 }, rejected: 1, handshakes: 0 } });
    await expect(fetch(listener.url)).rejects.toThrow();
  });

  it('an abort (Ctrl-C) stops it with 130, even one that came while it was starting', async () => {
    const controller = new AbortController();
    controller.abort();
    const items: ListenItem[] = [];
    const listener = await startListener(options({ timeoutSeconds: 60 }), { now: () => T0, emit: (item) => items.push(item), signal: controller.signal });
    running.push(listener);
    expect(await listener.done).toBe(130);
    expect(items.map((item) => item.kind)).toEqual(['ready', 'summary']);
    expect(items[1]).toMatchObject({ exitCode: 130, reason: 'interrupted' });
  });

  it('reaches its goal by itself, and gives up with a notice when the time runs out first', async () => {
    const { listener } = await start({ goal: { exitAfter: 2 } });
    await post(listener.url, message('2222222222222222', 'a'));
    await post(listener.url, message('2222222222222222', 'b'));
    expect(await listener.done).toBe(0);

    const late = await start({ goal: { expectText: 'never' }, timeoutSeconds: 0.05 });
    expect(await late.listener.done).toBe(1);
    expect(late.items.slice(-2)).toMatchObject([
      { kind: 'notice', level: 'error', text: 'No message with the text "never" arrived within 0.05 s.' },
      { kind: 'summary', exitCode: 1, reason: 'timeout after 0.05 s' },
    ]);
  });

  it('a sink that throws does not stop the listener', async () => {
    let calls = 0;
    const listener = await startListener(options(), {
      now: () => T0,
      emit: () => {
        calls++;
        throw new Error('renderer bug');
      },
    });
    running.push(listener);
    expect((await post(listener.url, message('2222222222222222', 'x'))).status).toBe(200);
    expect((await post(listener.url, message('2222222222222222', 'y'))).status).toBe(200);
    expect(calls).toBeGreaterThanOrEqual(3);
  });
  it('an event the sink cannot draw is drawn again as its envelope with a note, never dropped', async () => {
    const drawn: ListenItem[] = [];
    const listener = await startListener(options(), {
      now: () => T0,
      emit: (item) => {
        if (item.kind === 'event' && item.event.text === 'cannot draw') throw new RangeError('Maximum call stack size exceeded');
        drawn.push(item);
      },
    });
    running.push(listener);
    expect((await post(listener.url, message('2222222222222222', 'cannot draw'))).status).toBe(200);
    await listener.stop(130, 'test over');
    const events = drawn.filter((item) => item.kind === 'event');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: { type: 'message', senderId: '2222222222222222', raw: null, note: expect.stringMatching(/could not be shown \(Maximum call stack size exceeded\)/) } });
    expect(drawn.at(-1)).toMatchObject({ kind: 'summary', summary: { events: 1 } });
  });

  it('a forward or reply that throws inside fb3cx does not take the events of its body down', async () => {
    const forwarder: Forwarder = {
      post: () => {
        throw new Error('forwarder bug');
      },
      close: async () => {},
    };
    const messenger: MessengerCalls = {
      lookupSender: async () => ({ ok: true, profile: { name: 'x' } }),
      reply: () => {
        throw new Error('reply bug');
      },
    };
    const { listener, items } = await start({ forward: { url: 'https://pbx.example/webhook', timeoutMs: 1000 }, replyText: 'hi' }, { forwarder, messenger });
    const body = Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: '111111111111111', messaging: ['a', 'b', 'c'].map((text) => ({ sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp: T0, message: { mid: `m_${text}`, text } })) }] }));
    expect((await post(listener.url, body)).status).toBe(200);
    await listener.stop(130, 'test over');
    expect(items.filter((item) => item.kind === 'event').map((item) => item.kind === 'event' && item.event.text)).toEqual(['a', 'b', 'c']);
    const notices = items.filter((item) => item.kind === 'notice').map((item) => item.kind === 'notice' && item.text);
    expect(notices).toEqual(expect.arrayContaining([expect.stringMatching(/while forwarding: forwarder bug/), expect.stringMatching(/while replying: reply bug/)]));
  });
});
