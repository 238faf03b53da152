import { isPrivateAddress, localHost } from '../../review/urls.js';
import type { CheckDefinition, CheckOutcome, WebhookProbe } from '../types.js';

const NEEDS_URL = 'needs the 3CX webhook URL (--webhook-url or FB3CX_WEBHOOK_URL; 3CX shows it under Admin > Voice & Chat > your Facebook trunk)';

/**
 * Why Meta cannot call this URL whatever the probe finds: not https, or a host nobody on the
 * internet reaches (localhost, a private address, a local name). undefined when it may.
 */
function cannotBeCalled(url: URL): CheckOutcome | undefined {
  if (url.protocol !== 'https:') {
    return {
      status: 'fail',
      detail: `${url.href} uses ${url.protocol}//; it must be https://: Meta only delivers to https:// with a valid certificate`,
      fix: 'Copy the webhook URL again from 3CX (it starts with https://) and make sure the 3CX host has a valid certificate for its name.',
    };
  }
  const local = localHost(url.hostname);
  if (!local) return undefined;
  return {
    status: 'fail',
    detail:
      local.kind === 'private-address'
        ? `${local.host} is a loopback, private or link-local address: Meta cannot reach it from the internet`
        : `"${local.host}" is a local name: Meta cannot reach it from the internet`,
    fix: 'Use the webhook URL 3CX shows (Admin > Voice & Chat > your Facebook trunk), on the public host name (FQDN) of the 3CX system. To receive events on this machine instead, expose it through a tunnel (see fb3cx listen).',
  };
}

export const webhookHttps: CheckDefinition = {
  id: 'webhook.https',
  title: '3CX webhook URL is valid HTTPS',
  async run(env) {
    const raw = env.inputs.webhookUrl;
    if (!raw) return { status: 'skip', detail: NEEDS_URL };
    const url = new URL(raw);
    const refused = cannotBeCalled(url);
    if (refused) return refused;
    const fetched = await env.facts.webhook();
    if (!fetched.ok) return { status: 'fail', detail: `could not probe ${url.host}: ${fetched.error.message}`, fix: 'Check the URL and your network.', unreachable: true };
    const probe: WebhookProbe = fetched.value;
    if (!probe.dns.ok) {
      return { status: 'fail', detail: `${url.hostname} does not resolve (${probe.dns.error ?? 'no address'})`, fix: 'Check the host name in the webhook URL and its public DNS record.' };
    }
    if (probe.connect && !probe.connect.ok) {
      return {
        status: 'fail',
        detail: `could not connect to ${url.host} (${probe.connect.error ?? 'no connection'}), so its certificate could not be checked`,
        fix: `Check that 3CX is running and that port ${url.port || '443'} of the 3CX host is open to the internet (firewall, port forwarding), and that the host name in the URL is the 3CX system's.`,
      };
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
    const url = new URL(env.inputs.webhookUrl);
    if (url.protocol !== 'https:') return { status: 'skip', detail: 'Meta calls only https:// URLs, so it would not call this one (see webhook.https)' };
    if (localHost(url.hostname)) return { status: 'skip', detail: `Meta cannot reach ${url.hostname} from the internet (see webhook.https)` };
    const fetched = await env.facts.webhook();
    if (!fetched.ok) return { status: 'fail', detail: `could not probe: ${fetched.error.message}`, fix: 'Check the URL and your network.', unreachable: true };
    const { handshake, dns, connect } = fetched.value;
    if (!dns.ok) return { status: 'skip', detail: 'the host does not resolve (see webhook.https)' };
    if (connect && !connect.ok) return { status: 'skip', detail: `no connection to ${url.host} (see webhook.https)` };
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
