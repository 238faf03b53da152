/**
 * The checks that read the 3CX side through its Configuration API, and the one that compares it
 * with Meta's: do customers' messages reach 3CX? Facts behind them and what is UNCONFIRMED:
 * shared/reference/3cx-xapi.md. Every sentence of these checks is written in this file.
 */
import { GraphApiError } from '../../../graph/errors.js';
import { PbxApiError } from '../../../pbx/errors.js';
import { UNFILTERED_PAGE } from '../../../pbx/xapi.js';
import { describeFailure } from '../facts.js';
import type { CheckDefinition, CheckOutcome, VerifyInputs } from '../types.js';

export const DEFAULT_GAP_MINUTES = 30;

/** Meta's codes for "this token may not read that": missing permission (10, 200) or access (100). */
const PERMISSION_CODES = new Set([10, 200, 100]);

const TEXT = {
  noCredentials:
    'needs 3CX API access: the API client ID and key (FB3CX_PBX_CLIENT_ID and FB3CX_PBX_CLIENT_SECRET, --pbx-secret-stdin, or fb3cx init stage 2) and the 3CX address (--pbx-url, or taken from the web client URL); see "3CX API access" in the README',
  addressFrom: (from: string) => (from === 'pbxUrl' ? '' : `; address taken from the ${FROM_WORDS[from] ?? from}, give --pbx-url to use another`),
  apiPass: (version: string, host: string, activated: boolean | undefined, from: string) =>
    `3CX ${version} at ${host} answered with this API client${activated === false ? ' (the licence is not activated)' : ''}${TEXT.addressFrom(from)}`,
  notActivatedFix: 'Activate the 3CX licence (Admin > Licence); an unactivated system may stop handling chats.',
  apiDown: 'the 3CX API did not answer (see pbx.api)',
  noneFiltered: '3CX has stored no Facebook message at all',
  noneScanned: (count: number) => `none of the newest ${count} chat messages 3CX stored is from Facebook (3CX refused the Facebook filter, so fb3cx read the newest ${UNFILTERED_PAGE} itself)`,
  noneFix:
    'If customers have written to the page, their messages did not reach 3CX: see delivery.gap, and check the Facebook integration under Admin > Voice & Chat. 3CX keeps only the chat history its chat log settings allow, so an old or purged system may show none.',
  newest: (ago: string, at: string, integration: string | undefined, scanned: boolean) =>
    `newest Facebook message ${ago} (${at})${integration ? ` through "${integration}"` : ''}${scanned ? `; 3CX refused the Facebook filter, so fb3cx read the newest ${UNFILTERED_PAGE} messages itself` : ''}`,
  gapSkipMeta: (permission: string, code: string) =>
    `Meta refused to list the page's conversations (${code}): this comparison needs the page token to carry ${permission} (and Advanced Access for people without a role on the app)`,
  gapSkipMetaOther: (detail: string) => `Meta's side could not be read: ${detail}`,
  gapNoConversation: "the page has no Messenger conversation yet, so there is nothing to compare",
  gapPass: (meta: string, pbx: string, minutes: number) => `Meta's newest conversation activity ${meta}, 3CX's newest Facebook message ${pbx}: within ${minutes} minutes`,
  gapFail: (meta: string, pbx: string | undefined) =>
    `messages reach the page but not 3CX: Meta's newest conversation activity was ${meta}, ${pbx === undefined ? '3CX has stored no Facebook message at all' : `3CX's newest Facebook message ${pbx}`}`,
  gapFix:
    'Likely causes, most likely first: 1) Meta unsubscribed the webhook after failed deliveries: see app.webhook and page.subscription, run fb3cx subscribe, and press "Verify and save" under Messenger API Settings > Webhooks. 2) The callback URL points elsewhere: see app.callback and set it to the 3CX webhook URL. 3) The page token in 3CX was invalidated (password change, expiry): make a new one (fb3cx token exchange) and paste it into 3CX under Admin > Voice & Chat > your Facebook trunk. 4) The app is still in Development mode, so only people with a role on the app get through: see app.permissions and make the app Live. Messages missed meanwhile can be replayed to 3CX from fb3cx listen --save (fb3cx trigger --replay). Meta\'s time also moves for replies sent from Meta Business Suite, which 3CX does not see.',
} as const;

const FROM_WORDS: Record<string, string> = { webClientUrl: 'web client URL', webhookUrl: 'webhook URL', pbxHost: '3CX host name' };

/** "3 min ago", "2 h ago", "3 days ago": how long before `now`. */
export function ago(iso: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(iso));
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

function hostOfAddress(inputs: VerifyInputs): string {
  return inputs.pbxAddress ? new URL(inputs.pbxAddress.url).host : '3CX';
}

function pbxFailure(error: Error): CheckOutcome {
  const { detail, fix, unreachable } = describeFailure(error);
  return { status: 'fail', ...(error instanceof PbxApiError ? { code: error.code } : {}), detail, fix, unreachable };
}

export const pbxApi: CheckDefinition = {
  id: 'pbx.api',
  title: 'The 3CX API answers with this API client',
  async run(env) {
    if (!env.facts.hasPbx || !env.inputs.pbxAddress) return { status: 'skip', code: 'pbx_no_credentials', detail: TEXT.noCredentials };
    const status = await env.facts.pbxStatus();
    if (!status.ok) return pbxFailure(status.error);
    const { Version = 'unknown version', Activated } = status.value;
    const detail = TEXT.apiPass(Version, hostOfAddress(env.inputs), Activated, env.inputs.pbxAddress.from);
    return Activated === false ? { status: 'warn', code: 'pbx_not_activated', detail, fix: TEXT.notActivatedFix } : { status: 'pass', detail };
  },
};

export const pbxFacebookTraffic: CheckDefinition = {
  id: 'pbx.facebook-traffic',
  title: '3CX has stored Facebook messages',
  async run(env) {
    if (!env.facts.hasPbx) return { status: 'skip', code: 'pbx_no_credentials', detail: TEXT.noCredentials };
    const [status, newest] = await Promise.all([env.facts.pbxStatus(), env.facts.newestFacebookMessage()]);
    if (!status.ok) return { status: 'skip', detail: TEXT.apiDown };
    if (!newest.ok) return pbxFailure(newest.error);
    const { message, filteredBy, scanned } = newest.value;
    if (!message) {
      return { status: 'warn', code: 'pbx_no_facebook_messages', detail: filteredBy === 'server' ? TEXT.noneFiltered : TEXT.noneScanned(scanned ?? 0), fix: TEXT.noneFix };
    }
    return { status: 'pass', detail: TEXT.newest(ago(message.TimeSent, env.now()), message.TimeSent, message.ProviderName, filteredBy === 'client') };
  },
};

export const deliveryGap: CheckDefinition = {
  id: 'delivery.gap',
  title: "Messages that reach the page reach 3CX",
  async run(env) {
    if (!env.facts.hasPbx) return { status: 'skip', code: 'pbx_no_credentials', detail: TEXT.noCredentials };
    const [conversation, newest, status] = await Promise.all([env.facts.newestConversation(), env.facts.newestFacebookMessage(), env.facts.pbxStatus()]);
    if (!conversation.ok) {
      const error = conversation.error;
      if (error instanceof GraphApiError && error.graphCode !== undefined && PERMISSION_CODES.has(error.graphCode) && error.subcode !== 33) {
        return { status: 'skip', code: 'conversations_forbidden', detail: TEXT.gapSkipMeta('pages_read_engagement', `code ${error.graphCode}`) };
      }
      return { status: 'skip', code: 'conversations_unreadable', detail: TEXT.gapSkipMetaOther(describeFailure(error).detail) };
    }
    if (!status.ok) return { status: 'skip', detail: TEXT.apiDown };
    if (!newest.ok) return { status: 'skip', detail: 'the 3CX chat history could not be read (see pbx.facebook-traffic)' };
    const metaTime = conversation.value?.updated_time;
    if (metaTime === undefined) return { status: 'skip', code: 'no_conversations', detail: TEXT.gapNoConversation };
    const now = env.now();
    const minutes = env.inputs.gapMinutes ?? DEFAULT_GAP_MINUTES;
    const pbxTime = newest.value.message?.TimeSent;
    const metaAgo = `${ago(metaTime, now)} (${metaTime})`;
    const pbxAgo = pbxTime === undefined ? undefined : `${ago(pbxTime, now)} (${pbxTime})`;
    const gapMs = pbxTime === undefined ? Number.POSITIVE_INFINITY : Date.parse(metaTime) - Date.parse(pbxTime);
    if (gapMs > minutes * 60_000) return { status: 'fail', code: 'delivery_gap', detail: TEXT.gapFail(metaAgo, pbxAgo), fix: TEXT.gapFix };
    return { status: 'pass', detail: TEXT.gapPass(metaAgo, pbxAgo ?? '', minutes) };
  },
};

export const PBX_CHECKS = [pbxApi, pbxFacebookTraffic, deliveryGap];
