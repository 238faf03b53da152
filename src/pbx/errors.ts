/**
 * Why a call to the 3CX Configuration API failed, each with a stable code and a fix. Every
 * sentence about the 3CX API's failures is written here, so they can be translated in one place.
 * Which licence editions include the API is UNCONFIRMED (3CX's pages tie it to the higher ones),
 * so that advice is worded as a possibility.
 */
import { CliError, ExitCode } from '../errors.js';

export type PbxErrorCode =
  | 'pbx_html'
  | 'pbx_login_redirect'
  | 'pbx_redirect'
  | 'pbx_tls'
  | 'pbx_bad_credentials'
  | 'pbx_token_refused'
  | 'pbx_no_licence'
  | 'pbx_unreachable'
  | 'pbx_timeout'
  | 'pbx_server_error'
  | 'pbx_bad_request'
  | 'pbx_not_api';

const CONSOLE = 'Admin > Integrations > API';

export const PBX_MESSAGES = {
  pbx_html: (op: string, host: string, status: number) => ({
    message: `${op} failed: ${host} answered with a web page (HTTP ${status}), not the 3CX API.`,
    hint: 'Check the 3CX address (--pbx-url or FB3CX_PBX_URL): it is the address of the 3CX admin console, such as https://pbx.example.com:5001, not a proxy or another site.',
  }),
  pbx_login_redirect: (op: string, host: string, target: string) => ({
    message: `${op} failed: ${host} redirected to a login page${target}, so the API is not answering at this address.`,
    hint: 'Give the 3CX address itself (--pbx-url), not one behind a single sign-on portal or reverse proxy that asks people to log in.',
  }),
  pbx_redirect: (op: string, host: string, target: string) => ({
    message: `${op} failed: ${host} answered with a redirect${target} instead of the API.`,
    hint: 'Give the address the redirect points to with --pbx-url (often https:// and the port of the admin console).',
  }),
  pbx_tls: (op: string, host: string, detail: string) => ({
    message: `${op} failed: the TLS connection to ${host} failed (${detail}).`,
    hint: 'Check that the 3CX address uses https:// and the port of the admin console, and that the 3CX certificate is valid for this host name.',
  }),
  pbx_bad_credentials: (op: string, host: string, detail: string) => ({
    message: `${op} failed: ${host} refused the API client ID or key${detail}.`,
    hint: `Check the client ID (FB3CX_PBX_CLIENT_ID) and key (FB3CX_PBX_CLIENT_SECRET). The key is shown only once: if it is lost, open ${CONSOLE} in the 3CX admin console, edit the client and generate a new key.`,
  }),
  pbx_token_refused: (op: string, host: string, status: number) => ({
    message: `${op} failed: ${host} refused the API token (HTTP ${status}).`,
    hint: `Make sure the API client has "3CX Configuration API access" ticked (${CONSOLE}) and try again.`,
  }),
  pbx_no_licence: (op: string, host: string, status: number) => ({
    message: `${op} failed: ${host} refused the Configuration API (HTTP ${status}).`,
    hint: `The API client may lack "3CX Configuration API access" (${CONSOLE}), or this 3CX licence may not include the Configuration API (3CX ties it to its higher editions; fb3cx cannot confirm which). 3CX before version 20 has no such API.`,
  }),
  pbx_unreachable: (op: string, host: string, detail: string) => ({
    message: `${op} failed: ${host} could not be reached (${detail}).`,
    hint: 'Check the 3CX address (--pbx-url), its DNS name, and that this machine may reach the admin console port (firewall, VPN).',
  }),
  pbx_timeout: (op: string, host: string, ms: number) => ({
    message: `${op} failed: ${host} did not answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}.`,
    hint: 'Check the network path to the 3CX host and try again; FB3CX_GRAPH_TIMEOUT_MS lengthens the wait.',
  }),
  pbx_server_error: (op: string, host: string, status: number) => ({
    message: `${op} failed: ${host} answered HTTP ${status}.`,
    hint: 'The 3CX host had a problem; try again in a moment, and check its services in the 3CX admin console.',
  }),
  pbx_bad_request: (op: string, host: string, status: number) => ({
    message: `${op} failed: ${host} refused the request (HTTP ${status}).`,
    hint: 'This 3CX version may not support this query; run with --verbose and report it.',
  }),
  pbx_not_api: (op: string, host: string, what: string) => ({
    message: `${op} failed: ${host} answered with ${what}, not the 3CX API's JSON.`,
    hint: 'Check the 3CX address (--pbx-url): it must be the 3CX system itself, version 20 or later.',
  }),
} as const;

/** Codes that say the 3CX host was not reached at all (exit 3 territory), as opposed to a refusal. */
const UNREACHABLE: ReadonlySet<PbxErrorCode> = new Set(['pbx_unreachable', 'pbx_timeout', 'pbx_tls']);

export class PbxApiError extends CliError {
  override readonly code: PbxErrorCode;
  /** The HTTP status, when the host answered. */
  readonly status: number | undefined;

  constructor(code: PbxErrorCode, words: { message: string; hint: string }, options: { status?: number; cause?: unknown } = {}) {
    super(words.message, { code, exitCode: UNREACHABLE.has(code) ? ExitCode.cannotRun : ExitCode.checkFailed, hint: words.hint, cause: options.cause });
    this.code = code;
    this.status = options.status;
  }

  get unreachable(): boolean {
    return UNREACHABLE.has(this.code);
  }
}
