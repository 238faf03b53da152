// The fleet figures of issue 11, side by side in one run: a fleet of sandbox customers at 200 ms
// per Graph answer (wall time in Graph round trips), its peak RSS against a single verify, and
// 1,000 customers at 0 ms (completes; peak RSS against 200 customers, which flat memory keeps near 1).
// Peak RSS is the child's own maxRSS, read by a wrapper as it exits.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchSetup, bin } from './setup.mjs';

const { scratch, baseEnv } = benchSetup('fb3cx-bench-fleet-');

const wrapper = join(scratch, 'rss.mjs');
writeFileSync(
  wrapper,
  `import { writeFileSync } from 'node:fs';
const [rssFile, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...args];
process.on('exit', () => writeFileSync(rssFile, String(process.resourceUsage().maxRSS)));
await import(${JSON.stringify(pathToFileURL(bin).href)});
`,
);

function inventory(count) {
  const file = join(scratch, `fleet-${count}.csv`);
  const rows = Array.from({ length: count }, (_, index) => `customer-${String(index).padStart(4, '0')},healthy`);
  writeFileSync(file, `name,scenario\n${rows.join('\n')}\n`);
  return file;
}

/** Wall ms and peak RSS (kB) of one run; a non-zero exit is an error of the benchmark. */
function runOnce(args, latencyMs) {
  const rssFile = join(scratch, 'rss.txt');
  const env = { ...baseEnv, FB3CX_SANDBOX_LATENCY_MS: String(latencyMs) };
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [wrapper, rssFile, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`fb3cx ${args.join(' ')} exited with ${result.status ?? result.signal}: ${String(result.stderr).slice(-2000)}`);
  return { ms, rssKb: Number(readFileSync(rssFile, 'utf8')) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
};
const line = (text = '') => process.stdout.write(`${text}\n`);
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;

const latency = 200;
const size = Number(process.env.BENCH_FLEET_CUSTOMERS ?? 200);
const rounds = Number(process.env.BENCH_FLEET_ROUNDS ?? 3);
const fleetArgs = ['verify', '--sandbox', '--inventory', inventory(size), '--concurrency', '32', '--json'];
const singleArgs = ['verify', '--sandbox', '--json'];

const samples = { fleetSlow: [], fleetFast: [], single: [], singleSlow: [], singleFast: [] };
for (let round = 0; round < rounds; round++) {
  samples.fleetFast.push(runOnce(fleetArgs, 0));
  samples.fleetSlow.push(runOnce(fleetArgs, latency));
  samples.singleFast.push(runOnce(singleArgs, 0));
  samples.singleSlow.push(runOnce(singleArgs, latency));
}
const trips = (slow, fast) => median(slow.map((s, index) => (s.ms - fast[index].ms) / latency));
line(`fleet verify --sandbox, ${size} customers, --concurrency 32, ${rounds} interleaved rounds`);
line(`  single verify: Graph round trips at ${latency} ms          ${trips(samples.singleSlow, samples.singleFast).toFixed(2)}`);
line(`  fleet of ${size}: Graph round trips at ${latency} ms        ${trips(samples.fleetSlow, samples.fleetFast).toFixed(2)}   must be <= 16`);
const rssRatio = median(samples.fleetSlow.map((s, index) => s.rssKb / samples.singleSlow[index].rssKb));
line(`  peak RSS: fleet ${mb(median(samples.fleetSlow.map((s) => s.rssKb)))}, single ${mb(median(samples.singleSlow.map((s) => s.rssKb)))}, ratio ${rssRatio.toFixed(2)}   must be <= 2.0`);

const large = Number(process.env.BENCH_FLEET_LARGE ?? 1000);
const big = runOnce(['verify', '--sandbox', '--inventory', inventory(large), '--concurrency', '32', '--json'], 0);
const small = samples.fleetFast[samples.fleetFast.length - 1];
line(`  ${large} customers at 0 ms: completed in ${(big.ms / 1000).toFixed(1)} s, peak RSS ${mb(big.rssKb)}; against ${size} customers ${(big.rssKb / small.rssKb).toFixed(2)} (flat memory keeps it near 1)`);
