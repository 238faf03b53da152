import { t } from '../../i18n/index.js';
import { quoted } from '../text.js';
/** The port 3CX serves its web client on in the manual's example (https://FQDN:5001/webclient). */
export const DEFAULT_WEB_CLIENT_PORT = 5001;

/**
 * Turns `--pbx-host` into the web client URL, the form the 3CX manual shows. A host may carry
 * its own port ("pbx.example.com:443"); a scheme or path means the user meant --web-client-url.
 * Returns a string problem when the value is not a host name.
 */
export function webClientUrlFromHost(pbxHost: string): { url: string } | { problem: string } {
  const host = pbxHost.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host) || host.includes('/')) {
    return { problem: t('review.url.pbxHostIsUrl', { value: quoted(host) }) };
  }
  let url: URL;
  try {
    url = new URL(`https://${host}`);
  } catch {
    return { problem: t('review.url.pbxHostInvalid', { host }) };
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || url.hostname === '') {
    return { problem: t('review.url.pbxHostInvalid', { host }) };
  }
  // URL drops 443 as the https default, so an explicit port is read from the text itself.
  const explicitPort = /:(\d{1,5})$/.exec(host)?.[1];
  const port = explicitPort === undefined ? DEFAULT_WEB_CLIENT_PORT : Number(explicitPort);
  return { url: `https://${url.hostname}${port === 443 ? '' : `:${port}`}/webclient` };
}

/** 4 or 6 for an IP literal as URL.hostname gives it (IPv4 normalised, IPv6 in brackets), else 0. */
function ipVersion(host: string): 0 | 4 | 6 {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return 4;
  if (/^\[[0-9a-f:.]+\]$/i.test(host)) return 6;
  return 0;
}

const LOCAL_SUFFIXES = ['.local', '.localhost', '.lan', '.home', '.internal', '.intranet', '.corp', '.home.arpa', '.localdomain'];
const RESERVED_SUFFIXES = ['.example', '.invalid', '.test'];
const RESERVED_NAMES = ['example.com', 'example.net', 'example.org'];

/** An IPv4-mapped IPv6 address as dotted IPv4 ("::ffff:7f00:1" and "::ffff:127.0.0.1" are 127.0.0.1). */
function mappedIpv4(address: string): string {
  const dotted = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (dotted) return dotted[1] as string;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!hex) return address;
  const high = parseInt(hex[1] as string, 16);
  const low = parseInt(hex[2] as string, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/**
 * Loopback, private, link-local, CGNAT and unspecified addresses: nobody on the internet, Meta
 * included, reaches them. Takes an address as DNS gives it or as URL.hostname does ([::1]).
 */
export function isPrivateAddress(address: string): boolean {
  const bare = mappedIpv4(address.replace(/^\[|\]$/g, '').toLowerCase());
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bare)) {
    const [a, b] = bare.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (bare.includes(':')) return bare === '::1' || bare === '::' || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare);
  return false;
}

/**
 * Why nobody on the internet can reach this host (URL.hostname): a private address, or a local
 * name (localhost, a single label, .local, .lan...). The one rule for the URLs Meta's reviewers
 * open (review-text) and the webhook URL Meta calls (verify); undefined for a public name.
 */
export function localHost(hostname: string): { kind: 'private-address' | 'local-name'; host: string } | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (ipVersion(host) !== 0) return isPrivateAddress(host) ? { kind: 'private-address', host: host.replace(/^\[|\]$/g, '') } : undefined;
  if (host === 'localhost' || !host.includes('.') || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return { kind: 'local-name', host };
  return undefined;
}

/** Why a URL that Meta's reviewers must open may not work for them, with a stable code. */
export interface ReachabilityWarning {
  code: 'url.not-https' | 'url.private-address' | 'url.ip-address' | 'url.local-name' | 'url.reserved-name';
  message: string;
}

/** The sentences of reachabilityProblems, for callers that only show them. */
export function reachabilityWarnings(label: string, value: string): string[] {
  return reachabilityProblems(label, value).map((warning) => warning.message);
}

/**
 * Why a URL that Meta's reviewers must open from the internet may not work for them. Each
 * warning is one sentence with what to do; none stops the command. `label` names the URL at the
 * start of the sentence ("The web client URL").
 */
export function reachabilityProblems(label: string, value: string): ReachabilityWarning[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const warnings: ReachabilityWarning[] = [];
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const bare = host.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'https:') {
    warnings.push({ code: 'url.not-https', message: t('review.url.notHttps', { label, value }) });
  }
  const local = localHost(host);
  if (local?.kind === 'private-address') {
    warnings.push({ code: 'url.private-address', message: t('review.url.privateAddress', { label, address: bare }) });
    return warnings;
  }
  if (ipVersion(host) !== 0) {
    warnings.push({ code: 'url.ip-address', message: t('review.url.ipAddress', { label, address: bare }) });
    return warnings;
  }
  if (local) {
    warnings.push({ code: 'url.local-name', message: t('review.url.localName', { label, host }) });
  } else if (RESERVED_SUFFIXES.some((suffix) => host.endsWith(suffix)) || RESERVED_NAMES.some((name) => host === name || host.endsWith(`.${name}`))) {
    warnings.push({ code: 'url.reserved-name', message: t('review.url.reservedName', { label, host }) });
  }
  return warnings;
}
