import type { CheckDefinition, WebhookProbe } from '../types.js';

const NEEDS_URL = 'needs the 3CX webhook URL (--webhook-url or FB3CX_WEBHOOK_URL; 3CX shows it under Admin > Voice & Chat > your Facebook trunk)';

/** Loopback, private, link-local and CGNAT ranges Meta cannot deliver to. */
export function isPrivateAddress(address: string): boolean {
  if (address === '::1' || address.startsWith('fe80:') || /^f[cd]/i.test(address)) return true;
  const v4 = address.replace(/^::ffff:/, '');
  const parts = v4.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n))) return false;
  const [a, b] = parts as [number, number, number, number];
  return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

export const webhookHttps: CheckDefinition = {
  id: 'webhook.https',
  title: '3CX webhook URL is valid HTTPS',
  async run(env) {
    const raw = env.inputs.webhookUrl;
    if (!raw) return { status: 'skip', detail: NEEDS_URL };
    const url = new URL(raw);
    if (url.protocol !== 'https:') {
      return {
        status: 'fail',
        detail: `${raw} uses ${url.protocol}//; Meta only delivers to https:// with a valid certificate`,
        fix: 'Copy the webhook URL again from 3CX (it starts with https://) and make sure the 3CX host has a valid certificate for its name.',
      };
    }
    const fetched = await env.facts.webhook();
    if (!fetched.ok) return { status: 'fail', detail: `could not probe ${url.host}: ${fetched.error.message}`, fix: 'Check the URL and your network.', unreachable: true };
    const probe: WebhookProbe = fetched.value;
    if (!probe.dns.ok) {
      return { status: 'fail', detail: `${url.hostname} does not resolve (${probe.dns.error ?? 'no address'})`, fix: 'Check the host name in the webhook URL and its public DNS record.' };
    }
    if (!probe.tls?.ok) {
      return {
        status: 'fail',
        detail: `the certificate of ${url.host} is not accepted: ${probe.tls?.error ?? 'no TLS handshake'}`,
        fix: 'Install a certificate valid for this host name from a public CA (3CX can manage one for its FQDN); Meta rejects self-signed and mismatched certificates.',
      };
    }
    const privateAddresses = probe.sandbox ? [] : probe.dns.addresses.filter(isPrivateAddress);
    const until = probe.tls.validTo ? `, valid until ${probe.tls.validTo}` : '';
    const issuer = probe.tls.issuer ? `, issued by ${probe.tls.issuer}` : '';
    if (privateAddresses.length > 0 && privateAddresses.length === probe.dns.addresses.length) {
      return {
        status: 'warn',
        detail: `${url.hostname} resolves to private address ${privateAddresses.join(', ')} from here; Meta must reach it from the internet`,
        fix: 'Make sure the public DNS record points at the public address of the 3CX host (split DNS can hide this).',
      };
    }
    if (probe.tls.daysLeft !== undefined && probe.tls.daysLeft < 14) {
      return { status: 'warn', detail: `certificate expires in ${probe.tls.daysLeft} days${until}`, fix: 'Renew the 3CX certificate before it expires; Meta stops delivering to an invalid certificate.' };
    }
    return { status: 'pass', detail: `certificate valid for ${url.hostname}${issuer}${until}` };
  },
};

export const webhookHandshake: CheckDefinition = {
  id: 'webhook.handshake',
  title: '3CX answers the webhook handshake',
  async run(env) {
    if (!env.inputs.webhookUrl) return { status: 'skip', detail: NEEDS_URL };
    const fetched = await env.facts.webhook();
    if (!fetched.ok) return { status: 'fail', detail: `could not probe: ${fetched.error.message}`, fix: 'Check the URL and your network.', unreachable: true };
    const { handshake, dns } = fetched.value;
    if (!dns.ok) return { status: 'skip', detail: 'the host does not resolve (see webhook.https)' };
    const fix =
      'Copy the webhook URL again from 3CX (Admin > Voice & Chat > your Facebook trunk) and check that port 443 of the 3CX host is reachable from the internet. fb3cx expects the standard answer (the hub.challenge echoed back); to check by hand, press "Verify and save" under Messenger API Settings > Webhooks: Meta then tells whether it accepts the URL.';
    if (handshake.error) return { status: 'fail', detail: `no answer: ${handshake.error}`, fix };
    if (handshake.status === 200 && handshake.body === handshake.challenge) return { status: 'pass', detail: 'answered 200 with exactly the challenge' };
    if (handshake.status === 200) {
      return { status: 'fail', detail: `answered 200 but not with the bare challenge (got "${(handshake.body ?? '').slice(0, 40)}")`, fix };
    }
    return { status: 'fail', detail: `answered HTTP ${handshake.status ?? '?'} instead of echoing the challenge`, fix };
  },
};

export const WEBHOOK_CHECKS = [webhookHttps, webhookHandshake];
