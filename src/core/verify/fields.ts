/** The six webhook fields the 3CX Messenger integration needs, at page and app level. */
export const REQUIRED_FIELDS = [
  'messages',
  'message_deliveries',
  'messaging_pre_checkouts',
  'messaging_customer_information',
  'message_reads',
  'message_echoes',
] as const;

export function missingFields(have: Iterable<string>): string[] {
  const set = new Set(have);
  return REQUIRED_FIELDS.filter((field) => !set.has(field));
}

/** Compares two URLs the way a person would: scheme and host case-insensitive, trailing slash ignored. */
export function sameUrl(a: string, b: string): boolean {
  const norm = (value: string): string => {
    try {
      const url = new URL(value.trim());
      return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return value.trim().replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
}
