import { createHash } from 'node:crypto';

/**
 * Reading a file written by `fb3cx listen --save` (one JSON event line each, the `--json` line
 * schema) back into events that can be sent again.
 */

/** One saved event that can be replayed. */
export interface SavedEvent {
  /** 1-based line number in the file. */
  line: number;
  /**
   * Identifies the event for --resume: a hash of its line, with "#2", "#3" ... for a line that
   * occurs again (listen saves two identical lines only when the same body arrived twice at once).
   */
  key: string;
  type: string;
  pageId: string;
  senderId: string | null;
  /** When the person acted (the event's timestamp), else when listen received it; milliseconds. */
  time: number;
  /** When listen received it: the entry's `time` of the replayed body. */
  receivedAt: number;
  standby: boolean;
  /** The messaging item exactly as Meta sent it. */
  raw: object;
  text: string | undefined;
  /** The Facebook-API-Version header Meta sent with it, when listen saw one. */
  apiVersion: string | undefined;
}

/** Why a line cannot be replayed. `not-an-event` lines (a --json capture's ready or summary) are harmless. */
export type LineProblemCode = 'not-json' | 'not-an-event' | 'no-raw' | 'no-page-id' | 'no-time';

export interface LineProblem {
  line: number;
  code: LineProblemCode;
  /** What the line is (the `kind` of a non-event line), for the message. */
  kind?: string;
}

export interface SavedFile {
  events: SavedEvent[];
  problems: LineProblem[];
  /** Lines that hold anything but white space. */
  lines: number;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function idFrom(raw: Obj, side: 'sender' | 'recipient'): string | undefined {
  const party = raw[side];
  return isObject(party) ? (text(party.id) ?? (typeof party.id === 'number' ? String(party.id) : undefined)) : undefined;
}

/**
 * Every line of a saved file, in order: the events that can be sent and, with its line number,
 * each line that cannot. `fallbackPageId` stands in for an event that names no page.
 */
export function parseSavedEvents(content: string, fallbackPageId?: string): SavedFile {
  const events: SavedEvent[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  let lines = 0;
  let start = 0;
  let number = 0;
  while (start < content.length) {
    let end = content.indexOf('\n', start);
    if (end === -1) end = content.length;
    number++;
    const line = content.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line.trim() === '') continue;
    lines++;
    const read = readLine(line, number, fallbackPageId);
    if ('code' in read) {
      problems.push(read);
      continue;
    }
    const hash = createHash('sha256').update(line).digest('base64url').slice(0, 22);
    const count = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, count);
    events.push({ ...read, key: count === 1 ? hash : `${hash}#${count}` });
  }
  return { events, problems, lines };
}

function readLine(line: string, number: number, fallbackPageId: string | undefined): Omit<SavedEvent, 'key'> | LineProblem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { line: number, code: 'not-json' };
  }
  if (!isObject(parsed)) return { line: number, code: 'not-json' };
  if (parsed.kind !== 'event') return { line: number, code: 'not-an-event', kind: typeof parsed.kind === 'string' ? parsed.kind.slice(0, 40) : 'unknown' };
  const raw = parsed.raw;
  if (!isObject(raw)) return { line: number, code: 'no-raw' };
  const standby = parsed.standby === true;
  const type = text(parsed.type) ?? 'unknown';
  const echo = isObject(raw.message) && raw.message.is_echo === true;
  const pageId = text(parsed.pageId) ?? idFrom(raw, echo ? 'sender' : 'recipient') ?? fallbackPageId;
  if (pageId === undefined) return { line: number, code: 'no-page-id' };
  const receivedAt = typeof parsed.receivedAt === 'number' && Number.isFinite(parsed.receivedAt) ? parsed.receivedAt : undefined;
  const timestamp = typeof parsed.timestamp === 'number' && Number.isFinite(parsed.timestamp) ? parsed.timestamp : undefined;
  const time = timestamp ?? receivedAt;
  if (time === undefined) return { line: number, code: 'no-time' };
  return { line: number, type, pageId, senderId: text(parsed.senderId) ?? null, time, receivedAt: receivedAt ?? time, standby, raw, text: text(parsed.text), apiVersion: text(parsed.apiVersion) };
}

/** Events whose time is within [since, until): the window of an outage. */
export function withinWindow(events: readonly SavedEvent[], since: number | undefined, until: number | undefined): SavedEvent[] {
  if (since === undefined && until === undefined) return [...events];
  return events.filter((event) => (since === undefined || event.time >= since) && (until === undefined || event.time < until));
}

/**
 * The webhook body that re-sends one saved event: as Meta delivers it, one entry for the page
 * with the time listen received it and the messaging item unchanged. Compact like Meta's bodies,
 * so the signature covers exactly these bytes.
 */
export function replayBody(event: Pick<SavedEvent, 'pageId' | 'receivedAt' | 'standby' | 'raw'>): Buffer {
  const entry = { id: event.pageId, time: event.receivedAt, [event.standby ? 'standby' : 'messaging']: [event.raw] };
  return Buffer.from(JSON.stringify({ object: 'page', entry: [entry] }), 'utf8');
}
