import { writeFileSync } from 'node:fs';
import { buildWebhookPayload } from '../../src/core/webhook/build.js';
import { normaliseWebhook } from '../../src/core/webhook/normalise.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { jsonLine } from '../../src/listen/render.js';

/**
 * Lines exactly as `fb3cx listen --save` writes them (through its own jsonLine), for bodies
 * Meta could have sent: each a message whose text is "event <i>", one second apart from `start`.
 */
export function savedLines(count: number, start = 1767225600000): string[] {
  const secrets = new SecretRegistry();
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const built = buildWebhookPayload('message', 1, { pageId: '111111111111111', senderId: '2222222222222222', text: `event ${i}`, appId: '1', now: start + i * 1000, random: () => (i % 97) / 97 });
    for (const event of normaliseWebhook(JSON.parse(JSON.stringify(built.payload))).events) {
      lines.push(jsonLine({ kind: 'event', event, signature: 'sha256', receivedAt: start + i * 1000 + 40, profile: undefined, apiVersion: 'v23.0' }, secrets) ?? '');
    }
  }
  return lines;
}

export function writeSaved(path: string, lines: readonly string[]): string {
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The text of each replayed message body, in the order it arrived. */
export function textsOf(bodies: readonly Buffer[]): string[] {
  return bodies.map((body) => {
    const parsed = JSON.parse(body.toString('utf8')) as { entry: Array<{ messaging: Array<{ message: { text: string } }> }> };
    return parsed.entry[0]?.messaging[0]?.message.text ?? '';
  });
}
