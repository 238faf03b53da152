// npm run bench: measures fb3cx side by side with its floors in one run and prints ratios.
// Every measure is taken in interleaved rounds (each round runs every command once), and each
// ratio is computed within its round, so drift of a loaded machine hits both sides alike. The
// median of the per-round ratios is the figure; the quartiles and the extremes show the spread.
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
for (const key of Object.keys(baseEnv)) if (key.startsWith('FB3CX_SANDBOX_')) delete baseEnv[key];
// NODE_EXTRA_CA_CERTS makes every node process read and parse a certificate bundle before it runs
// a line (on the sandbox machines: 220 kB, about 60 ms). That constant, the same for fb3cx and
// for the floors, would hide fb3cx's own start-up cost in the ratios, so the benchmarks run
// without it; the start-up ratios as this environment has them are printed beside.
const extraCaCerts = baseEnv.NODE_EXTRA_CA_CERTS;
delete baseEnv.NODE_EXTRA_CA_CERTS;

function timeOnce({ args, env = baseEnv }) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr}`);
  return ms;
}

/** Runs the commands interleaved, round after round; returns each command's times by round. */
function measure(commands, rounds) {
  for (const command of commands) timeOnce(command); // warm the file cache
  const samples = commands.map(() => []);
  for (let round = 0; round < rounds; round++) commands.forEach((command, index) => samples[index].push(timeOnce(command)));
  return samples;
}

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
}

/** Median, quartiles and extremes of a per-round series. */
function stats(values) {
  return { median: quantile(values, 0.5), q1: quantile(values, 0.25), q3: quantile(values, 0.75), min: Math.min(...values), max: Math.max(...values) };
}

const perRound = (a, b, combine) => a.map((value, round) => combine(value, b[round]));
const fmtMs = (values) => `${quantile(values, 0.5).toFixed(1).padStart(7)} ms`;
const fmtStats = (values, digits = 2) => {
  const s = stats(values);
  const f = (n) => n.toFixed(digits);
  return `${f(s.median)}  (IQR ${f(s.q1)}-${f(s.q3)}, min-max ${f(s.min)}-${f(s.max)})`;
};
const line = (text = '') => process.stdout.write(`${text}\n`);
const row = (label, times, ratios, target) => line(`  ${label.padEnd(34)}${fmtMs(times)}   ${fmtStats(ratios)}${target ? `   must be ${target}` : ''}`);

line(`fb3cx benchmarks (node ${process.version}, ${process.platform}/${process.arch}); ratios are medians of per-round ratios`);
line();

// 1. Start-up and local work, against the empty ES module (the floor for any ESM CLI)
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const sandboxAt = (graphMs, pbxMs = 0) => ({ ...baseEnv, FB3CX_SANDBOX_LATENCY_MS: String(graphMs), FB3CX_SANDBOX_PBX_LATENCY_MS: String(pbxMs) });
const startup = [
  { label: 'node empty.mjs', args: [emptyModule] },
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'fb3cx --help', args: [bin, '--help'], target: '<= 1.25' },
  { label: 'fb3cx --version', args: [bin, '--version'], target: '<= 1.25' },
  { label: 'fb3cx verify --help', args: [bin, 'verify', '--help'], target: '<= 1.25' },
  { label: 'fb3cx config list', args: [bin, 'config', 'list'], target: '<= 2.5' },
  { label: 'fb3cx verify --sandbox (0 ms)', args: [bin, 'verify', '--sandbox'], env: sandboxAt(0), target: '<= 4.0' },
];
const startupTimes = measure(startup, rounds);
const [emptyTimes] = startupTimes;
line(`start-up and local work, ${rounds} interleaved rounds: median wall, ratio to node empty.mjs`);
startup.forEach((command, index) => row(command.label, startupTimes[index], perRound(startupTimes[index], emptyTimes, (a, b) => a / b), command.target));
if (extraCaCerts) {
  const withCa = { ...baseEnv, NODE_EXTRA_CA_CERTS: extraCaCerts };
  const caCommands = startup.slice(0, 5).map((command) => ({ ...command, env: withCa }));
  const caTimes = measure(caCommands, Math.ceil(rounds / 2));
  line(`  with this environment's NODE_EXTRA_CA_CERTS (${extraCaCerts}), read by every node start:`);
  caCommands.forEach((command, index) => row(`  ${command.label}`, caTimes[index], perRound(caTimes[index], caTimes[0], (a, b) => a / b)));
}
line();

// 2. The language: the same commands in Chinese and in English, side by side in one run.
const languageRounds = Number(process.env.BENCH_LANG_ROUNDS ?? rounds);
const inLanguage = (language, env = baseEnv) => ({ ...env, FB3CX_LANG: language });
const languagePairs = [
  { label: 'fb3cx --help', args: [bin, '--help'] },
  { label: 'fb3cx verify --help', args: [bin, 'verify', '--help'] },
  { label: 'fb3cx verify --sandbox (0 ms)', args: [bin, 'verify', '--sandbox'], env: sandboxAt(0) },
];
const languageTimes = measure(
  languagePairs.flatMap((pair) => [
    { args: pair.args, env: inLanguage('en', pair.env) },
    { args: pair.args, env: inLanguage('zh-CN', pair.env) },
  ]),
  languageRounds,
);
line(`Chinese against English, ${languageRounds} interleaved rounds: median wall in zh-CN, ratio zh-CN / en`);
languagePairs.forEach((pair, index) => {
  const [english, chinese] = [languageTimes[2 * index], languageTimes[2 * index + 1]];
  row(pair.label, chinese, perRound(chinese, english, (a, b) => a / b), '<= 1.05');
});
line();

// 3. Round trips: verify --sandbox with latency on the Graph side, then on the 3CX host only.
// (wall with latency - wall without) / latency counts the round trips that wait one after another.
const graphLatency = 1000;
const pbxLatency = 500;
const verifyRounds = Number(process.env.BENCH_VERIFY_ROUNDS ?? 7);
const [fast, slowGraph, slowPbx] = measure(
  [
    { args: [bin, 'verify', '--sandbox'], env: sandboxAt(0) },
    { args: [bin, 'verify', '--sandbox'], env: sandboxAt(graphLatency) },
    { args: [bin, 'verify', '--sandbox'], env: sandboxAt(0, pbxLatency) },
  ],
  verifyRounds,
);
line(`verify --sandbox (21 checks: 8 Graph calls, the 3CX webhook probe, 3 calls to the 3CX API), ${verifyRounds} interleaved rounds`);
line(`  no latency                        ${fmtMs(fast)}`);
line(`  ${graphLatency} ms on every Graph answer     ${fmtMs(slowGraph)}   Graph round trips in a row: ${fmtStats(perRound(slowGraph, fast, (a, b) => (a - b) / graphLatency))}   must be <= 1.05`);
line(`  ${pbxLatency} ms per round trip to 3CX      ${fmtMs(slowPbx)}   3CX round trips: ${fmtStats(perRound(slowPbx, fast, (a, b) => (a - b) / pbxLatency))}   must be <= 2`);
line();

// 4. listen, when its benchmark is present
const listenBench = join(root, 'bench', 'listen.mjs');
if (existsSync(listenBench)) {
  const result = spawnSync(process.execPath, [listenBench], { stdio: 'inherit', env: baseEnv });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
}

// 5. trigger --replay: 10,000 saved events to a local endpoint, in order, none lost or twice.
spawnSync(process.execPath, [join(root, 'bench', 'replay.mjs')], { stdio: 'inherit', env: baseEnv }).status === 0 || (process.exitCode = 1);
// 6. the 3CX API checks' round trips
spawnSync(process.execPath, [join(root, 'bench', 'pbx.mjs')], { stdio: 'inherit', env: baseEnv });
// 7. A fleet of customers (issue 11's figures)
if (spawnSync(process.execPath, [join(root, 'bench', 'fleet.mjs')], { stdio: 'inherit', env: baseEnv }).status !== 0) process.exitCode = 1;
