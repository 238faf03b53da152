import type { LookupFunction } from 'node:net';
import type { ScenarioName } from './scenario-names.js';

/** The fictional page, app, people and 3CX host the sandbox serves. */
export interface SandboxIdentity {
  pageId: string;
  pageName: string;
  pageToken: string;
  appId: string;
  appName: string;
  appSecret: string;
  /** A Messenger user (PSID) who has written to the page. */
  psid: string;
  /** A user access token of the page admin (what people paste by mistake). */
  userToken: string;
  otherPageId: string;
  /** The fake 3CX host's webhook URL (https, certificate issued by the sandbox CA). */
  webhookUrl: string;
  webClientUrl: string;
  pbxHost: string;
  /** The fake 3CX host's address for the Configuration API, and its API client's ID and key. */
  pbxUrl: string;
  pbxClientId: string;
  pbxClientSecret: string;
  company: string;
  /** The temporary 3CX test extension and its (made-up) password for the App Review texts. */
  testExtension: string;
  testPassword: string;
}

/** How to reach the sandbox's fake 3CX host: its CA certificate and a DNS lookup that points at loopback. */
export interface WebhookTrust {
  ca: string;
  lookup: LookupFunction;
  /** Host names served by the sandbox. */
  hosts: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query and form parameters with every token replaced by "***". */
  params: Record<string, string>;
  at: number;
}

export interface ReceivedWebhook {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface RunningSandbox {
  scenario: ScenarioName;
  graphUrl: string;
  identity: SandboxIdentity;
  webhookTrust: WebhookTrust;
  /** Every Graph request served, in order. */
  requests: RecordedRequest[];
  /** Requests no route matched; tests assert this stays empty. */
  unmatched: string[];
  /** Requests the fake 3CX host's Configuration API received (token, SystemStatus, ChatHistoryView), secrets replaced by "***". */
  pbxRequests: RecordedRequest[];
  /** Requests the fake 3CX webhook received. */
  webhookRequests: ReceivedWebhook[];
  /** TCP connections the fake 3CX host accepted. */
  readonly webhookConnections: number;
  close(): Promise<void>;
}

export interface SandboxOptions {
  scenario?: ScenarioName;
  /** Delay added to every Graph answer, for benchmarks. */
  latencyMs?: number;
  /**
   * Delay for each new connection to the fake 3CX host and for each of its answers: one round
   * trip each.
   */
  pbxLatencyMs?: number;
}
