/**
 * The customers of a fleet run, from an inventory file (CSV or a JSON array of objects) or from
 * the saved profiles. Pure: the file's text comes in, rows come out; reading the file and the
 * environment is the command's job. A bad row becomes an invalid customer with its line; an
 * inventory that cannot be used at all (no header, no name column, a secret anywhere) is a
 * usage error before anything runs.
 */
import { parse } from 'csv-parse/sync';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { closestMatch } from '../core/did-you-mean.js';
import { looksLikeSecret, quoted } from '../core/text.js';
import { validateProfileName, type Profile } from '../core/profile.js';
import { secretNamedBy } from '../commands/definitions/options.js';
import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from '../sandbox/scenario-names.js';
import { valueProblem } from '../settings/schema.js';
import type { SettingValues } from '../settings/resolve.js';
import type { VerifyInputs } from '../core/verify/types.js';
import { appToken } from '../graph/messenger.js';

/** The columns an inventory may have; the header names them (any order, any case). */
export const INVENTORY_COLUMNS = ['name', 'pageId', 'appId', 'webhookUrl', 'webClientUrl', 'pbxUrl', 'pbxClientId', 'profile', 'pageTokenEnv', 'appSecretEnv', 'pbxSecretEnv', 'scenario'] as const;
export type InventoryColumn = (typeof INVENTORY_COLUMNS)[number];

/** The setting each plain column gives, validated with the settings table's rule. */
const SETTING_COLUMNS = ['pageId', 'appId', 'webhookUrl', 'webClientUrl', 'pbxUrl', 'pbxClientId'] as const;
const ENV_COLUMNS = ['pageTokenEnv', 'appSecretEnv', 'pbxSecretEnv'] as const;

export interface RowProblem {
  /** Stable machine code: missing-name, duplicate-name, bad-value, unknown-column, unknown-profile, missing-setting, unset-env. */
  code: string;
  message: string;
  column?: string | undefined;
}

/** One customer of the inventory, before its settings are resolved. */
export interface InventoryRow {
  name: string;
  /** The row's line in a CSV file, or its position (from 1) in a JSON array. */
  line: number;
  values: Partial<Record<InventoryColumn, string>>;
  /** Set for a row that cannot run; the other rows still do. */
  problem?: RowProblem | undefined;
}

export interface InventoryOptions {
  /** Under --sandbox a `scenario` column picks each row's scenario; otherwise it is refused. */
  sandbox: boolean;
  /** Where the text came from, for messages. */
  file: string;
}

/** The inventory's format: a JSON array when the file says so, CSV otherwise. */
export function inventoryFormat(file: string, text: string): 'json' | 'csv' {
  return /\.json$/i.test(file) || text.trimStart().startsWith('[') ? 'json' : 'csv';
}

export function parseInventory(text: string, options: InventoryOptions): InventoryRow[] {
  const records = inventoryFormat(options.file, text) === 'json' ? jsonRecords(text, options.file) : csvRecords(text, options.file);
  return checkRows(records, options);
}

/** A record of the file: its cells by column as written in the file, and where it is. */
interface RawRecord {
  line: number;
  cells: Array<[string, string]>;
  /** Cells beyond the header's columns (CSV only). */
  extra: number;
}

function csvRecords(text: string, file: string): RawRecord[] {
  let parsed: string[][];
  const lines: number[] = [];
  try {
    parsed = parse(text, {
      bom: true,
      // Spreadsheets export with commas, semicolons (where the comma is the decimal mark) or tabs.
      delimiter: [',', ';', '\t'],
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      trim: true,
      on_record: (record: string[], context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    throw new UsageError(t('fleet.inventory.notCsv', { file, error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) }), inventoryHint());
  }
  const [columns, ...rows] = parsed;
  if (!columns || columns.every((cell) => cell === '')) throw new UsageError(t('fleet.inventory.emptyFile', { file }), inventoryHint());
  return rows.map((record, index) => ({
    line: lines[index + 1] ?? index + 2,
    cells: columns.map((column, at): [string, string] => [column, record[at] ?? '']),
    extra: record.slice(columns.length).filter((cell) => cell !== '').length,
  }));
}

function jsonRecords(text: string, file: string): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(t('fleet.inventory.notJson', { file, error: error instanceof Error ? error.message : String(error) }), inventoryHint());
  }
  if (!Array.isArray(data)) throw new UsageError(t('fleet.inventory.notArray', { file }), inventoryHint());
  return data.map((item: unknown, index) => {
    const cells: Array<[string, string]> = [];
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      for (const [key, value] of Object.entries(item)) {
        // Numbers are how a spreadsheet-to-JSON export writes IDs; anything else is not a cell.
        cells.push([key, typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : value === null || value === undefined ? '' : JSON.stringify(value)]);
      }
    }
    return { line: index + 1, cells, extra: typeof item === 'object' && item !== null && !Array.isArray(item) ? 0 : 1 };
  });
}

const inventoryHint = () => t('fleet.inventory.hint', { columns: INVENTORY_COLUMNS.join(', ') });

/** The known column a header cell names, whatever its case, spaces or underscores. */
function knownColumn(header: string): InventoryColumn | undefined {
  const folded = header.replace(/[\s_-]/g, '').toLowerCase();
  return INVENTORY_COLUMNS.find((column) => column.toLowerCase() === folded);
}

function checkRows(records: RawRecord[], options: InventoryOptions): InventoryRow[] {
  const headers = new Set(records.flatMap((record) => record.cells.map(([column]) => column)));
  if (![...headers].some((column) => knownColumn(column) === 'name') && records.length > 0) {
    throw new UsageError(t('fleet.inventory.noNameColumn', { file: options.file }), inventoryHint());
  }
  // A secret anywhere stops the run, before any row is used: the file itself must be fixed.
  for (const record of records) {
    for (const [column, value] of record.cells) {
      if (value === '') continue;
      const known = knownColumn(column);
      const secretColumn = known === undefined && secretNamedBy(column) !== undefined;
      const envColumn = known === 'pageTokenEnv' || known === 'appSecretEnv' || known === 'pbxSecretEnv';
      if (secretColumn || looksLikeMetaSecret(value) || (envColumn && looksLikeSecret(value))) {
        throw new UsageError(t('fleet.inventory.secret', { file: options.file, where: where(record.line, options.file), column }), t('fleet.inventory.secretHint'));
      }
    }
  }
  if (!options.sandbox && records.some((record) => record.cells.some(([column, value]) => knownColumn(column) === 'scenario' && value !== ''))) {
    throw new UsageError(t('fleet.inventory.scenarioColumn', { file: options.file }), t('fleet.inventory.scenarioColumnHint'));
  }

  const seen = new Map<string, number>();
  return records.map((record) => {
    const values: Partial<Record<InventoryColumn, string>> = {};
    let problem: RowProblem | undefined;
    const fail = (next: RowProblem) => {
      problem ??= next;
    };
    for (const [column, value] of record.cells) {
      const known = knownColumn(column);
      if (known) {
        if (value !== '') values[known] = value;
      } else if (value !== '') {
        const suggestion = closestMatch(column, INVENTORY_COLUMNS);
        const message = suggestion ? t('fleet.inventory.unknownColumnSuggest', { column: quoted(column), suggestion }) : t('fleet.inventory.unknownColumn', { column: quoted(column) });
        fail({ code: 'unknown-column', column, message });
      }
    }
    if (record.extra > 0) fail({ code: 'unknown-column', message: t('fleet.inventory.extraCells') });
    const name = values.name;
    const line = record.line;
    if (name === undefined) {
      return { name: t('fleet.inventory.unnamedRow', { where: where(line, options.file) }), line, values, problem: { code: 'missing-name', column: 'name', message: t('fleet.inventory.noName') } };
    }
    if (/[\r\n]/.test(name) || name.length > 100) fail({ code: 'bad-value', column: 'name', message: t('fleet.inventory.badName') });
    const first = seen.get(name);
    if (first !== undefined) fail({ code: 'duplicate-name', column: 'name', message: t('fleet.inventory.duplicateName', { name: quoted(name), where: where(first, options.file) }) });
    else seen.set(name, line);
    for (const column of SETTING_COLUMNS) {
      const value = values[column];
      const problem = value === undefined ? undefined : valueProblem(column, value, column);
      if (problem) fail({ code: 'bad-value', column, message: problem });
    }
    for (const column of ENV_COLUMNS) {
      const value = values[column];
      if (value !== undefined && !ENV_NAME.test(value)) fail({ code: 'bad-value', column, message: t('fleet.inventory.badEnvName', { column, value: quoted(value) }) });
    }
    if (values.profile !== undefined) {
      const reason = validateProfileName(values.profile);
      if (reason) fail({ code: 'bad-value', column: 'profile', message: reason });
    }
    if (values.scenario !== undefined && !isScenarioName(values.scenario)) {
      const suggestion = closestMatch(values.scenario, SCENARIO_NAMES);
      const value = quoted(values.scenario);
      fail({ code: 'bad-value', column: 'scenario', message: suggestion ? t('fleet.inventory.badScenarioSuggest', { value, suggestion }) : t('fleet.inventory.badScenario', { value }) });
    }
    return { name, line, values, problem };
  });
}

/**
 * A page or user token (EAA...), an app secret (32 hex digits) or an app token (ID|secret). Names
 * and URLs may be long runs of letters too, so only these shapes count in any column.
 */
function looksLikeMetaSecret(value: string): boolean {
  return /^EAA[A-Za-z0-9]{20,}$/.test(value) || /^[0-9a-f]{32}$/i.test(value) || /^\d{5,25}\|[A-Za-z0-9_-]{16,}$/.test(value);
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

function where(line: number, file: string): string {
  return /\.json$/i.test(file) ? t('fleet.inventory.whereItem', { line }) : t('fleet.inventory.whereLine', { line });
}

/** Every saved profile as a customer named after it. */
export function profileRows(profiles: Record<string, Profile>): InventoryRow[] {
  return Object.keys(profiles)
    .sort()
    .map((name, index) => ({ name, line: index + 1, values: { name, profile: name } }));
}

/** What a customer runs with, once its profile, environment variables or sandbox filled it in. */
export interface ResolvedCustomer {
  inputs: VerifyInputs;
  /** The 3CX API settings, when the row, its profile or the sandbox gives a client ID and key. */
  pbx?: Pick<SettingValues, 'pbxUrl' | 'pbxClientId' | 'pbxClientSecret' | 'pbxHost' | 'webClientUrl' | 'webhookUrl'> | undefined;
  scenario: ScenarioName | undefined;
  /** The secret values this customer uses, to be scrubbed from every output. */
  secrets: string[];
}

export interface ResolveSources {
  profiles: Record<string, Profile>;
  env: NodeJS.ProcessEnv;
  /** The sandbox's fictional customer for this row's scenario, under --sandbox. */
  sandbox?: SettingValues | undefined;
}

/**
 * A row's settings: its own columns first, then the secrets from the environment variables it
 * names, then its profile, then (under --sandbox) the emulator's fictional customer. Never the
 * FB3CX_* environment: those name one customer, not a fleet.
 */
export function resolveRow(row: InventoryRow, sources: ResolveSources): ResolvedCustomer | RowProblem {
  const { values } = row;
  const profile = values.profile === undefined ? undefined : sources.profiles[values.profile];
  if (values.profile !== undefined && profile === undefined && sources.sandbox === undefined) {
    return { code: 'unknown-profile', column: 'profile', message: t('fleet.inventory.unknownProfile', { name: quoted(values.profile) }) };
  }
  const fromEnv = (column: 'pageTokenEnv' | 'appSecretEnv' | 'pbxSecretEnv'): string | undefined | RowProblem => {
    const name = values[column];
    if (name === undefined) return undefined;
    const value = sources.env[name]?.trim();
    if (value === undefined || value === '') return { code: 'unset-env', column, message: t('fleet.inventory.unsetEnv', { name, column }) };
    return value;
  };
  const pageTokenEnv = fromEnv('pageTokenEnv');
  if (typeof pageTokenEnv === 'object') return pageTokenEnv;
  const appSecretEnv = fromEnv('appSecretEnv');
  if (typeof appSecretEnv === 'object') return appSecretEnv;
  const pbxSecretEnv = fromEnv('pbxSecretEnv');
  if (typeof pbxSecretEnv === 'object') return pbxSecretEnv;
  const sandbox = sources.sandbox ?? {};
  const pageId = values.pageId ?? profile?.pageId ?? sandbox.pageId;
  const pageToken = pageTokenEnv ?? profile?.pageToken ?? sandbox.pageToken;
  const appId = values.appId ?? profile?.appId ?? sandbox.appId;
  const appSecret = appSecretEnv ?? profile?.appSecret ?? sandbox.appSecret;
  if (pageId === undefined) return { code: 'missing-setting', column: 'pageId', message: t('fleet.inventory.noPageId') };
  if (pageToken === undefined) return { code: 'missing-setting', column: 'pageTokenEnv', message: t('fleet.inventory.noPageToken') };
  const scenario = values.scenario !== undefined && isScenarioName(values.scenario) ? values.scenario : undefined;
  const webhookUrl = values.webhookUrl ?? profile?.webhookUrl ?? sandbox.webhookUrl;
  const webClientUrl = values.webClientUrl ?? profile?.webClientUrl ?? sandbox.webClientUrl;
  // 3CX API access is optional: without a client ID and key the 3CX API checks skip, as in a single verify.
  const pbxClientId = values.pbxClientId ?? profile?.pbxClientId ?? sandbox.pbxClientId;
  const pbxClientSecret = pbxSecretEnv ?? profile?.pbxClientSecret ?? sandbox.pbxClientSecret;
  const pbx =
    pbxClientId !== undefined && pbxClientSecret !== undefined
      ? { pbxUrl: values.pbxUrl ?? profile?.pbxUrl ?? sandbox.pbxUrl, pbxClientId, pbxClientSecret, pbxHost: profile?.pbxHost, webClientUrl, webhookUrl }
      : undefined;
  return {
    inputs: { pageId, pageToken, appId, appSecret: appId ? appSecret : undefined, webhookUrl, webClientUrl },
    pbx,
    scenario,
    secrets: [pageToken, ...(appSecret ? [appSecret] : []), ...(appId && appSecret ? [appToken({ appId, appSecret })] : []), ...(pbx ? [pbx.pbxClientSecret] : [])],
  };
}

export function isRowProblem(value: ResolvedCustomer | RowProblem): value is RowProblem {
  return 'code' in value;
}
