/**
 * The checks that read the 3CX side through its Configuration API, and the one that compares it
 * with Meta's: do customers' messages reach 3CX? Facts behind them and what is UNCONFIRMED:
 * shared/reference/3cx-xapi.md. Their sentences are in the verify catalogue (verify.pbx.*).
 */
import { GraphApiError } from '../../../graph/errors.js';
import { PbxApiError } from '../../../pbx/errors.js';
import { UNFILTERED_PAGE } from '../../../pbx/xapi.js';
import { describeFailure } from '../facts.js';
import { t } from '../../../i18n/index.js';
import { formatMoment } from '../../../i18n/format.js';
import { derivedFrom } from '../../../pbx/address.js';
import type { CheckDefinition, CheckOutcome, VerifyInputs } from '../types.js';

export const DEFAULT_GAP_MINUTES = 30;

/** Meta's codes for "this token may not read that": missing permission (10, 200) or access (100). */
const PERMISSION_CODES = new Set([10, 200, 100]);

/** "3 min ago", "2 h ago", "3 days ago": how long before `now`. */
export function ago(iso: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(iso));
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return t('verify.pbx.agoNow');
  if (minutes < 120) return t('verify.pbx.agoMinutes', { minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 48) return t('verify.pbx.agoHours', { hours });
  return t('verify.pbx.agoDays', { days: Math.round(hours / 24) });
}

const noCredentials = (): CheckOutcome => ({ status: 'skip', code: 'pbx_no_credentials', detail: t('verify.pbx.noCredentials') });
const apiDown = (): CheckOutcome => ({ status: 'skip', code: 'pbx_api_down', detail: t('verify.pbx.apiDown') });

/** What pbx.api found: the version and host, whether the licence is activated, where the address came from. */
function apiAnswered(version: string, host: string, activated: boolean | undefined, from: string): string {
  const source = derivedFrom(from);
  const notActivated = activated === false;
  if (source === undefined) return notActivated ? t('verify.pbx.apiPassNotActivated', { version, host }) : t('verify.pbx.apiPass', { version, host });
  return notActivated ? t('verify.pbx.apiPassNotActivatedDerived', { version, host, source }) : t('verify.pbx.apiPassDerived', { version, host, source });
}

/** The newest Facebook message 3CX stored: when, through which integration, and whether fb3cx filtered the page itself. */
function newestMessage(agoText: string, at: string, integration: string | undefined, scanned: boolean): string {
  const page = UNFILTERED_PAGE;
  if (integration && scanned) return t('verify.pbx.newestThroughScanned', { ago: agoText, at, integration, page });
  if (integration) return t('verify.pbx.newestThrough', { ago: agoText, at, integration });
  if (scanned) return t('verify.pbx.newestScanned', { ago: agoText, at, page });
  return t('verify.pbx.newest', { ago: agoText, at });
}

function hostOfAddress(inputs: VerifyInputs): string {
  return inputs.pbxAddress ? new URL(inputs.pbxAddress.url).host : '3CX';
}

function pbxFailure(error: Error): CheckOutcome {
  const { detail, fix, unreachable } = describeFailure(error);
  return { status: 'fail', code: error instanceof PbxApiError ? error.code : 'pbx_error', detail, fix, unreachable };
}

export const pbxApi: CheckDefinition = {
  id: 'pbx.api',
  get title() {
    return t('verify.pbx.apiTitle');
  },
  async run(env) {
    if (!env.facts.hasPbx || !env.inputs.pbxAddress) return noCredentials();
    const status = await env.facts.pbxStatus();
    if (!status.ok) return pbxFailure(status.error);
    const { Version = t('verify.pbx.unknownVersion'), Activated } = status.value;
    const detail = apiAnswered(Version, hostOfAddress(env.inputs), Activated, env.inputs.pbxAddress.from);
    return Activated === false ? { status: 'warn', code: 'pbx_not_activated', detail, fix: t('verify.pbx.notActivatedFix') } : { status: 'pass', code: 'pbx_api_ok', detail };
  },
};

export const pbxFacebookTraffic: CheckDefinition = {
  id: 'pbx.facebook-traffic',
  get title() {
    return t('verify.pbx.trafficTitle');
  },
  async run(env) {
    if (!env.facts.hasPbx) return noCredentials();
    const [status, newest] = await Promise.all([env.facts.pbxStatus(), env.facts.newestFacebookMessage()]);
    if (!status.ok) return apiDown();
    if (!newest.ok) return pbxFailure(newest.error);
    const { message, filteredBy, scanned } = newest.value;
    if (!message) {
      const detail = filteredBy === 'server' ? t('verify.pbx.noneFiltered') : t('verify.pbx.noneScanned', { scanned: scanned ?? 0, page: UNFILTERED_PAGE });
      return { status: 'warn', code: 'pbx_no_facebook_messages', detail, fix: t('verify.pbx.noneFix') };
    }
    return { status: 'pass', code: 'pbx_facebook_messages', detail: newestMessage(ago(message.TimeSent, env.now()), formatMoment(message.TimeSent), message.ProviderName, filteredBy === 'client') };
  },
};

export const deliveryGap: CheckDefinition = {
  id: 'delivery.gap',
  get title() {
    return t('verify.pbx.gapTitle');
  },
  async run(env) {
    if (!env.facts.hasPbx) return noCredentials();
    const [conversation, newest, status] = await Promise.all([env.facts.newestConversation(), env.facts.newestFacebookMessage(), env.facts.pbxStatus()]);
    if (!conversation.ok) {
      const error = conversation.error;
      if (error instanceof GraphApiError && error.graphCode !== undefined && PERMISSION_CODES.has(error.graphCode) && error.subcode !== 33) {
        return { status: 'skip', code: 'conversations_forbidden', detail: t('verify.pbx.gapSkipMeta', { permission: 'pages_read_engagement', graphCode: error.graphCode }) };
      }
      return { status: 'skip', code: 'conversations_unreadable', detail: t('verify.pbx.gapSkipMetaOther', { detail: describeFailure(error).detail }) };
    }
    if (!status.ok) return apiDown();
    if (!newest.ok) return { status: 'skip', code: 'pbx_chats_unreadable', detail: t('verify.pbx.chatUnreadable') };
    const metaTime = conversation.value?.updated_time;
    if (metaTime === undefined) return { status: 'skip', code: 'no_conversations', detail: t('verify.pbx.gapNoConversation') };
    const now = env.now();
    const minutes = env.inputs.gapMinutes ?? DEFAULT_GAP_MINUTES;
    const pbxTime = newest.value.message?.TimeSent;
    const metaAgo = t('verify.pbx.agoAt', { ago: ago(metaTime, now), at: formatMoment(metaTime) });
    const pbxAgo = pbxTime === undefined ? undefined : t('verify.pbx.agoAt', { ago: ago(pbxTime, now), at: formatMoment(pbxTime) });
    const gapMs = pbxTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(metaTime) - Date.parse(pbxTime);
    if (gapMs > minutes * 60_000) {
      const detail = pbxAgo === undefined ? t('verify.pbx.gapFailNone', { meta: metaAgo }) : t('verify.pbx.gapFail', { meta: metaAgo, pbx: pbxAgo });
      return { status: 'fail', code: 'delivery_gap', detail, fix: t('verify.pbx.gapFix') };
    }
    return { status: 'pass', code: 'delivery_ok', detail: t('verify.pbx.gapPass', { meta: metaAgo, pbx: pbxAgo ?? '', minutes }) };
  },
};

export const PBX_CHECKS = [pbxApi, pbxFacebookTraffic, deliveryGap];
