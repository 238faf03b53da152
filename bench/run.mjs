// npm run bench: measures fb3cx side by side with its floors in one run and prints ratios.
// Start-up is compared with an empty ES module (the floor for any ESM CLI) and with `node -e 0`;
// verify is run against the sandbox with injected latency to show that Graph calls overlap.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'fb3cx.js');
const scratch = mkdtempSync(join(tmpdir(), 'fb3cx-bench-'));
const emptyModule = join(scratch, 'empty.mjs');
writeFileSync(emptyModule, '');
const baseEnv = { ...process.env, NO_COLOR: '1', FB3CX_CONFIG_DIR: scratch };
delete baseEnv.CI;
// NODE_EXTRA_CA_CERTS makes every node process read and parse a certificate bundle before it runs
// a line (on the sandbox machines: 220 kB, about 60 ms). That constant, the same for fb3cx and
// for the floors, would hide fb3cx's own start-up cost in the ratios, so the benchmarks run
// without it; the start-up ratios as this environment has them are printed beside.
const extraCaCerts = baseEnv.NODE_EXTRA_CA_CERTS;
delete baseEnv.NODE_EXTRA_CA_CERTS;

function timeOnce(args, env = baseEnv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status === null) throw new Error(`${args.join(' ')} was killed`);
  return ms;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs the commands interleaved, round after round, so drift affects all of them alike. */
function measure(commands, rounds) {
  const samples = commands.map(() => []);
  for (const command of commands) timeOnce(command.args, command.env); // warm the file cache
  for (let round = 0; round < rounds; round++) {
    commands.forEach((command, index) => samples[index].push(timeOnce(command.args, command.env)));
  }
  return samples.map(median);
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const line = (text) => process.stdout.write(`${text}\n`);

line(`fb3cx benchmarks (node ${process.version}, ${process.platform}/${process.arch})`);
line('');

// 1. Start-up
const rounds = Number(process.env.BENCH_ROUNDS ?? 25);
/** node -e 0, the empty ES module, fb3cx --version and fb3cx --help, in one environment. */
const startupCommands = (env) => [['-e', '0'], [emptyModule], [bin, '--version'], [bin, '--help']].map((args) => ({ args, env }));
const [nodeE0, emptyEsm, version, help] = measure(startupCommands(baseEnv), rounds);
line(`start-up, median of ${rounds} interleaved runs`);
line(`  node -e 0            ${fmt(nodeE0)}`);
line(`  node empty.mjs       ${fmt(emptyEsm)}   (ESM floor, ${(emptyEsm / nodeE0).toFixed(2)}x node -e 0)`);
line(`  fb3cx --version      ${fmt(version)}   ratio ${(version / emptyEsm).toFixed(2)} vs empty.mjs (target <= 1.30), ${(version / nodeE0).toFixed(2)} vs node -e 0`);
line(`  fb3cx --help         ${fmt(help)}   ratio ${(help / emptyEsm).toFixed(2)} vs empty.mjs (target <= 1.30), ${(help / nodeE0).toFixed(2)} vs node -e 0`);
if (extraCaCerts) {
  const [caNodeE0, caEmpty, caVersion, caHelp] = measure(startupCommands({ ...baseEnv, NODE_EXTRA_CA_CERTS: extraCaCerts }), rounds);
  line(`  with this environment's NODE_EXTRA_CA_CERTS (${extraCaCerts}), read by every node start:`);
  line(`    node -e 0 ${fmt(caNodeE0)} (+${fmt(caNodeE0 - nodeE0)}), empty.mjs ${fmt(caEmpty)}; fb3cx --version ${(caVersion / caEmpty).toFixed(2)}, fb3cx --help ${(caHelp / caEmpty).toFixed(2)} vs empty.mjs`);
}
line('');

// 2. verify against the sandbox with 200 ms on every Graph answer
const latency = 200;
const verifyRounds = Number(process.env.BENCH_VERIFY_ROUNDS ?? 7);
const [startOnly, verifyFast, verifySlow] = measure(
  [
    { args: [bin, '--version'] },
    { args: [bin, 'verify', '--sandbox'], env: { ...baseEnv, FB3CX_SANDBOX_LATENCY_MS: '0' } },
    { args: [bin, 'verify', '--sandbox'], env: { ...baseEnv, FB3CX_SANDBOX_LATENCY_MS: String(latency) } },
  ],
  verifyRounds,
);
const work = verifySlow - startOnly;
line(`verify --sandbox with every input (18 checks, 7 Graph calls), median of ${verifyRounds}`);
line(`  process start (fb3cx --version)      ${fmt(startOnly)}`);
line(`  verify, no latency                   ${fmt(verifyFast)}`);
line(`  verify, ${latency} ms per Graph answer     ${fmt(verifySlow)}`);
line(`  wall time minus process start        ${fmt(work)} = ${(work / latency).toFixed(2)} x ${latency} ms (target <= 2.50; one after another would be >= 7)`);
line(`  latency added by the 200 ms answers  ${fmt(verifySlow - verifyFast)} = ${((verifySlow - verifyFast) / latency).toFixed(2)} x ${latency} ms`);
line('');

// 3. listen, when its benchmark is present
const listenBench = join(root, 'bench', 'listen.mjs');
if (existsSync(listenBench)) {
  const result = spawnSync(process.execPath, [listenBench], { stdio: 'inherit', env: baseEnv });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
}
