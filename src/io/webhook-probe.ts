import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { WebhookProbe, WebhookProber } from '../core/verify/types.js';
import { t } from '../i18n/index.js';
import type { WebhookTrust } from '../sandbox/types.js';

/**
 * Probes the 3CX webhook URL the way Meta would reach it: DNS, then the hub.challenge GET with a
 * random verify token, whose TLS handshake checks the certificate against the host name.
 * Under --sandbox the trust carries the sandbox CA and a lookup to loopback; otherwise the
 * system's CAs and DNS are used.
 */
export interface ProberEffects {
  /** The clock, for the days a certificate has left. */
  now(): number;
  /** Random bytes for the handshake's challenge and verify token. */
  randomBytes(size: number): Uint8Array;
}

export function createWebhookProber(effects: ProberEffects, options: { trust?: WebhookTrust | undefined; timeoutMs?: number } = {}): WebhookProber {
  const timeoutMs = options.timeoutMs ?? 8000;
  const lookup: LookupFunction = options.trust?.lookup ?? (dnsLookup as unknown as LookupFunction);
  return async (raw) => {
    const url = new URL(raw);
    const sandbox = options.trust?.hosts.includes(url.hostname.toLowerCase()) ?? false;
    // Nine digits, as Meta's challenges are; the verify token is any text 3CX accepts.
    const challenge = String(100_000_000 + (new DataView(effects.randomBytes(4).buffer).getUint32(0) % 900_000_000));
    const verifyToken = Buffer.from(effects.randomBytes(12)).toString('hex');
    const dns = await resolve(lookup, url.hostname);
    const probe: WebhookProbe = { url: raw, dns, handshake: { challenge }, sandbox };
    if (!dns.ok) return probe;
    const answer = await handshake(url, verifyToken, challenge, lookup, options.trust?.ca, timeoutMs, effects.now);
    probe.connect = answer.connect;
    if (answer.tls) probe.tls = answer.tls;
    probe.handshake = answer.handshake;
    return probe;
  };
}

function resolve(lookup: LookupFunction, hostname: string): Promise<WebhookProbe['dns']> {
  return new Promise((done) => {
    const host = hostname.replace(/^\[|\]$/g, '');
    (lookup as unknown as (h: string, o: object, cb: (err: NodeJS.ErrnoException | null, addresses: Array<{ address: string }> | string) => void) => void)(host, { all: true }, (error, addresses) => {
      if (error) done({ ok: false, addresses: [], error: error.code ?? error.message });
      else done({ ok: true, addresses: Array.isArray(addresses) ? addresses.map((a) => a.address) : [addresses] });
    });
  });
}

function describeTlsError(code: string): string {
  switch (code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return t('verify.probe.tlsAltName');
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return t('verify.probe.tlsSelfSigned');
    case 'CERT_HAS_EXPIRED':
      return t('verify.probe.tlsExpired');
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return t('verify.probe.tlsChain');
    case 'ECONNRESET':
      return t('verify.probe.tlsReset');
    default:
      return code;
  }
}

/** Why a TCP connection could not be made, in words. */
function describeConnectError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return t('verify.probe.connectRefused');
    case 'ETIMEDOUT':
      return t('verify.probe.connectTimedOut');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return t('verify.probe.connectNoRoute');
    case 'ECONNRESET':
      return t('verify.probe.connectReset');
    default:
      return code;
  }
}

type TlsResult = NonNullable<WebhookProbe['tls']>;
type ConnectResult = NonNullable<WebhookProbe['connect']>;

/**
 * The hub.challenge GET, on a connection of its own. Over https, the certificate is read from
 * that same connection when its TLS handshake completes, so the probe costs one connection and
 * one request: two round trips to the 3CX host. A connection that never opens (refused, timed
 * out) says so, and leaves the certificate unjudged.
 */
function handshake(
  url: URL,
  verifyToken: string,
  challenge: string,
  lookup: LookupFunction,
  ca: string | undefined,
  timeoutMs: number,
  now: () => number,
): Promise<{ connect: ConnectResult; tls?: TlsResult; handshake: WebhookProbe['handshake'] }> {
  const target = new URL(url.toString());
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.verify_token', verifyToken);
  target.searchParams.set('hub.challenge', challenge);
  const https = target.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const seconds = t('verify.probe.seconds', { seconds: Math.round(timeoutMs / 1000) });
  let connected = false;
  let tls: TlsResult | undefined;
  const finish = (result: WebhookProbe['handshake'], connectError?: string) => {
    const connect: ConnectResult = connected ? { ok: true } : { ok: false, error: connectError ?? t('verify.probe.noConnection') };
    return { connect, ...(https && connected ? { tls: tls ?? { ok: false, error: t('verify.probe.noTlsHandshake') } } : {}), handshake: result };
  };
  return new Promise((done) => {
    const req = send(
      target,
      {
        method: 'GET',
        lookup,
        timeout: timeoutMs,
        // A fresh connection, so its TLS handshake (and certificate) is this probe's own.
        agent: false,
        headers: { 'user-agent': 'fb3cx webhook probe' },
        ...(https ? { rejectUnauthorized: false, ...(ca ? { ca } : {}) } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 4096) body += chunk;
        });
        res.on('end', () => done(finish({ challenge, status: res.statusCode ?? 0, body })));
        res.on('error', () => done(finish({ challenge, error: t('verify.probe.brokeOff') })));
      },
    );
    req.once('socket', (socket) => {
      socket.once('connect', () => {
        connected = true;
      });
      if (https) {
        (socket as TLSSocket).once('secureConnect', () => {
          tls = describeCertificate(socket as TLSSocket, now());
        });
      }
    });
    req.on('timeout', () => {
      if (https && connected && !tls) tls = { ok: false, error: t('verify.probe.noTlsAnswer', { seconds }) };
      req.destroy(Object.assign(new Error(t('verify.probe.noAnswer', { seconds })), { code: connected ? 'FB3CX_NO_ANSWER' : 'ETIMEDOUT' }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.message;
      if (!connected) {
        const why = code === 'ETIMEDOUT' ? t('verify.probe.noConnectionWithin', { seconds }) : describeConnectError(code);
        done(finish({ challenge, error: why }, why));
        return;
      }
      if (https && !tls) tls = { ok: false, error: describeTlsError(code) };
      done(finish({ challenge, error: code === 'FB3CX_NO_ANSWER' ? t('verify.probe.noAnswer', { seconds }) : error.message }));
    });
    req.end();
  });
}

function describeCertificate(socket: TLSSocket, now: number): TlsResult {
  const cert: PeerCertificate = socket.getPeerCertificate();
  const validTo = cert.valid_to ? new Date(cert.valid_to) : undefined;
  const base = {
    ...(cert.subject?.CN ? { subject: String(cert.subject.CN) } : {}),
    ...(cert.issuer ? { issuer: String(cert.issuer.O ?? cert.issuer.CN ?? '') } : {}),
    ...(validTo ? { validTo: validTo.toISOString().slice(0, 10), daysLeft: Math.floor((validTo.getTime() - now) / 86_400_000) } : {}),
  };
  return socket.authorized ? { ok: true, ...base } : { ok: false, error: (socket.authorizationError ? describeTlsError(String(socket.authorizationError)) : t('verify.probe.tlsNotTrusted')), ...base };
}
