import { t } from './i18n/index.js';

/**
 * The CliError family. Everything the user can cause or meet carries an exit code and a hint;
 * `cli.ts` is the only place that turns these into a process exit code.
 */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  cannotRun: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

const EXIT_CODES: readonly number[] = Object.values(ExitCode);

/** A number that came from elsewhere (listen's engine), narrowed to the named codes. */
export function isExitCode(value: number): value is ExitCodeValue {
  return EXIT_CODES.includes(value);
}

export class CliError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Stable machine-readable code, used in the JSON error document. */
  readonly code: string;
  readonly hint: string | undefined;

  constructor(message: string, options: { code: string; exitCode: ExitCodeValue; hint?: string | undefined; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.hint = options.hint;
  }
}

export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { code: 'usage', exitCode: ExitCode.usage, hint });
  }
}

export class ConfigError extends CliError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { code: 'config', exitCode: ExitCode.usage, hint, cause });
  }
}

export class NetworkError extends CliError {
  constructor(message: string, hint?: string, cause?: unknown) {
    super(message, { code: 'network', exitCode: ExitCode.cannotRun, hint, cause });
  }
}

export class Cancelled extends CliError {
  constructor(message = t('cli.interrupted')) {
    super(message, { code: 'interrupted', exitCode: ExitCode.interrupted });
  }
}

/** An unexpected failure; wraps anything that is not a CliError at the exit boundary. */
export class InternalError extends CliError {
  constructor(message: string, cause?: unknown) {
    super(message, {
      code: 'internal',
      exitCode: ExitCode.cannotRun,
      hint: t('cli.internalHint'),
      cause,
    });
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}

/**
 * The system error code (ECONNREFUSED, CERT_HAS_EXPIRED, ...) behind a failed request: undici
 * wraps the socket's error in its own, sometimes twice, so the cause chain is followed a few steps.
 */
export function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string' && code !== 'UND_ERR_REQ_RETRY') return code;
    current = Reflect.get(current, 'cause');
  }
  return undefined;
}

/** The JSON document of a failed run under --json (one line under listen's JSON lines). */
export interface ErrorDocument {
  schemaVersion: 1;
  ok: false;
  error: { code: string; message: string; hint?: string };
}

export function errorDocument(error: CliError): ErrorDocument {
  return { schemaVersion: 1, ok: false, error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
}
