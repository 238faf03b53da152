import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type * as Undici from 'undici';

// undici parses HTTP answers with llhttp compiled to WebAssembly. V8 compiles that module at once
// with its baseline compiler (Liftoff), then once more, optimised, on a background thread, and
// Node waits for the background work before the process may exit: 90-150 ms at the end of every
// command that made a request, on this project's machines, for a parser that reads a handful of
// small answers. The baseline code is all fb3cx needs. Set before undici compiles the module.
setFlagsFromString('--liftoff-only');

/**
 * The two pieces of undici fb3cx uses: a connection pool (`Agent`) and `request` on it.
 *
 * undici's entry point loads the whole library (fetch, WebSocket, mocks, caches, proxies): on
 * the machines we measure that is 100 ms or more of start-up for every command that talks HTTP,
 * `fb3cx verify` first of all. These two come from undici's own files instead, about a third of
 * that. The files are undici's internals: a test holds them equal to what the entry point
 * exports, and should a later undici move them, the entry point is loaded as before.
 */
export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Undici.Dispatcher.HttpMethod;
  /** Always explicit: fb3cx never uses undici's global dispatcher. */
  dispatcher: Undici.Dispatcher;
};

export type RequestFunction = (url: string | URL, options: RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;

type RequestOnDispatcher = (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;

const load = createRequire(import.meta.url);

/** Where undici keeps the pieces (relative to the package); the test checks them against the entry point. */
export const UNDICI_FILES = { agent: 'undici/lib/dispatcher/agent.js', request: 'undici/lib/api/api-request.js' } as const;

function loadUndici(): { Agent: typeof Undici.Agent; request: RequestFunction } {
  let AgentClass: typeof Undici.Agent;
  let requestOnDispatcher: RequestOnDispatcher;
  try {
    AgentClass = load(UNDICI_FILES.agent) as typeof Undici.Agent;
    requestOnDispatcher = load(UNDICI_FILES.request) as RequestOnDispatcher;
  } catch {
    const undici = load('undici') as typeof Undici;
    return { Agent: undici.Agent, request: (url, options) => undici.request(url, options) };
  }
  // What undici's own `request(url, options)` does before it calls the dispatcher.
  const request: RequestFunction = (url, options) => {
    const parsed = typeof url === 'string' ? new URL(url) : url;
    return requestOnDispatcher.call(options.dispatcher, {
      ...options,
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      method: options.method ?? (options.body ? 'PUT' : 'GET'),
    });
  };
  return { Agent: AgentClass, request };
}

export const { Agent, request } = loadUndici();
export type Dispatcher = Undici.Dispatcher;
export type Agent = Undici.Agent;
