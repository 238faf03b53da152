/** Graph API versions and their end of availability (graph-api-facts section 9). */
export const DEFAULT_GRAPH_VERSION = 'v25.0';
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';

const AVAILABLE_UNTIL: Record<string, string | undefined> = {
  'v26.0': undefined,
  'v25.0': '2028-07-29',
  'v24.0': '2028-02-18',
  'v23.0': '2027-10-08',
  'v22.0': '2027-05-20',
  'v21.0': '2027-01-21',
  'v20.0': '2026-09-24',
  'v19.0': '2026-05-21',
};

export function isWellFormedVersion(version: string): boolean {
  return /^v\d{1,3}\.\d$/.test(version);
}

/** A sentence to warn with, or undefined when the version is fine to use today. */
export function versionWarning(version: string, today: Date): string | undefined {
  if (!(version in AVAILABLE_UNTIL)) {
    const major = Number(version.slice(1).split('.')[0]);
    if (major < 19) return `Graph API ${version} is no longer available; Meta answers calls to it with the oldest available version.`;
    if (major > 26) return `Graph API ${version} is newer than the versions fb3cx knows (up to v26.0); results may differ.`;
    return undefined;
  }
  const until = AVAILABLE_UNTIL[version];
  if (!until) return undefined;
  const end = new Date(`${until}T00:00:00Z`);
  if (end.getTime() <= today.getTime()) return `Graph API ${version} was available until ${until}; use --graph-version ${DEFAULT_GRAPH_VERSION} or newer.`;
  const days = Math.floor((end.getTime() - today.getTime()) / 86_400_000);
  if (days <= 90) return `Graph API ${version} stops being available on ${until} (in ${days} days).`;
  return undefined;
}
