/**
 * `--state <file>`: each customer's last result, so the next run says what changed. Read before
 * anything runs (a file that cannot be read stops the run; it is never overwritten blindly) and
 * written atomically (a temporary file beside it, then a rename), so a killed run leaves the old
 * state or the new one, never half of one.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigError, systemErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
import type { CustomerStatus, FleetChanges, FleetCustomer } from './types.js';

export interface CustomerState {
  status: CustomerStatus;
  ok: boolean;
  /** When this result was found, ISO 8601. */
  at: string;
}

export interface FleetState {
  schemaVersion: 1;
  kind: 'fleet-state';
  customers: Record<string, CustomerState>;
}

const STATUSES: readonly string[] = ['pass', 'warn', 'fail', 'invalid', 'unreachable'] satisfies CustomerStatus[];

function isStatus(value: unknown): value is CustomerStatus {
  return typeof value === 'string' && STATUSES.includes(value);
}

/** The state in a file; undefined when there is no file yet (the first run). */
export async function readState(file: string): Promise<FleetState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return undefined;
    throw new ConfigError(t('fleet.state.unreadable', { file, reason: systemErrorCode(error) ?? t('fleet.command.unknownError') }), t('fleet.state.unreadableHint'), error);
  }
  const state = parseState(text);
  if (!state) {
    throw new ConfigError(t('fleet.state.foreign', { file }), t('fleet.state.foreignHint'));
  }
  return state;
}

export function parseState(text: string): FleetState | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.kind !== 'fleet-state' || data.schemaVersion !== 1 || !isRecord(data.customers)) return undefined;
  const customers: Record<string, CustomerState> = {};
  for (const [name, entry] of Object.entries(data.customers)) {
    if (!isRecord(entry) || !isStatus(entry.status) || typeof entry.ok !== 'boolean') return undefined;
    customers[name] = { status: entry.status, ok: entry.ok, at: typeof entry.at === 'string' ? entry.at : '' };
  }
  return { schemaVersion: 1, kind: 'fleet-state', customers };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What changed since the state: `known` is every customer of the inventory (run or not, under
 * --customers or --shard), `ran` those this run verified. A customer of the state that is no
 * longer in the inventory is removed; one this run did not take keeps its old result.
 */
export function computeChanges(previous: FleetState | undefined, known: readonly string[], ran: readonly FleetCustomer[]): FleetChanges {
  const before = previous?.customers ?? {};
  const changes: FleetChanges = { newlyFailing: [], recovered: [], stillFailing: [], added: [], removed: [] };
  for (const customer of ran) {
    const old = before[customer.name];
    if (!old) changes.added.push(customer.name);
    else if (old.ok && !customer.ok) changes.newlyFailing.push(customer.name);
    else if (!old.ok && customer.ok) changes.recovered.push(customer.name);
    else if (!old.ok && !customer.ok) changes.stillFailing.push(customer.name);
  }
  const inventory = new Set(known);
  changes.removed = Object.keys(before).filter((name) => !inventory.has(name));
  return changes;
}

/** Whether anything is news: still failing alone is not. */
export function hasNews(changes: FleetChanges): boolean {
  return changes.newlyFailing.length + changes.recovered.length + changes.added.length + changes.removed.length > 0;
}

/** The state after this run: this run's results, the old ones of customers it did not take, without removed ones. */
export function nextState(previous: FleetState | undefined, known: readonly string[], ran: readonly FleetCustomer[], at: string): FleetState {
  const inventory = new Set(known);
  const customers: Record<string, CustomerState> = {};
  for (const [name, entry] of Object.entries(previous?.customers ?? {})) if (inventory.has(name)) customers[name] = entry;
  for (const customer of ran) customers[customer.name] = { status: customer.status, ok: customer.ok, at };
  return { schemaVersion: 1, kind: 'fleet-state', customers };
}

export async function writeState(file: string, state: FleetState): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new ConfigError(t('fleet.state.unwritable', { file, reason: systemErrorCode(error) ?? t('fleet.command.unknownError') }), t('fleet.state.unwritableHint'), error);
  }
}
