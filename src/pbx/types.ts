/** The 3CX Configuration API as checks and commands see it: no undici types, so the core stays free of HTTP. */
export interface PbxRequest {
  method?: 'GET' | 'POST';
  /** Path on the 3CX host, such as "/xapi/v1/SystemStatus". */
  path: string;
  query?: Record<string, string | undefined>;
  form?: Record<string, string>;
  /** Sent with the run's bearer token (fetched once); false for the token call itself. */
  authorised?: boolean;
  /** What the call is for, as the error message starts ("Reading the 3CX system status"). */
  operation: string;
  /** Whether a JSON object is this call's documented answer; anything else did not come from the API. */
  accepts?: (body: Record<string, unknown>) => boolean;
}

export type PbxClientEvent =
  | { kind: 'response'; method: string; path: string; status: number; ms: number }
  | { kind: 'retry'; method: string; path: string; attempt: number; delayMs: number; reason: string };

export interface PbxApi {
  /** The 3CX address the client talks to (origin only). */
  readonly baseUrl: string;
  call<T>(request: PbxRequest): Promise<T>;
  close(): Promise<void>;
}

/** Only `call` is needed, so tests may pass a plain fake. */
export type PbxCaller = Pick<PbxApi, 'call'>;
