/**
 * Secret handling shared by every output path. A secret is shown at most as its first four and
 * last four characters, and only when it is long enough that this reveals nothing useful.
 */
export function maskSecret(value: string | undefined): string {
  if (!value) return '(not set)';
  if (value.length < 16) return '****';
  return `${value.slice(0, 4)}…${value.slice(-4)} (${value.length} chars)`;
}

/** Values shorter than this are not scrubbed from text: they would match ordinary words. */
const MIN_SCRUB_LENGTH = 6;

/**
 * A set of secret values known in this run. Every line fb3cx writes goes through `scrub`, so a
 * token that slipped into an error message from a library still never reaches the screen; JSON
 * is scrubbed value by value before it is serialised (`jsonReplacer`), so it stays valid JSON.
 * Only these exact values are replaced: text that merely looks like a token (a Facebook user's
 * message with `access_token=` in it) is left as it is. Token parameters in URLs fb3cx builds
 * itself are masked where those messages are made (`scrubQueryTokens`).
 */
export class SecretRegistry {
  /** Each secret with the forms it may appear in (as is, URL-encoded) and its mask, computed once. */
  private readonly values = new Map<string, { forms: string[]; mask: string }>();

  add(value: string | undefined): void {
    if (!value || value.length < MIN_SCRUB_LENGTH || this.values.has(value)) return;
    const encoded = encodeURIComponent(value);
    this.values.set(value, { forms: encoded === value ? [value] : [value, encoded], mask: maskSecret(value) });
  }

  /** A copy without these values: for a result that must show one of them (review-text's test password). */
  except(shown: readonly string[]): SecretRegistry {
    const copy = new SecretRegistry();
    for (const [value, entry] of this.values) if (!shown.includes(value)) copy.values.set(value, entry);
    return copy;
  }

  get size(): number {
    return this.values.size;
  }

  scrub(text: string): string {
    let result = text;
    for (const { forms, mask } of this.values.values()) {
      for (const form of forms) if (result.includes(form)) result = result.split(form).join(mask);
    }
    return result;
  }

  /** For `JSON.stringify(value, secrets.jsonReplacer)`: every string value scrubbed before it is serialised. */
  readonly jsonReplacer = (_key: string, value: unknown): unknown => (typeof value === 'string' && this.values.size > 0 ? this.scrub(value) : value);
}

const TOKEN_PARAMS = /([?&](?:access_token|input_token|appsecret_proof|client_secret|fb_exchange_token|hub\.verify_token)=)[^&\s"']+/g;

/** Removes token-bearing query parameters from a URL inside a message fb3cx builds (never from what others wrote). */
export function scrubQueryTokens(text: string): string {
  // Every name above ends in "_token=", "appsecret_proof=" or "client_secret=". Looking for "="
  // and then those is much cheaper than the regular expression over long text (listen writes many
  // lines at once), and most text has none of them.
  if (!text.includes('=')) return text;
  if (!text.includes('_token=') && !text.includes('appsecret_proof=') && !text.includes('client_secret=')) return text;
  return text.replace(TOKEN_PARAMS, '$1***');
}

/** Trims the whitespace and newlines that come with pasted values. */
export function cleanPasted(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
  return trimmed === '' ? undefined : trimmed;
}
