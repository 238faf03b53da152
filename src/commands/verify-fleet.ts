/**
 * `fb3cx verify --inventory <file>` / `--all-profiles`: verify a fleet of customers in one run.
 * Everything that can stop the run (the inventory, the selection, the state file, the flags)
 * is checked before the first customer runs; after that, every customer ends as a result.
 */
import { readFile } from 'node:fs/promises';
import type { AppContext, GlobalOptions } from '../context.js';
import { UsageError, systemErrorCode } from '../errors.js';
import { runFinalReport } from '../core/verify/final-report.js';
import type { CheckDefinition, WebhookProber } from '../core/verify/types.js';
import { isRowProblem, parseInventory, profileRows, resolveRow, type InventoryRow, type ResolvedCustomer } from '../fleet/inventory.js';
import { buildFleetReport, fleetExitCode, runFleet, type FleetTask, type Progress } from '../fleet/run.js';
import { parseShard, selectCustomers, type Shard } from '../fleet/select.js';
import { computeChanges, hasNews, nextState, readState, writeState, type FleetState } from '../fleet/state.js';
import { buildNotice, sendNotice } from '../fleet/notify.js';
import { createGraphClient, createPbxSession, latencyFrom, sandboxValues, timeoutFromEnv } from '../session.js';
import { resolveSettings } from '../settings/resolve.js';
import { isHttpUrl } from '../settings/validate.js';
import { versionWarning } from '../graph/versions.js';
import { Agent } from '../graph/undici.js';
import { AppGates } from '../graph/app-gate.js';
import { createWebhookProber } from '../io/webhook-probe.js';
import { startSpinner } from '../io/spinner.js';
import { isScenarioName, unknownScenario, type ScenarioName } from '../sandbox/scenario-names.js';
import type { RunningSandbox } from '../sandbox/types.js';
import { currentLanguage, t } from '../i18n/index.js';
import { FLEET_WORDS, type FleetResult } from './present/fleet.js';
import type { Outcome } from './types.js';
import type { VerifyOptions } from './verify.js';
import type { FleetOptions } from './verify-fleet-flags.js';
import { checkReportTarget } from '../fleet/report-file.js';

/** One customer's time, Graph retries and the webhook probe included, beyond which it is cut off. */
const PROBE_ALLOWANCE_MS = 15_000;
export const DEFAULT_CONCURRENCY = 8;

export async function runFleetVerify(ctx: AppContext, options: VerifyOptions & FleetOptions & GlobalOptions, checks: CheckDefinition[]): Promise<Outcome<FleetResult>> {
  const startedAt = new Date(ctx.clock.now()).toISOString();
  const sandboxOption = options.sandbox !== undefined && options.sandbox !== false ? options.sandbox : undefined;
  const defaultScenario = sandboxOption === undefined ? undefined : sandboxOption === true ? 'healthy' : sandboxOption;
  if (defaultScenario !== undefined && !isScenarioName(defaultScenario)) throw unknownScenario(defaultScenario);
  const shard: Shard | undefined = options.shard === undefined ? undefined : parseShard(options.shard);
  if (options.notifyUrl !== undefined && options.state === undefined) throw new UsageError(t('fleet.command.notifyNeedsState'));
  if (options.notifyUrl !== undefined && !isHttpUrl(options.notifyUrl)) throw new UsageError(t('fleet.command.notifyUrlScheme'));
  // A chat webhook's URL is its secret: it is never printed.
  if (options.notifyUrl !== undefined) ctx.out.secrets.add(options.notifyUrl);
  // A report that cannot be written fails now, not after the whole fleet has run.
  if (options.junit !== undefined) await checkReportTarget(options.junit, '--junit');
  if (options.html !== undefined) await checkReportTarget(options.html, '--html');

  const rows = options.inventory !== undefined ? await readInventory(options.inventory, defaultScenario !== undefined) : profileRows((await ctx.configReader()).listProfiles());
  if (rows.length === 0) {
    throw new UsageError(options.inventory !== undefined ? t('fleet.command.inventoryEmpty', { file: options.inventory }) : t('fleet.command.noProfiles'), t('fleet.command.emptyHint'));
  }
  const selected = selectCustomers(rows, { customers: options.customers, shard });
  const previous: FleetState | undefined = options.state === undefined ? undefined : await readState(options.state);

  const graph = resolveSettings({ flag: options.graphVersion ? { graphVersion: options.graphVersion } : {}, env: ctx.env }, ['graphUrl', 'graphVersion']);
  if (graph.problems.length > 0) throw new UsageError(graph.problems.join('\n'));
  const { graphVersion } = graph.values;
  const warning = versionWarning(graphVersion, new Date(ctx.clock.now()));
  if (warning) ctx.out.warn(warning);
  const timeouts = timeoutFromEnv(ctx.env);
  const deadlineMs = (timeouts.deadlineMs ?? 30_000) + PROBE_ALLOWANCE_MS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;

  const sandboxes = new Map<ScenarioName, RunningSandbox>();
  // Many customers' calls at once, each customer's checks several at a time: one pool for all.
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, connections: Math.min(Math.max(concurrency * 8, 16), 512), connect: { timeout: timeouts.timeoutMs ?? 10_000 } });
  try {
    const profiles = defaultScenario === undefined ? (await ctx.configReader()).listProfiles() : {};
    const tasks: FleetTask[] = [];
    const plans = new Map<FleetTask, { graphUrl: string; prober: WebhookProber; pbx: ResolvedCustomer['pbx']; sandbox: RunningSandbox | undefined }>();
    const realProber = createWebhookProber({ now: () => ctx.clock.now(), randomBytes: (size) => ctx.randomBytes(size) });
    const probers = new Map<ScenarioName, WebhookProber>();
    for (const row of selected) {
      const scenario = defaultScenario === undefined ? undefined : scenarioOf(row, defaultScenario);
      const sandbox = row.problem || scenario === undefined ? undefined : await sandboxFor(ctx, sandboxes, scenario);
      const resolved = row.problem ?? resolveRow(row, { profiles, env: ctx.env, sandbox: sandbox ? sandboxValues(sandbox) : undefined });
      const base = { name: row.name, line: row.line, scenario, pageId: row.values.pageId, appId: row.values.appId };
      if (isRowProblem(resolved)) {
        tasks.push({ ...base, problem: resolved });
        continue;
      }
      for (const secret of resolved.secrets) ctx.out.secrets.add(secret);
      const inputs = { ...resolved.inputs, ...(options.expiryWarnDays !== undefined ? { expiryWarnDays: options.expiryWarnDays } : {}) };
      const task: FleetTask = { ...base, pageId: inputs.pageId, appId: inputs.appId, inputs };
      tasks.push(task);
      let prober = realProber;
      if (sandbox && scenario) {
        const trust = sandbox.webhookTrust;
        prober = probers.get(scenario) ?? createWebhookProber({ now: () => ctx.clock.now(), randomBytes: (size) => ctx.randomBytes(size) }, { trust });
        probers.set(scenario, prober);
      }
      plans.set(task, { graphUrl: sandbox?.graphUrl ?? graph.values.graphUrl, prober, pbx: resolved.pbx, sandbox });
    }
    if (sandboxes.size > 0) ctx.out.info(ctx.out.errStyle.cyan(t('fleet.command.sandbox', { scenarios: [...sandboxes.keys()].join(t('fleet.nameSeparator')) })));

    const gates = new AppGates(ctx.clock, deadlineMs);
    const warn = (text: string) => ctx.out.warn(text);
    const progress = await progressReporter(ctx, tasks.length);
    let run;
    try {
      run = await runFleet({
        tasks,
        concurrency,
        deadlineMs,
        now: () => ctx.clock.now(),
        onProgress: progress.update,
        verify: async (task, inputs) => {
          const plan = plans.get(task);
          if (!plan) throw new Error(`no plan for ${task.name}`);
          const gate = gates.for(plan.graphUrl, inputs.appId);
          const client = await createGraphClient(ctx, {
            baseUrl: plan.graphUrl,
            version: graphVersion,
            appSecret: inputs.appSecret,
            sandbox: defaultScenario !== undefined,
            dispatcher,
            onEvent: (event) => gate.observe(event, warn),
          });
          // The customer's own 3CX API client, when it has 3CX API access: closed when its checks are done.
          const pbx = plan.pbx ? await createPbxSession(ctx, plan.pbx, plan.sandbox) : undefined;
          try {
            const withPbx = { ...inputs, pbxAddress: pbx?.address, gapMinutes: options.gapMinutes };
            return await runFinalReport({ graph: gate.wrap(client), inputs: withPbx, pbx: pbx?.api, prober: plan.prober, now: () => ctx.clock.now(), checks, strict: options.strict ?? false });
          } finally {
            await pbx?.api.close();
          }
        },
      });
    } finally {
      progress.stop();
    }

    const fleet = buildFleetReport(run, startedAt, shard);
    if (options.state !== undefined) {
      const known = rows.map((row) => row.name);
      fleet.changes = computeChanges(previous, known, fleet.customers);
      await writeState(options.state, nextState(previous, known, fleet.customers, startedAt));
      if (options.notifyUrl !== undefined && hasNews(fleet.changes)) {
        const sent = await sendNotice(options.notifyUrl, buildNotice(fleet.changes, fleet.summary), { signal: ctx.signal });
        if (sent.ok) ctx.out.info(FLEET_WORDS.notified());
        else ctx.out.warn(FLEET_WORDS.notifyFailed(sent.error));
      }
    }
    if (options.junit !== undefined) {
      const { writeJunit } = await import('../fleet/junit.js');
      await writeJunit(fleet, options.junit);
      ctx.out.info(FLEET_WORDS.writtenJunit(options.junit));
    }
    if (options.html !== undefined) {
      const { writeHtml } = await import('../fleet/html.js');
      await writeHtml(fleet, options.html, { lang: currentLanguage() });
      ctx.out.info(FLEET_WORDS.writtenHtml(options.html));
    }
    const result: FleetResult = { fleet, graphVersion, verbose: options.verbose ?? false, strict: options.strict ?? false };
    return { result, exitCode: fleetExitCode(fleet.customers) };
  } finally {
    await dispatcher.close().catch(() => {});
    await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.close()));
  }
}

function scenarioOf(row: InventoryRow, fallback: ScenarioName): ScenarioName {
  const scenario = row.values.scenario;
  return scenario !== undefined && isScenarioName(scenario) ? scenario : fallback;
}

/** One sandbox per scenario, shared by every row of that scenario. */
async function sandboxFor(ctx: AppContext, sandboxes: Map<ScenarioName, RunningSandbox>, scenario: ScenarioName): Promise<RunningSandbox> {
  const running = sandboxes.get(scenario);
  if (running) return running;
  const { startSandbox } = await import('../sandbox/server.js');
  const sandbox = await startSandbox({ scenario, latencyMs: latencyFrom(ctx.env.FB3CX_SANDBOX_LATENCY_MS), pbxLatencyMs: latencyFrom(ctx.env.FB3CX_SANDBOX_PBX_LATENCY_MS) });
  sandboxes.set(scenario, sandbox);
  return sandbox;
}

async function readInventory(file: string, sandbox: boolean): Promise<InventoryRow[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = systemErrorCode(error);
    const message = code === 'ENOENT' ? t('fleet.command.inventoryMissing', { file }) : t('fleet.command.inventoryUnreadable', { file, reason: code ?? t('fleet.command.unknownError') });
    throw new UsageError(message, t('fleet.command.inventoryHint'));
  }
  return parseInventory(text, { sandbox, file });
}

/**
 * Progress on stderr: a spinner at a terminal; in a log (CI), a line at every tenth of the way,
 * so a nightly job shows it is alive without a line per customer.
 */
async function progressReporter(ctx: AppContext, total: number): Promise<{ update: (progress: Progress) => void; stop: () => void }> {
  const spinner = await startSpinner(ctx.out, ctx.env, FLEET_WORDS.progress(0, total, 0), ctx.signal);
  const interactive = ctx.out.stderrIsTTY && !ctx.env.CI && !ctx.out.json;
  let lastTenth = 0;
  return {
    update: ({ done, failing }) => {
      if (interactive) {
        spinner.update(FLEET_WORDS.progress(done, total, failing));
        return;
      }
      const tenth = Math.floor((done * 10) / total);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        ctx.out.info(FLEET_WORDS.progress(done, total, failing));
      }
    },
    stop: () => spinner.stop(),
  };
}
