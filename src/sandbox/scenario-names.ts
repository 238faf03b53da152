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
  'review-incomplete',
  'expiring-token',
  'rate-limited',
  'graph-down',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}
