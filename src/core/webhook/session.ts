import { currentLanguage, intlLocale, t } from '../../i18n/index.js';
import type { EventType, NormalisedEvent } from './types.js';

/** What stops a listen run by itself (for CI); all optional. */
export interface ListenGoal {
  /** Exit 0 after this many (shown) events. */
  exitAfter?: number | undefined;
  /** Exit 0 when a message with exactly this text arrives. */
  expectText?: string | undefined;
  /** Only these types are shown, saved and counted for --exit-after. */
  types?: ReadonlySet<EventType> | undefined;
}

/** `code` is stable (the summary line of listen --json); `reason` is its sentence. */
export type GoalState = { done: false } | { done: true; code: string; reason: string };

/** Counts of one listen run, and whether its goal is met. Pure, no I/O. */
export class ListenSession {
  readonly byType = new Map<EventType, number>();
  shown = 0;
  hidden = 0;
  rejected = 0;
  ignored = 0;
  handshakes = 0;
  forwarded = 0;
  forwardFailed = 0;
  private met: GoalState = { done: false };

  constructor(
    readonly goal: ListenGoal,
    readonly startedAt: number,
  ) {}

  get hasGoal(): boolean {
    return this.goal.exitAfter !== undefined || this.goal.expectText !== undefined;
  }

  get state(): GoalState {
    return this.met;
  }

  /** Counts an event; true when it passes the --events filter and should be shown. */
  record(event: NormalisedEvent): boolean {
    this.byType.set(event.type, (this.byType.get(event.type) ?? 0) + 1);
    if (this.goal.types && !this.goal.types.has(event.type)) {
      this.hidden++;
      return false;
    }
    this.shown++;
    if (this.met.done) return true;
    if (this.goal.expectText !== undefined && event.type === 'message' && event.text === this.goal.expectText) {
      this.met = { done: true, code: 'expected_text', reason: t('listen.stop.expectedText') };
    } else if (this.goal.exitAfter !== undefined && this.shown >= this.goal.exitAfter) {
      this.met = { done: true, code: 'exit_after', reason: t('listen.stop.received', { count: this.shown }) };
    }
    return true;
  }

  get total(): number {
    let sum = 0;
    for (const count of this.byType.values()) sum += count;
    return sum;
  }

  summary(now: number): ListenSummary {
    const byType: Partial<Record<EventType, number>> = {};
    for (const [type, count] of [...this.byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) byType[type] = count;
    return {
      events: this.total,
      byType,
      hidden: this.hidden,
      rejected: this.rejected,
      ignored: this.ignored,
      handshakes: this.handshakes,
      forwarded: this.forwarded,
      forwardFailed: this.forwardFailed,
      seconds: Math.max(0, Math.round((now - this.startedAt) / 100) / 10),
    };
  }
}

export interface ListenSummary {
  events: number;
  byType: Partial<Record<EventType, number>>;
  hidden: number;
  rejected: number;
  ignored: number;
  handshakes: number;
  forwarded: number;
  forwardFailed: number;
  seconds: number;
}

/** "1.0 s", "2m 05s", "1h 03m" in English; in Chinese through Intl ("1.0秒", "2分钟5秒"). */
export function formatDuration(seconds: number): string {
  if (currentLanguage() === 'zh-CN') return intlDuration(seconds);
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/**
 * Intl's units in the language, with a space between number and unit as the Chinese glossary
 * writes them ("1.5 秒", "2 分钟 5 秒"): Intl itself glues them ("1.5秒").
 */
function intlDuration(seconds: number): string {
  const locale = intlLocale();
  const unit = (value: number, name: 'second' | 'minute' | 'hour', fraction = 0) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', minimumFractionDigits: fraction, maximumFractionDigits: fraction })
      .formatToParts(value)
      .map((part) => (part.type === 'unit' ? ` ${part.value.trim()}` : part.type === 'literal' ? '' : part.value))
      .join('')
      .trim();
  if (seconds < 60) return unit(seconds, 'second', seconds < 10 ? 1 : 0);
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  return h > 0 ? `${unit(h, 'hour')} ${unit(m, 'minute')}` : `${unit(m, 'minute')} ${unit(whole % 60, 'second')}`;
}

/** Parses a size such as "4mb", "512k" or "1048576" into bytes; undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib)?\s*$/i.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1;
  const bytes = Math.round(value * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return t('listen.bytes', { count: bytes });
}
