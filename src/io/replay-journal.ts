import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * What `fb3cx trigger --replay` delivered, kept beside the saved file so a stopped replay can
 * resume without sending anything twice. An append-only journal of JSON lines: one line per
 * delivered event, written (not synced) before the next event is sent, so a crash of fb3cx loses
 * at most the event in flight; the file is synced once at the end. A torn last line (a power
 * cut) is ignored when read. The target URL is stored only as a hash: it may hold a token.
 */

const HEADER = '{"fb3cx":"replay-state","version":1}\n';

export function journalPathFor(file: string): string {
  return `${file}.replay-state.jsonl`;
}

/** The target as the journal names it: a hash of the URL, never the URL. */
export function targetKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

export interface JournalRead {
  /** Keys of the events delivered to this target. */
  delivered: Set<string>;
  /** When the last of them was delivered (ms), if any. */
  lastAt: number | undefined;
}

/** What earlier runs delivered to this target; nothing when there is no journal yet. */
export async function readJournal(path: string, target: string): Promise<JournalRead> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { delivered: new Set(), lastAt: undefined };
    throw error;
  }
  const delivered = new Set<string>();
  let lastAt: number | undefined;
  for (const line of content.split('\n')) {
    if (!line.includes(target)) continue;
    try {
      const entry: unknown = JSON.parse(line);
      if (typeof entry !== 'object' || entry === null || !('target' in entry) || !('key' in entry)) continue;
      if (entry.target !== target || typeof entry.key !== 'string') continue;
      delivered.add(entry.key);
      if ('at' in entry && typeof entry.at === 'number') lastAt = entry.at;
    } catch {
      // A torn line: that event's delivery was not recorded, and it is sent again.
    }
  }
  return { delivered, lastAt };
}

export interface Journal {
  /** Records one delivered event, before the next is sent. */
  record(key: string, at: number): void;
  close(): void;
}

/** Opens the journal for appending; throws the system error (EACCES, EROFS ...) when it cannot. */
export function openJournal(path: string, target: string): Journal {
  const fd = openSync(path, 'a', 0o600);
  let closed = false;
  try {
    if (fstatSync(fd).size === 0) writeSync(fd, HEADER);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return {
    record(key, at) {
      if (!closed) writeSync(fd, `{"target":"${target}","key":${JSON.stringify(key)},"at":${at}}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
  };
}
