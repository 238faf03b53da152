import { closestMatch } from '../core/did-you-mean.js';
import { t } from '../i18n/index.js';
import { quoted } from '../core/text.js';
import { UsageError } from '../errors.js';

/** Sandbox scenario names; kept apart from the emulator so cli.ts can list them cheaply. */
export const SCENARIO_NAMES = [
  'healthy',
  'expired-token',
  'password-changed',
  'user-token',
  'wrong-page',
  'not-subscribed',
  'missing-fields',
  'other-app',
  'callback-elsewhere',
  'webhook-inactive',
  'webhook-broken',
  'dev-mode',
  'standard-access-only',
  'review-incomplete',
  'expiring-token',
  'rate-limited',
  'graph-down',
  'short-lived-token',
  'data-access-expiring',
  'page-restricted',
  'sticker',
  'pbx-healthy',
  'pbx-bad-key',
  'pbx-no-licence',
  'delivery-gap',
  'conversations-forbidden',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}

/** The usage error for a scenario name that is not one, with the closest name when there is one. */
export function unknownScenario(name: string): UsageError {
  const match = closestMatch(name, SCENARIO_NAMES);
  const scenarios = SCENARIO_NAMES.join(', ');
  return new UsageError(
    t('cli.scenario.unknown', { name: quoted(name) }),
    match === undefined ? t('cli.scenario.list', { scenarios }) : t('cli.scenario.listSuggestion', { word: quoted(match), scenarios }),
  );
}
