/**
 * Graph API versions and their end of availability: Meta's Graph API changelog (updated
 * 2026-10-29) and the v27.0 announcement (2026-11-04); shared/reference/meta-2026.md.
 */
import { t } from '../i18n/index.js';
import { formatDate, relativeTime } from '../i18n/format.js';

export const DEFAULT_GRAPH_VERSION = 'v27.0';
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';

/** How many days before a pinned version ends fb3cx starts warning. */
export const VERSION_WARNING_DAYS = 90;

/** Newest first; undefined where Meta has not announced an end yet. */
const AVAILABLE_UNTIL: ReadonlyMap<string, string | undefined> = new Map([
  ['v27.0', undefined],
  ['v26.0', undefined],
  ['v25.0', '2028-07-29'],
  ['v24.0', '2028-02-18'],
  ['v23.0', '2027-10-08'],
  ['v22.0', '2027-05-20'],
  ['v21.0', '2027-01-21'],
  ['v20.0', '2026-09-24'],
  ['v19.0', '2026-05-21'],
]);

const majorOf = (version: string): number => Number(version.slice(1).split('.')[0]);
const KNOWN_MAJORS = [...AVAILABLE_UNTIL.keys()].map(majorOf);
const NEWEST_KNOWN = Math.max(...KNOWN_MAJORS);
const OLDEST_KNOWN = Math.min(...KNOWN_MAJORS);

/** The day a version stops being available, when Meta has announced it (for tests and docs). */
export function availableUntil(version: string): string | undefined {
  return AVAILABLE_UNTIL.get(version);
}

export function isWellFormedVersion(version: string): boolean {
  return /^v\d{1,3}\.\d$/.test(version);
}

/** A sentence to warn with, or undefined when the version is fine to use today. */
export function versionWarning(version: string, today: Date): string | undefined {
  if (!AVAILABLE_UNTIL.has(version)) {
    const major = majorOf(version);
    if (major < OLDEST_KNOWN) return t('cli.version.gone', { version });
    if (major > NEWEST_KNOWN) return t('cli.version.newer', { version, newest: `v${NEWEST_KNOWN}.0` });
    return undefined;
  }
  const until = AVAILABLE_UNTIL.get(version);
  if (!until) return undefined;
  const end = new Date(`${until}T00:00:00Z`);
  if (end.getTime() <= today.getTime()) return t('cli.version.ended', { version, until: formatDate(until), current: DEFAULT_GRAPH_VERSION });
  const days = Math.floor((end.getTime() - today.getTime()) / 86_400_000);
  if (days <= VERSION_WARNING_DAYS) return t('cli.version.ending', { version, until: formatDate(until), inDays: relativeTime(days, 'day'), current: DEFAULT_GRAPH_VERSION });
  return undefined;
}
