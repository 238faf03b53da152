import type { GraphCaller } from '../../src/graph/messenger.js';
import type { GraphRequest, GraphResponse } from '../../src/graph/types.js';

/** Thrown where the real client would refuse a body as not the documented answer to the call. */
export class NotTheAnswer extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A Graph stand-in that never opens a socket: it records each request (without its shape check,
 * so tests compare the request itself), answers with `answer(request)`, throws an answer that is
 * an Error, and refuses a body as the real client does when it is not the documented answer.
 */
export function fakeGraph(answer: (req: GraphRequest) => unknown): GraphCaller & { requests: GraphRequest[] } {
  const requests: GraphRequest[] = [];
  return {
    requests,
    async call<T>({ accepts, ...req }: GraphRequest): Promise<GraphResponse<T>> {
      requests.push(req);
      const body = answer(req);
      if (body instanceof Error) throw body;
      if (accepts && !(isRecord(body) && accepts(body))) throw new NotTheAnswer(`${req.path}: not the documented answer`);
      return { status: 200, body: body as T, headers: {} };
    },
  };
}
