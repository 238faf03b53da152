import { CliError, ExitCode } from '../errors.js';
import { explainGraphError } from './explain.js';

export interface GraphErrorEnvelope {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
  is_transient?: boolean;
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
    const graphMessage = typeof envelope.message === 'string' ? envelope.message : 'no message';
    const known = explainGraphError(graphCode, subcode, graphMessage);
    const explanation = known?.explanation ?? `Meta answered: ${graphMessage}`;
    const transient = envelope.is_transient === true || (graphCode !== undefined && TRANSIENT_CODES.has(graphCode)) || status >= 500;
    super(`${operation} failed: ${explanation}`, {
      code: `graph.${graphCode ?? status}${subcode !== undefined ? `.${subcode}` : ''}`,
      exitCode: transient ? ExitCode.cannotRun : ExitCode.checkFailed,
      hint: known?.fix ?? 'Check the message from Meta above; keep the fbtrace_id for Meta support.',
    });
    this.status = status;
    this.graphCode = graphCode;
    this.subcode = subcode;
    this.type = envelope.type;
    this.graphMessage = graphMessage;
    this.userTitle = envelope.error_user_title;
    this.userMessage = envelope.error_user_msg;
    this.fbtraceId = envelope.fbtrace_id;
    this.isTransient = transient;
    this.explanation = explanation;
    this.fix = known?.fix ?? 'Check the IDs and token you gave; keep the fbtrace_id for Meta support.';
  }

  /** "190/463" or "100". */
  get codeLabel(): string {
    return `${this.graphCode ?? `HTTP ${this.status}`}${this.subcode !== undefined ? `/${this.subcode}` : ''}`;
  }

  /** One line with everything support needs, never a token. */
  get detailLine(): string {
    const trace = this.fbtraceId ? `, fbtrace_id ${this.fbtraceId}` : '';
    const message = this.graphMessage.replace(/^\(#\d+\)\s*/, '').replace(/\.$/, '');
    return `(#${this.codeLabel}) ${message}${trace}`;
  }

  get isRateLimit(): boolean {
    return this.graphCode !== undefined && RATE_LIMIT_CODES.has(this.graphCode);
  }
}

export function isGraphApiError(error: unknown): error is GraphApiError {
  return error instanceof GraphApiError;
}
