import { formatDate } from '../../../i18n/format.js';
import { t } from '../../../i18n/index.js';
import { isPrivateAddress, localHost } from '../../review/urls.js';
import type { CheckDefinition, CheckOutcome, WebhookProbe } from '../types.js';

const needsUrl = (): CheckOutcome => ({ status: 'skip', code: 'webhook_no_url', detail: t('verify.webhook.needsUrl') });

/**
 * Why Meta cannot call this URL whatever the probe finds: not https, or a host nobody on the
 * internet reaches (localhost, a private address, a local name). undefined when it may.
 */
function cannotBeCalled(url: URL): CheckOutcome | undefined {
  if (url.protocol !== 'https:') {
    return {
      status: 'fail',
      code: 'webhook_not_https',
      detail: t('verify.webhook.notHttps', { url: url.href, protocol: url.protocol }),
      fix: t('verify.webhook.notHttpsFix'),
    };
  }
  const local = localHost(url.hostname);
  if (!local) return undefined;
  const privateAddress = local.kind === 'private-address';
  return {
    status: 'fail',
    code: privateAddress ? 'webhook_private_address' : 'webhook_local_name',
    detail: privateAddress ? t('verify.webhook.privateAddress', { host: local.host }) : t('verify.webhook.localName', { host: local.host }),
    fix: t('verify.webhook.localFix'),
  };
}

/** "certificate valid for host, issued by X, valid until D": the parts the certificate told. */
function certificateValid(hostname: string, issuer: string | undefined, validTo: string | undefined): string {
  const date = validTo ? formatDate(validTo) : undefined;
  if (issuer && date) return t('verify.webhook.certValidIssuerUntil', { hostname, issuer, date });
  if (issuer) return t('verify.webhook.certValidIssuer', { hostname, issuer });
  if (date) return t('verify.webhook.certValidUntil', { hostname, date });
  return t('verify.webhook.certValid', { hostname });
}

export const webhookHttps: CheckDefinition = {
  id: 'webhook.https',
  get title() {
    return t('verify.webhook.httpsTitle');
  },
  async run(env) {
    const raw = env.inputs.webhookUrl;
    if (!raw) return needsUrl();
    const url = new URL(raw);
    const refused = cannotBeCalled(url);
    if (refused) return refused;
    const fetched = await env.facts.webhook();
    if (!fetched.ok) {
      return { status: 'fail', code: 'webhook_probe_failed', detail: t('verify.webhook.probeFailed', { host: url.host, error: fetched.error.message }), fix: t('verify.webhook.checkUrl'), unreachable: true };
    }
    const probe: WebhookProbe = fetched.value;
    if (!probe.dns.ok) {
      return {
        status: 'fail',
        code: 'webhook_dns_failed',
        detail: t('verify.webhook.dnsFailed', { hostname: url.hostname, error: probe.dns.error ?? t('verify.webhook.noAddress') }),
        fix: t('verify.webhook.dnsFix'),
      };
    }
    if (probe.connect && !probe.connect.ok) {
      return {
        status: 'fail',
        code: 'webhook_connect_failed',
        detail: t('verify.webhook.connectFailed', { host: url.host, error: probe.connect.error ?? t('verify.probe.noConnection') }),
        fix: t('verify.webhook.connectFix', { port: url.port || '443' }),
      };
    }
    if (!probe.tls?.ok) {
      return {
        status: 'fail',
        code: 'webhook_certificate_rejected',
        detail: t('verify.webhook.certRejected', { host: url.host, error: probe.tls?.error ?? t('verify.probe.noTlsHandshake') }),
        fix: t('verify.webhook.certFix'),
      };
    }
    const privateAddresses = probe.sandbox ? [] : probe.dns.addresses.filter(isPrivateAddress);
    if (privateAddresses.length > 0 && privateAddresses.length === probe.dns.addresses.length) {
      return {
        status: 'warn',
        code: 'webhook_resolves_private',
        detail: t('verify.webhook.resolvesPrivate', { hostname: url.hostname, addresses: privateAddresses.join(', ') }),
        fix: t('verify.webhook.resolvesPrivateFix'),
      };
    }
    const { daysLeft, validTo, issuer } = probe.tls;
    if (daysLeft !== undefined && daysLeft < 14) {
      return {
        status: 'warn',
        code: 'webhook_certificate_expiring',
        detail: validTo ? t('verify.webhook.certExpiringUntil', { days: daysLeft, date: formatDate(validTo) }) : t('verify.webhook.certExpiring', { days: daysLeft }),
        fix: t('verify.webhook.certExpiringFix'),
      };
    }
    return { status: 'pass', code: 'webhook_certificate_valid', detail: certificateValid(url.hostname, issuer || undefined, validTo) };
  },
};

export const webhookHandshake: CheckDefinition = {
  id: 'webhook.handshake',
  get title() {
    return t('verify.webhook.handshakeTitle');
  },
  async run(env) {
    if (!env.inputs.webhookUrl) return needsUrl();
    const url = new URL(env.inputs.webhookUrl);
    if (url.protocol !== 'https:') return { status: 'skip', code: 'webhook_not_https', detail: t('verify.webhook.skipNotHttps') };
    if (localHost(url.hostname)) return { status: 'skip', code: 'webhook_not_public', detail: t('verify.webhook.skipLocal', { hostname: url.hostname }) };
    const fetched = await env.facts.webhook();
    if (!fetched.ok) {
      return { status: 'fail', code: 'webhook_probe_failed', detail: t('verify.webhook.probeFailedShort', { error: fetched.error.message }), fix: t('verify.webhook.checkUrl'), unreachable: true };
    }
    const { handshake, dns, connect } = fetched.value;
    if (!dns.ok) return { status: 'skip', code: 'webhook_dns_failed', detail: t('verify.webhook.skipDns') };
    if (connect && !connect.ok) return { status: 'skip', code: 'webhook_connect_failed', detail: t('verify.webhook.skipConnect', { host: url.host }) };
    const fix = t('verify.webhook.handshakeFix');
    if (handshake.error) return { status: 'fail', code: 'handshake_no_answer', detail: t('verify.webhook.noAnswer', { error: handshake.error }), fix };
    if (handshake.status === 200 && handshake.body === handshake.challenge) return { status: 'pass', code: 'handshake_ok', detail: t('verify.webhook.answered') };
    if (handshake.status === 200) {
      return { status: 'fail', code: 'handshake_wrong_body', detail: t('verify.webhook.wrongBody', { body: (handshake.body ?? '').slice(0, 40) }), fix };
    }
    return { status: 'fail', code: 'handshake_http_error', detail: t('verify.webhook.httpStatus', { status: handshake.status ?? '?' }), fix };
  },
};

export const WEBHOOK_CHECKS = [webhookHttps, webhookHandshake];
