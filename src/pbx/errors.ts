/**
 * Why a call to the 3CX Configuration API failed, each with a stable code and a fix; the
 * sentences are in the pbx catalogue (pbx.error.*), the code beside them never changes.
 * Which licence editions include the API is UNCONFIRMED (3CX's pages tie it to the higher ones),
 * so that advice is worded as a possibility.
 */
import { CliError, ExitCode } from '../errors.js';
import { t } from '../i18n/index.js';

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

/** A wait as the messages give it: "800 ms", "10 s". */
function waited(ms: number): string {
  return ms < 1000 ? t('pbx.error.milliseconds', { value: ms }) : t('pbx.error.seconds', { value: Math.round(ms / 1000) });
}

/**
 * The message and hint of each code. `op` is what was being done ("Getting a 3CX API token",
 * from pbx.operation.*); a target or reason is given only when the host told one.
 */
export const PBX_MESSAGES = {
  pbx_html: (op: string, host: string, status: number) => ({
    message: t('pbx.error.html', { op, host, status }),
    hint: t('pbx.error.htmlHint'),
  }),
  pbx_login_redirect: (op: string, host: string, target?: string) => ({
    message: target ? t('pbx.error.loginRedirectTo', { op, host, target }) : t('pbx.error.loginRedirect', { op, host }),
    hint: t('pbx.error.loginRedirectHint'),
  }),
  pbx_redirect: (op: string, host: string, target?: string) => ({
    message: target ? t('pbx.error.redirectTo', { op, host, target }) : t('pbx.error.redirect', { op, host }),
    hint: t('pbx.error.redirectHint'),
  }),
  pbx_tls: (op: string, host: string, detail: string) => ({
    message: t('pbx.error.tls', { op, host, detail }),
    hint: t('pbx.error.tlsHint'),
  }),
  pbx_bad_credentials: (op: string, host: string, reason?: string) => ({
    message: reason ? t('pbx.error.badCredentialsBecause', { op, host, reason }) : t('pbx.error.badCredentials', { op, host }),
    hint: t('pbx.error.badCredentialsHint'),
  }),
  pbx_token_refused: (op: string, host: string, status: number) => ({
    message: t('pbx.error.tokenRefused', { op, host, status }),
    hint: t('pbx.error.tokenRefusedHint'),
  }),
  pbx_no_licence: (op: string, host: string, status: number) => ({
    message: t('pbx.error.noLicence', { op, host, status }),
    hint: t('pbx.error.noLicenceHint'),
  }),
  pbx_unreachable: (op: string, host: string, detail: string) => ({
    message: t('pbx.error.unreachable', { op, host, detail }),
    hint: t('pbx.error.unreachableHint'),
  }),
  pbx_timeout: (op: string, host: string, ms: number) => ({
    message: t('pbx.error.timeout', { op, host, wait: waited(ms) }),
    hint: t('pbx.error.timeoutHint'),
  }),
  pbx_server_error: (op: string, host: string, status: number) => ({
    message: t('pbx.error.serverError', { op, host, status }),
    hint: t('pbx.error.serverErrorHint'),
  }),
  pbx_bad_request: (op: string, host: string, status: number) => ({
    message: t('pbx.error.badRequest', { op, host, status }),
    hint: t('pbx.error.badRequestHint'),
  }),
  /** What came back instead of the API's JSON: an empty body, another content type, or JSON that does not answer the call. */
  pbx_not_api: (op: string, host: string, what: { empty: true } | { type: string; status: number } | { wrongJson: true }) => ({
    message:
      'empty' in what
        ? t('pbx.error.notApiEmpty', { op, host })
        : 'type' in what
          ? t('pbx.error.notApiType', { op, host, type: what.type, status: what.status })
          : t('pbx.error.notApiWrongJson', { op, host }),
    hint: t('pbx.error.notApiHint'),
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
