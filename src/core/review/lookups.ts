import { t } from '../../i18n/index.js';
import { readApp, readPage, type GraphCaller } from '../../graph/messenger.js';
import { APP_CHECK_FIELDS, type AppSettingsEvidence, type AppSettingsSnapshot } from './settings-check.js';

/**
 * The two Graph API reads review-text makes. Neither may stop the command: a failure comes back
 * as a sentence for one warning, and the caller carries on without the value.
 */
export type Lookup<T> = { ok: true; value: T } | { ok: false; reason: string };

function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    return typeof hint === 'string' && hint !== '' ? `${error.message} ${hint}` : error.message;
  }
  return String(error);
}

/** GET /{page-id}?fields=name with the page token. */
export async function readPageName(graph: GraphCaller, pageId: string, pageToken: string): Promise<Lookup<string>> {
  try {
    const { name } = await readPage(graph, { pageId, pageToken, fields: ['name'], operation: t('review.lookup.readingPageName') });
    // The type says string, but the answer is Meta's JSON: an odd one must not crash the command.
    if (typeof name !== 'string' || name.trim() === '') return { ok: false, reason: t('review.lookup.noPageName') };
    return { ok: true, value: name.trim() };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** GET /{app-id}?fields=privacy_policy_url,... with the app token APP_ID|APP_SECRET. */
export async function readAppSettings(graph: GraphCaller, appId: string, appSecret: string): Promise<Lookup<AppSettingsEvidence>> {
  try {
    const app = await readApp(graph, { appId, appSecret, fields: APP_CHECK_FIELDS, operation: t('review.lookup.readingAppSettings') });
    return { ok: true, value: { kind: 'read', app: snapshotFrom(app) } };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}

/** Keeps only well-typed fields, so an odd answer reads as "not set" instead of crashing. */
export function snapshotFrom(body: Record<string, unknown>): AppSettingsSnapshot {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const snapshot: AppSettingsSnapshot = {};
  const privacy = text(body.privacy_policy_url);
  const icon = text(body.icon_url);
  const category = text(body.category);
  const website = text(body.website_url);
  if (privacy !== undefined) snapshot.privacy_policy_url = privacy;
  if (icon !== undefined) snapshot.icon_url = icon;
  if (category !== undefined) snapshot.category = category;
  if (website !== undefined) snapshot.website_url = website;
  if (Array.isArray(body.supported_platforms)) snapshot.supported_platforms = body.supported_platforms.filter((p): p is string => typeof p === 'string');
  return snapshot;
}
