// The 3CX checks' cost in round trips: verify --sandbox pbx-healthy (with the 3CX API checks)
// against verify --sandbox with the same checks skipped for want of 3CX credentials, both with
// 200 ms on every Graph answer and on every round trip to the 3CX host. Wall minus the same run
// without latency, divided by 200 ms, counts the round trips that wait one after another.
import { spawnSync } from 'node:child_process';
import { benchSetup, bin } from './setup.mjs';

const { baseEnv } = benchSetup('fb3cx-bench-pbx-');

const latency = 200;
const rounds = Number(process.env.BENCH_PBX_ROUNDS ?? 5);
const at = (ms) => ({ ...baseEnv, FB3CX_SANDBOX_LATENCY_MS: String(ms), FB3CX_SANDBOX_PBX_LATENCY_MS: String(ms) });
// Without 3CX: the same scenario with the three 3CX checks left out.
const withPbx = ['verify', '--sandbox', 'pbx-healthy'];
const withoutPbx = ['verify', '--sandbox', 'pbx-healthy', '--skip', 'pbx,delivery'];

function timeOnce(args, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`fb3cx ${args.join(' ')} exited with ${result.status ?? result.signal}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const commands = [
  { label: 'with the 3CX checks', args: withPbx },
  { label: 'without them (--skip pbx,delivery)', args: withoutPbx },
];
for (const command of commands) timeOnce(command.args, at(0));
const trips = commands.map(() => []);
for (let round = 0; round < rounds; round++) {
  commands.forEach((command, index) => {
    const fast = timeOnce(command.args, at(0));
    const slow = timeOnce(command.args, at(latency));
    trips[index].push((slow - fast) / latency);
  });
}
process.stdout.write(`verify --sandbox pbx-healthy, ${latency} ms on every Graph answer and 3CX round trip, ${rounds} interleaved rounds\n`);
commands.forEach((command, index) => {
  process.stdout.write(`  ${command.label.padEnd(36)}round trips in a row: ${median(trips[index]).toFixed(2)}  (min-max ${Math.min(...trips[index]).toFixed(2)}-${Math.max(...trips[index]).toFixed(2)})${index === 0 ? '   must be <= 2.0' : ''}\n`);
});
process.stdout.write(`  the 3CX checks add ${(median(trips[0]) - median(trips[1])).toFixed(2)} round trips (median of each)\n`);
