/**
 * What Meta's portal looks like and whom Meta delivers to, said the same way by init, verify and
 * review-text. Labels are quoted only as Meta's documentation and 3CX's manual give them; where
 * fb3cx has not seen a label, the text says so instead of guessing one. The wizard's steps come
 * from the catalogues (init.portal.*); the constants below are verify's, which builds its own
 * sentences from them.
 */
import { t } from '../i18n/index.js';

/**
 * The two ways Meta's portal creates an app: the "use case" screens, and the older "Other" >
 * "Business" screens that 3CX's manual shows. Which one a person sees depends on their account.
 */
export type AppFlow = 'use-case' | 'business';

export const USE_CASE_NAME = 'Engage with customers on Messenger from Meta';

/** The Messenger settings where the webhook and the page token live, with the newer flow named too. */
export const MESSENGER_SETTINGS_PATH = `Messenger > Messenger API Settings (an app made with the use case "${USE_CASE_NAME}" may name this menu differently: open that use case's Messenger settings)`;

/**
 * Why "it works for me but not for my customers": Meta documents that with Standard Access only
 * people with a role on the app reach the webhook.
 */
export const ROLE_ONLY_DELIVERY =
  'Until the app has Advanced Access to pages_messaging (App Review, which needs Business Verification) and is Live, Meta delivers webhooks only for people who have a role on the app (admins, developers, testers): it works for them, but customers\' messages never reach 3CX.';

/** The same in one sentence, for where the long one was said already or space is short. */
export const ROLE_ONLY_SHORT = 'Until the app is Live with Advanced Access to pages_messaging, only people with a role on the app reach the webhook.';

/**
 * How to prove the app is Live for everyone. A webhook carries a page-scoped sender ID, which no
 * API matches to the app's roles, so a person has to confirm who wrote.
 */
export const NO_ROLE_PROOF = {
  send: 'message the page from a Facebook account that has NO role on the app (not an admin, developer or tester of it) and watch the message arrive in 3CX.',
  cannotMatch: 'Meta\'s API cannot tell whether a sender has a role on the app (a webhook carries a page-scoped ID; the app\'s roles are listed by app-scoped IDs), so you confirm it by the name:',
  byName: '"fb3cx listen --lookup-profile" shows each sender\'s name (point the Callback URL at it for the test, then back at 3CX).',
} as const;

/** The clicks that create the app and give the page token, for the screens the person sees. */
export function appCreationSteps(flow: AppFlow | 'both'): string[] {
  if (flow === 'business') return [...t('init.portal.business').split('\n'), ...t('init.portal.tokenSteps').split('\n')];
  if (flow === 'use-case') return [...t('init.portal.useCase', { useCase: USE_CASE_NAME }).split('\n'), ...t('init.portal.tokenSteps').split('\n')];
  return t('init.portal.both', { useCase: USE_CASE_NAME }).split('\n');
}
