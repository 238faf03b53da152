/** The Graph API as the core sees it: no undici types, so core modules stay free of HTTP. */
export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface GraphRequest {
  method?: HttpMethod;
  /** Path below the version, such as "/me" or "/123/subscribed_apps". */
  path: string;
  token?: string;
  query?: Record<string, string | undefined>;
  form?: Record<string, string>;
  json?: unknown;
  /** What the call is for, in words, for error messages ("Reading the page"). */
  operation?: string;
  /**
   * Whether a JSON object is the documented answer to this call. A body that is not (a captive
   * portal's, a proxy's) is no answer from Meta at all, however the HTTP status looks.
   */
  accepts?: (body: Record<string, unknown>) => boolean;
}

export interface GraphResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export type GraphClientEvent =
  | { kind: 'request'; method: HttpMethod; path: string; attempt: number }
  | { kind: 'response'; method: HttpMethod; path: string; status: number; ms: number; apiVersion?: string | undefined }
  | { kind: 'retry'; method: HttpMethod; path: string; attempt: number; delayMs: number; reason: string; rateLimited?: boolean }
  | { kind: 'usage'; header: string; percent: number };

/** The interface the core talks to; tests may pass their own. */
export interface GraphApi {
  readonly version: string;
  readonly baseUrl: string;
  call<T>(req: GraphRequest): Promise<GraphResponse<T>>;
  close(): Promise<void>;
}

