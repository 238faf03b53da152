import { CliError, ExitCode, NetworkError } from '../errors.js';
import { t } from '../i18n/index.js';
import { explainGraphError } from './explain.js';

export interface GraphErrorEnvelope {
  message?: string | undefined;
  type?: string | undefined;
  code?: number | undefined;
  error_subcode?: number | undefined;
  error_user_title?: string | undefined;
  error_user_msg?: string | undefined;
  fbtrace_id?: string | undefined;
  is_transient?: boolean | undefined;
}

/** Codes that are worth retrying: temporary failures and rate limits. */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 613, 80001, 80006]);
export const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80006]);

/** A Graph API error envelope turned into something a person can act on. */
export class GraphApiError extends CliError {
  readonly status: number;
  readonly graphCode: number | undefined;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  readonly graphMessage: string;
  readonly userTitle: string | undefined;
  readonly userMessage: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly isTransient: boolean;
  readonly explanation: string;
  readonly fix: string;

  constructor(status: number, envelope: GraphErrorEnvelope, operation: string) {
    const graphCode = typeof envelope.code === 'number' ? envelope.code : undefined;
    const subcode = typeof envelope.error_subcode === 'number' ? envelope.error_subcode : undefined;
    const graphMessage = typeof envelope.message === 'string' ? envelope.message : t('graph.error.noMessage');
    const fbtraceId = typeof envelope.fbtrace_id === 'string' && envelope.fbtrace_id !== '' ? envelope.fbtrace_id : undefined;
    const known = explainGraphError(graphCode, subcode, graphMessage);
    const explanation = known?.explanation ?? t('graph.error.metaAnswered', { message: graphMessage });
    const transient = envelope.is_transient === true || (graphCode !== undefined && TRANSIENT_CODES.has(graphCode)) || status >= 500;
    const code = codeLabelOf(graphCode, subcode, status);
    // Meta's own words and the trace go with every explanation: "the message from Meta names the
    // problem" is only true when that message is shown.
    const message = known
      ? t('graph.error.failedKnown', { operation, explanation, detail: detailOf(graphCode, subcode, status, graphMessage, fbtraceId) })
      : fbtraceId
        ? t('graph.error.failedUnknownTrace', { operation, explanation, code, trace: fbtraceId })
        : t('graph.error.failedUnknown', { operation, explanation, code });
    super(message, {
      code: `graph.${graphCode ?? status}${subcode !== undefined ? `.${subcode}` : ''}`,
      exitCode: transient ? ExitCode.cannotRun : ExitCode.checkFailed,
      hint: known?.fix ?? (fbtraceId ? t('graph.error.checkMessageTrace') : t('graph.error.checkMessage')),
    });
    this.status = status;
    this.graphCode = graphCode;
    this.subcode = subcode;
    this.type = envelope.type;
    this.graphMessage = graphMessage;
    this.userTitle = envelope.error_user_title;
    this.userMessage = envelope.error_user_msg;
    this.fbtraceId = fbtraceId;
    this.isTransient = transient;
    this.explanation = explanation;
    this.fix = known?.fix ?? (fbtraceId ? t('graph.error.checkIdsTrace') : t('graph.error.checkIds'));
  }

  /** "190/463" or "100". */
  get codeLabel(): string {
    return codeLabelOf(this.graphCode, this.subcode, this.status).slice(1);
  }

  /** One line with everything support needs, never a token. */
  get detailLine(): string {
    return detailOf(this.graphCode, this.subcode, this.status, this.graphMessage, this.fbtraceId);
  }

  get isRateLimit(): boolean {
    return this.graphCode !== undefined && RATE_LIMIT_CODES.has(this.graphCode);
  }
}

/** "#190/463", "#100", or "#HTTP 400" for an error envelope without a code. */
function codeLabelOf(graphCode: number | undefined, subcode: number | undefined, status: number): string {
  return `#${graphCode ?? `HTTP ${status}`}${subcode !== undefined ? `/${subcode}` : ''}`;
}

function detailOf(graphCode: number | undefined, subcode: number | undefined, status: number, graphMessage: string, fbtraceId: string | undefined): string {
  const trace = fbtraceId ? `, fbtrace_id ${fbtraceId}` : '';
  const message = graphMessage.replace(/^\(#\d+\)\s*/, '').replace(/\.$/, '');
  return `(${codeLabelOf(graphCode, subcode, status)}) ${message}${trace}`;
}

/**
 * An answer that did not come from the Graph API: a redirect, an empty body, HTML, or JSON that
 * is not what the call answers. A captive portal, a proxy or a wrong FB3CX_GRAPH_URL gives these;
 * Meta never does. It is "could not run" (exit 3), never a finding about the page.
 */
export class NotGraphApiError extends NetworkError {
  constructor(
    operation: string,
    readonly host: string,
    readonly status: number,
    what: string,
  ) {
    super(t('graph.error.notGraph', { operation, host, status, what }), t('graph.error.notGraphHint'));
  }
}

export function isGraphApiError(error: unknown): error is GraphApiError {
  return error instanceof GraphApiError;
}
