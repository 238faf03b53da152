import { describe, expect, it } from 'vitest';
import { SecretRegistry } from '../../src/core/secrets.js';
import { Output } from '../../src/io/output.js';
import type { Presenter } from '../../src/commands/types.js';

/** A secret whose JSON form differs from its text (a quote and a backslash): only a scrub before serialising finds it. */
const SECRET = 'app"secret\\0123456789';

function output(json: boolean) {
  const secrets = new SecretRegistry();
  secrets.add(SECRET);
  let stdout = '';
  let stderr = '';
  const out = new Output({ stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: { NO_COLOR: '1' }, json, secrets });
  return { out, stdout: () => stdout, stderr: () => stderr };
}

describe('Output scrubs JSON value by value before serialising', () => {
  const document = { schemaVersion: 1 as const, ok: false, error: { message: `refused ${SECRET}` }, text: 'see https://x.example/?access_token=abc"def' };

  it('resultJson: the secret is masked, the document stays valid JSON, look-alike text is kept', () => {
    for (const pretty of [true, false]) {
      const { out, stdout } = output(true);
      out.resultJson(document, pretty);
      expect(stdout()).not.toContain('0123456789');
      const parsed = JSON.parse(stdout()) as typeof document;
      expect(parsed.error.message).toBe('refused app"…6789 (21 chars)');
      expect(parsed.text).toBe(document.text);
    }
  });

  it('present under --json: the same', () => {
    const presenter: Presenter<typeof document, typeof document> = { json: (result) => result, human: () => [] };
    const { out, stdout } = output(true);
    out.present(presenter, document);
    expect(stdout()).not.toContain('0123456789');
    expect((JSON.parse(stdout()) as typeof document).text).toBe(document.text);
  });

  it('lines for people are still scrubbed of known secrets', () => {
    const { out, stderr } = output(false);
    out.warn(`failed with ${SECRET}`);
    out.error(`failed with ${encodeURIComponent(SECRET)}`);
    expect(stderr()).not.toContain('0123456789');
  });
});
