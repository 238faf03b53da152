/** Stage 2: the 3CX webhook URL and web client URL, with the webhook checked from here. */
import { webClientUrlGuess } from '../../core/init/answers.js';
import { failures, renderCompact } from '../../core/init/render.js';
import { PBX_API, stage2Intro, TEST_EXTENSION_REMINDER } from '../../core/init/texts.js';
import { t } from '../../i18n/index.js';
import { askSetting } from '../../session.js';
import type { WizardContext } from './context.js';

export type PbxStageContext = Pick<WizardContext, 'answers' | 'yes' | 'out' | 'prompt' | 'say' | 'ask' | 'current' | 'check' | 'pageName' | 'profile' | 'profileName' | 'identity' | 'session'>;

export async function stage3cx(wiz: PbxStageContext): Promise<void> {
  const s = wiz.out.errStyle;
  wiz.say(...stage2Intro(wiz.current('pageId') as string, wiz.pageName ?? wiz.profile?.pageName), '');
  for (;;) {
    await wiz.ask('webhookUrl', { again: wiz.answers.webhookUrl !== undefined });
    if (!wiz.answers.webClientUrl) await wiz.ask('webClientUrl', { fallback: webClientUrlGuess(wiz.current('webhookUrl')) });
    const { results } = await wiz.check(['webhook']);
    wiz.say(...renderCompact(results, s, t('init3cx.webhookLabel')));
    if (failures(results).length === 0) break;
    if (wiz.yes) {
      wiz.out.warn(t('init3cx.webhookFailedYes'));
      break;
    }
    const next = await wiz.prompt.select<'again' | 'continue'>({
      message: t('init3cx.webhookQuestion'),
      choices: [
        { value: 'again', name: t('init3cx.webhookAgain') },
        { value: 'continue', name: t('init3cx.webhookContinue') },
      ],
    });
    if (next === 'continue') break;
  }
  wiz.say('', ...TEST_EXTENSION_REMINDER);
  await offerPbxApi(wiz);
}

/**
 * Optional: the 3CX API client for verify's 3CX checks. Saved in the profile at once (like
 * `fb3cx config set`), and in the wizard's copy of it, so the stage's own save keeps it.
 */
async function offerPbxApi(wiz: PbxStageContext): Promise<void> {
  if (wiz.yes) {
    if (!wiz.profile?.pbxClientId) wiz.say('', wiz.out.errStyle.dim(PBX_API.skippedYes));
    return;
  }
  wiz.say('');
  const choice = await wiz.prompt.select<'later' | 'now'>({
    message: PBX_API.question,
    choices: [
      { value: 'later', name: PBX_API.later },
      { value: 'now', name: PBX_API.now },
    ],
  });
  if (choice === 'later') return;
  const identity = wiz.identity;
  wiz.say(...PBX_API.steps.map((step) => `  ${step}`), ...(identity ? [PBX_API.sandbox] : []));
  const clientId = (await askSetting(wiz, 'pbxClientId', { required: !identity })) ?? identity?.pbxClientId;
  const clientSecret = (await askSetting(wiz, 'pbxClientSecret', { required: !identity })) ?? identity?.pbxClientSecret;
  // The address is asked only when it cannot be taken from the web client or webhook URL.
  const pbxUrl = identity || wiz.current('webClientUrl') || wiz.current('webhookUrl') ? undefined : await askSetting(wiz, 'pbxUrl');
  if (!clientId || !clientSecret) return;
  const store = await wiz.session.configStore();
  const next = { ...(store.getProfile(wiz.profileName) ?? {}), pbxClientId: clientId, pbxClientSecret: clientSecret, ...(pbxUrl ? { pbxUrl } : {}) };
  store.saveProfile(wiz.profileName, next);
  wiz.profile = { ...(wiz.profile ?? {}), pbxClientId: clientId, pbxClientSecret: clientSecret, ...(pbxUrl ? { pbxUrl } : {}) };
  wiz.say(PBX_API.saved(wiz.profileName));
}
