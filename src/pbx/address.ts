/**
 * Where the 3CX API is: the 3CX address when given, else the host of the web client URL, the
 * webhook URL or the 3CX host name, in that order (the web client is served by the same host and
 * port as the admin console, the webhook sometimes on another port).
 */
import { t } from '../i18n/index.js';
import type { SettingKey } from '../settings/schema.js';

export interface PbxAddress {
  url: string;
  /** The setting it came from: pbxUrl when given, else the one it was derived from. */
  from: Extract<SettingKey, 'pbxUrl' | 'webClientUrl' | 'webhookUrl' | 'pbxHost'>;
}

export function pbxAddress(values: { pbxUrl?: string | undefined; webClientUrl?: string | undefined; webhookUrl?: string | undefined; pbxHost?: string | undefined }): PbxAddress | undefined {
  if (values.pbxUrl) return { url: new URL(values.pbxUrl).origin, from: 'pbxUrl' };
  for (const key of ['webClientUrl', 'webhookUrl'] as const) {
    const raw = values[key];
    if (!raw) continue;
    try {
      return { url: `https://${new URL(raw).host}`, from: key };
    } catch {
      // Refused by the settings validators already; try the next source.
    }
  }
  if (values.pbxHost) return { url: `https://${values.pbxHost}`, from: 'pbxHost' };
  return undefined;
}

/**
 * The setting a derived address came from, as a report names it ("web client URL"); undefined
 * when the 3CX address was given itself.
 */
export function derivedFrom(from: string): string | undefined {
  switch (from) {
    case 'pbxUrl':
      return undefined;
    case 'webClientUrl':
      return t('pbx.address.webClientUrl');
    case 'webhookUrl':
      return t('pbx.address.webhookUrl');
    case 'pbxHost':
      return t('pbx.address.pbxHost');
    default:
      return from;
  }
}
