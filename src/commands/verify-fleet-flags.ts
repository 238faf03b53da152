/**
 * Which verify this is: one customer, or a fleet (--inventory, --all-profiles). Kept apart from
 * the fleet run itself so a single verify does not load it.
 */
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { VerifyOptions } from './verify.js';

export interface FleetOptions {
  allProfiles?: boolean;
  inventory?: string;
  concurrency?: number;
  customers?: string[];
  shard?: string;
  state?: string;
  notifyUrl?: string;
  junit?: string;
  html?: string;
}

/** The flags that only a fleet run reads. */
const FLEET_ONLY = [
  ['concurrency', '--concurrency'],
  ['customers', '--customers'],
  ['shard', '--shard'],
  ['state', '--state'],
  ['notifyUrl', '--notify-url'],
  ['junit', '--junit'],
  ['html', '--html'],
] as const satisfies ReadonlyArray<readonly [keyof FleetOptions, string]>;

/** The flags that name one customer, which a fleet takes from its inventory instead. */
const SINGLE_ONLY = [
  ['pageId', '--page-id'],
  ['appId', '--app-id'],
  ['webhookUrl', '--webhook-url'],
  ['webClientUrl', '--web-client-url'],
  ['pageTokenStdin', '--page-token-stdin'],
  ['appSecretStdin', '--app-secret-stdin'],
] as const satisfies ReadonlyArray<readonly [keyof VerifyOptions, string]>;

/** True for a fleet run; a flag that makes no sense with the other kind of run is a usage error. */
export function isFleetRun(options: VerifyOptions & FleetOptions): boolean {
  const fleet = options.inventory !== undefined || options.allProfiles === true;
  if (options.inventory !== undefined && options.allProfiles) throw new UsageError(t('fleet.command.bothSources'));
  if (!fleet) {
    const stray = FLEET_ONLY.find(([key]) => options[key] !== undefined);
    if (stray) throw new UsageError(t('fleet.command.fleetOnly', { flag: stray[1] }));
    return false;
  }
  const single = SINGLE_ONLY.find(([key]) => options[key] !== undefined && options[key] !== false);
  if (single) throw new UsageError(t('fleet.command.singleOnly', { flag: single[1], source: options.inventory !== undefined ? '--inventory' : '--all-profiles' }));
  return true;
}
