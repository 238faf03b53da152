import { currentLanguage, intlLocale } from './index.js';

/**
 * Numbers, dates and durations in the active language, through Intl: "in 3 days" / "3天后",
 * "2 hours ago" / "2小时前". English keeps the forms fb3cx always printed (ISO dates).
 */
type Unit = 'second' | 'minute' | 'hour' | 'day';

const cache = new Map<string, Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();
function cached<T extends Intl.RelativeTimeFormat | Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, make: (locale: string) => T): T {
  const locale = intlLocale();
  const id = `${key} ${locale}`;
  let format = cache.get(id) as T | undefined;
  if (format === undefined) {
    format = make(locale);
    cache.set(id, format);
  }
  return format;
}

/** "in 3 days", "2 hours ago"; `value` is signed: negative is the past. */
export function relativeTime(value: number, unit: Unit): string {
  return cached('relative', (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'always' })).format(value, unit);
}

/** "3 days", "1 hour", "45 seconds": an amount of time, without "in" or "ago". */
export function amountOf(value: number, unit: Unit): string {
  return cached(`unit-${unit}`, (locale) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' })).format(value);
}

/** A whole number, grouped as the language groups digits. */
export function formatNumber(value: number): string {
  return cached('number', (locale) => new Intl.NumberFormat(locale)).format(value);
}

/** The calendar date of an ISO 8601 moment: "2026-12-25" in English, "2026年12月25日" in Chinese. */
export function formatDate(iso: string): string {
  if (currentLanguage() !== 'zh-CN') return iso.slice(0, 10);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached('date', (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}

/**
 * A moment as fb3cx shows it: the ISO 8601 text as given in English, "2026年11月29日 04:29 UTC" in
 * Chinese. Meta and 3CX give UTC (or an offset); the time stays in UTC so both ends compare.
 */
export function formatMoment(iso: string): string {
  if (currentLanguage() !== 'zh-CN') return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const format = cached('moment', (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23', timeZone: 'UTC' }));
  return `${format.format(date)} UTC`;
}

/** "a, b and c" / "a、b和c". */
export function formatList(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return cached(`list-${type}`, (locale) => new Intl.ListFormat(locale, { style: 'long', type })).format(items);
}
