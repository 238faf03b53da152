// What every benchmark script starts from: where the built CLI is, and an environment without the
// variables that would change what is measured (CI, colour, a CA bundle read at every start, the
// caller's fb3cx settings), with a config folder of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const bin = join(root, 'bin', 'fb3cx.js');

/** A scratch folder and the environment a benchmark runs fb3cx in. */
export function benchSetup(prefix) {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const baseEnv = { ...process.env, NO_COLOR: '1', FB3CX_CONFIG_DIR: scratch };
  delete baseEnv.CI;
  delete baseEnv.NODE_EXTRA_CA_CERTS;
  for (const key of Object.keys(baseEnv)) if (key.startsWith('FB3CX_') && key !== 'FB3CX_CONFIG_DIR') delete baseEnv[key];
  return { scratch, baseEnv };
}
