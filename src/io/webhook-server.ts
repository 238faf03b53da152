import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ACCEPTED_BODY, acceptEventPost, answerHandshake, printable, routeRequest, type ListenerPolicy } from '../core/webhook/request.js';
import type { SignatureKind } from '../core/webhook/types.js';
import { t } from '../i18n/index.js';

/**
 * The HTTP side of `fb3cx listen`: a node:http server that reads raw bytes, asks
 * core/webhook/request.ts what to answer, answers, and only then hands accepted bodies on.
 * Whatever a client sends, it answers with a status or drops the connection; it never throws.
 *
 * Statuses: 200 handshake or accepted event; 400 malformed request, JSON or handshake, or a
 * request without Host; 403 wrong verify token or signature; 404 other path; 405 other method
 * (CONNECT included); 408 stalled client; 413 body over the cap; 417 an Expect header other than
 * 100-continue; 431 headers too large; 500 a bug in fb3cx (never expected).
 *
 * Every request that reaches the server is reported exactly once, accepted or rejected, also
 * those node:http would refuse by itself (no Host, Expect, CONNECT, unparsable bytes) and those
 * the client breaks off before they are complete. Only a connection reset before any request
 * could be told apart leaves no trace.
 */
export interface AcceptedRequest {
  payload: unknown;
  signature: SignatureKind;
  rawBody: Buffer;
  /** The request's headers as received: name, value, name, value, ... */
  rawHeaders: string[];
  receivedAt: number;
}

export interface RejectedRequest {
  status: number;
  /** Stable, for scripts (listen --json): the reason's sentence follows the language. */
  code: string;
  reason: string;
  method: string;
  path: string;
}

export interface WebhookServerOptions {
  host: string;
  port: number;
  policy: ListenerPolicy;
  maxBodyBytes: number;
  /** Time for a client to send its headers (default 10 s). */
  headersTimeoutMs?: number;
  /** Time for a client to send the whole request (default 30 s). */
  requestTimeoutMs?: number;
  now?: () => number;
  onAccepted(request: AcceptedRequest): void;
  onRejected(request: RejectedRequest): void;
  onHandshake?(): void;
}

export interface RunningWebhookServer {
  /** http://host:port/path */
  url: string;
  host: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to graceMs), then closes every socket. */
  close(graceMs?: number): Promise<void>;
}

/** Rejected requests whose body is still coming are drained up to this much, then cut. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

export class ListenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  const { policy, maxBodyBytes } = options;
  const now = options.now ?? Date.now;
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeout + 1);
  let inFlight = 0;
  let draining = false;
  /** Responses whose request has been reported (accepted, rejected or handshake). */
  const reported = new WeakSet<ServerResponse>();
  /** The response under way on a connection, so a parser error or timeout on it is reported as that request. */
  const openResponses = new WeakMap<Socket, ServerResponse>();
  let drainWaiter: (() => void) | undefined;

  // Shared by every response (no closure per request); `this` is the response.
  function responseClosed(this: ServerResponse): void {
    inFlight--;
    const socket = this.req.socket;
    if (openResponses.get(socket) === this) openResponses.delete(socket);
    // A request the client broke off (or the listener cut when stopping) before it was answered.
    if (!reported.has(this)) {
      reported.add(this);
      const req = this.req;
      const status = draining ? 503 : 400;
      const [code, reason] = draining ? ['listener_stopped', t('webhook.reject.listenerStopped')] : ['client_closed', t('webhook.reject.clientClosed')];
      notify(options.onRejected, { status, code, reason, method: printable(req.method ?? '?'), path: pathOf(req.url ?? '/') });
    }
    if (inFlight === 0) drainWaiter?.();
  }

  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // How often stalled clients are looked for; the default (30 s) would let them sit too long.
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeout / 4))),
      keepAliveTimeout: 5000,
      // node:http would answer 400 to a request without Host by itself, unseen; handle() does it.
      requireHostHeader: false,
    },
    (req, res) => serve(req, res, handle),
  );

  function serve(req: IncomingMessage, res: ServerResponse, handler: (req: IncomingMessage, res: ServerResponse) => void): void {
    inFlight++;
    openResponses.set(req.socket, res);
    // 'close' follows every response exactly once, finished or cut short.
    res.on('close', responseClosed);
    try {
      handler(req, res);
    } catch (error) {
      // A bug in fb3cx must not take the listener down: answer 500, report it and keep serving.
      if (!res.headersSent) respond(res, 500, t('webhook.reject.internalAnswer'), true);
      else res.destroy();
      if (!reported.has(res)) {
        reported.add(res);
        notify(options.onRejected, { status: 500, code: 'internal_error', reason: t('webhook.reject.internal', { error: error instanceof Error ? error.message : String(error) }), method: printable(req.method ?? '?'), path: pathOf(req.url ?? '/') });
      }
    }
  }

  // Without this listener node:http answers 417 by itself and nobody hears of the request.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) =>
    serve(req, res, () => {
      req.on('error', ignore);
      discardBody(req, res);
      reject(req, res, 417, 'expect_unsupported', t('webhook.reject.expect', { expect: printable(headerText(req.headers.expect) ?? '') }), pathOf(req.url ?? '/'), true);
    }),
  );

  // Without this listener node:http drops a CONNECT silently.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    socket.on('error', ignore);
    const status = 405;
    const reason = t('webhook.reject.methodNotAllowed', { method: 'CONNECT' });
    if (socket.writable) socket.end(rawResponse(status, reason));
    socket.destroySoon?.();
    notify(options.onRejected, { status, code: 'method_not_allowed', reason, method: 'CONNECT', path: printable(req.url ?? '?') });
  });

  const reject = (req: IncomingMessage, res: ServerResponse, status: number, code: string, reason: string, path: string, close = false) => {
    respond(res, status, `${STATUS_CODES[status] ?? 'Error'}: ${reason}\n`, close || draining);
    if (reported.has(res)) return;
    reported.add(res);
    notify(options.onRejected, { status, code, reason, method: req.method ?? '?', path });
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', ignore);
    const rawUrl = req.url ?? '/';
    const questionMark = rawUrl.indexOf('?');
    const pathname = questionMark === -1 ? rawUrl : rawUrl.slice(0, questionMark);
    const method = req.method ?? 'GET';
    if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1 && !req.headers.host) {
      discardBody(req, res);
      reject(req, res, 400, 'no_host', t('webhook.reject.noHost'), pathname, true);
      return;
    }
    const route = routeRequest(method, pathname, policy);
    if (typeof route === 'object') {
      discardBody(req, res);
      reject(req, res, route.status, route.code, route.reason, pathname);
      return;
    }
    if (route === 'handshake') {
      discardBody(req, res);
      const answer = answerHandshake(new URLSearchParams(questionMark === -1 ? '' : rawUrl.slice(questionMark + 1)), policy.verifyToken);
      if (answer.kind === 'rejected') {
        reject(req, res, answer.status, answer.code, answer.reason, pathname);
        return;
      }
      reported.add(res);
      respond(res, 200, answer.challenge, draining);
      notify(options.onHandshake, undefined);
      return;
    }
    // node:http has built req.headers already (it checks Host and Expect on every request), so
    // reading it costs nothing more. A repeated signature header arrives joined with ", " and fails.
    const headers = req.headers;
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      reject(req, res, 413, 'body_too_large', t('webhook.reject.declaredTooLarge', { declared, cap: maxBodyBytes }), pathname, true);
      discardBody(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        reject(req, res, 413, 'body_too_large', t('webhook.reject.tooLarge', { cap: maxBodyBytes }), pathname, true);
        discardBody(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge || res.headersSent || res.destroyed) return;
      const rawBody = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      const decision = acceptEventPost(rawBody, { sha256: headerText(headers['x-hub-signature-256']), sha1: headerText(headers['x-hub-signature']) }, policy.appSecret);
      if (decision.kind === 'rejected') {
        reject(req, res, decision.status, decision.code, decision.reason, pathname);
        return;
      }
      // Meta wants its answer within 5 s: answer first, then hand the body on for printing.
      reported.add(res);
      respond(res, 200, ACCEPTED_BODY, draining);
      const receivedAt = now();
      notify(options.onAccepted, { payload: decision.payload, signature: decision.signature, rawBody, rawHeaders: req.rawHeaders, receivedAt });
    });
  }

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const code = error.code;
    // A reset cannot be told from a client closing an idle keep-alive connection: no request to report.
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      socket.destroy();
      return;
    }
    const status = code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const [reasonCode, reason] =
      status === 408
        ? ['client_too_slow', t('webhook.reject.tooSlow')]
        : status === 431
          ? ['headers_too_large', t('webhook.reject.headersTooLarge')]
          : code === 'HPE_INVALID_EOF_STATE'
            ? ['client_closed', t('webhook.reject.closedEarly')]
            : code === undefined
              ? ['invalid_http', t('webhook.reject.notHttpUnknown')]
              : ['invalid_http', t('webhook.reject.notHttp', { code })];
    if (socket.writable) socket.end(rawResponse(status, reason));
    socket.destroySoon?.();
    // A request whose headers were read (a stalled body) is reported once, under its method and path.
    const open = openResponses.get(socket);
    if (open === undefined) notify(options.onRejected, { status, code: reasonCode, reason, method: '?', path: '?' });
    else if (!reported.has(open)) {
      reported.add(open);
      notify(options.onRejected, { status, code: reasonCode, reason, method: printable(open.req.method ?? '?'), path: pathOf(open.req.url ?? '/') });
    }
  });
  server.on('error', () => {});

  await new Promise<void>((resolve, rejectListen) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      rejectListen(new ListenError(error.message, error.code));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;

  return {
    url: `http://${hostForUrl}:${port}${policy.path}`,
    host: options.host,
    port,
    async close(graceMs = 5000) {
      if (draining) return;
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          timer.unref();
          drainWaiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

// The answer Meta gets for every event: as few headers as it can be, since node:http checks each
// header it writes (Content-Length stays, or writeHead would settle on chunked encoding).
const ACCEPTED_HEADERS = ['content-type', 'text/plain; charset=utf-8', 'content-length', String(Buffer.byteLength(ACCEPTED_BODY))];

function respond(res: ServerResponse, status: number, body: string, close: boolean): void {
  if (res.headersSent || res.destroyed) return;
  if (status === 200 && body === ACCEPTED_BODY && !close) {
    res.writeHead(200, ACCEPTED_HEADERS);
    res.end(body);
    return;
  }
  const headers: Record<string, string | number> = {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  };
  if (status === 405) headers.allow = 'GET, POST';
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/** Reads and throws away a body nobody wants, so the answer reaches the client; cuts abusers. */
function discardBody(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  let discarded = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DRAIN_LIMIT_BYTES) {
      req.removeAllListeners('data');
      res.destroy();
    }
  });
  req.resume();
}

/** A whole answer written straight to a socket that node:http no longer serves. */
function rawResponse(status: number, reason: string): string {
  const body = `${STATUS_CODES[status]}: ${reason}\n`;
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function pathOf(rawUrl: string): string {
  const questionMark = rawUrl.indexOf('?');
  return questionMark === -1 ? rawUrl : rawUrl.slice(0, questionMark);
}

function headerText(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function ignore(): void {}

/**
 * Hands a request to a listener callback (printing, saving). One that throws must never reach
 * the HTTP machinery. Takes the value rather than a closure: it runs for every accepted event.
 */
function notify<T>(listener: ((value: T) => void) | undefined, value: T): void {
  if (listener === undefined) return;
  try {
    listener(value);
  } catch {
    // Reported by the caller's own handlers; the server keeps running.
  }
}

