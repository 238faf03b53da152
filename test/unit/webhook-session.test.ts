import { describe, expect, it } from 'vitest';
import { formatDuration, ListenSession, parseByteSize } from '../../src/core/webhook/session.js';
import type { NormalisedEvent } from '../../src/core/webhook/types.js';

const event = (type: NormalisedEvent['type'], text?: string): NormalisedEvent => ({
  type,
  pageId: '1',
  senderId: '2',
  recipientId: '1',
  timestamp: 1,
  standby: false,
  raw: {},
  ...(text !== undefined ? { text } : {}),
});

describe('ListenSession', () => {
  it('--exit-after counts shown events only', () => {
    const session = new ListenSession({ exitAfter: 2, types: new Set(['message']) }, 0);
    expect(session.record(event('read'))).toBe(false);
    expect(session.record(event('message'))).toBe(true);
    expect(session.state.done).toBe(false);
    session.record(event('delivery'));
    session.record(event('message'));
    expect(session.state).toMatchObject({ done: true });
    expect(session.summary(1000)).toMatchObject({ events: 4, hidden: 2, byType: { message: 2, read: 1, delivery: 1 } });
  });

  it('--expect-text matches a message with exactly that text, not an echo', () => {
    const session = new ListenSession({ expectText: 'ci-4711' }, 0);
    session.record(event('echo', 'ci-4711'));
    session.record(event('message', 'ci-4711 '));
    expect(session.state.done).toBe(false);
    session.record(event('message', 'ci-4711'));
    expect(session.state.done).toBe(true);
  });

  it('without a goal it never finishes by itself', () => {
    const session = new ListenSession({}, 0);
    for (let i = 0; i < 100; i++) session.record(event('message', 'x'));
    expect(session.hasGoal).toBe(false);
    expect(session.state.done).toBe(false);
  });
});

describe('helpers', () => {
  it('parses body sizes', () => {
    expect(parseByteSize('4mb')).toBe(4 * 1024 * 1024);
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('1.5m')).toBe(1572864);
    expect(parseByteSize('lots')).toBeUndefined();
    expect(parseByteSize('0')).toBeUndefined();
  });

  it('formats durations', () => {
    expect(formatDuration(2.5)).toBe('2.5 s');
    expect(formatDuration(184)).toBe('3m 04s');
  });
});
