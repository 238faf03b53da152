/** Stage 2: the 3CX webhook URL and web client URL, with the webhook checked from here. */
import { webClientUrlGuess } from '../../core/init/answers.js';
import { failures, renderCompact } from '../../core/init/render.js';
import { stage2Intro, TEST_EXTENSION_REMINDER } from '../../core/init/texts.js';
import type { WizardContext } from './context.js';

export type PbxStageContext = Pick<WizardContext, 'answers' | 'yes' | 'out' | 'prompt' | 'say' | 'ask' | 'current' | 'check' | 'pageName' | 'profile'>;

export async function stage3cx(wiz: PbxStageContext): Promise<void> {
  const s = wiz.out.errStyle;
  wiz.say(...stage2Intro(wiz.current('pageId') as string, wiz.pageName ?? wiz.profile?.pageName), '');
  for (;;) {
    await wiz.ask('webhookUrl', { again: wiz.answers.webhookUrl !== undefined });
    if (!wiz.answers.webClientUrl) await wiz.ask('webClientUrl', { fallback: webClientUrlGuess(wiz.current('webhookUrl')) });
    const { results } = await wiz.check(['webhook']);
    wiz.say(...renderCompact(results, s, '3CX webhook'));
    if (failures(results).length === 0) break;
    if (wiz.yes) {
      wiz.out.warn('The 3CX webhook check failed; fb3cx init carries on and the final report shows it.');
      break;
    }
    const next = await wiz.prompt.select<'again' | 'continue'>({
      message: 'The webhook URL does not work yet. What now?',
      choices: [
        { value: 'again', name: 'Paste the webhook URL again' },
        { value: 'continue', name: 'Continue anyway (fix it in 3CX later; the final report will show it)' },
      ],
    });
    if (next === 'continue') break;
  }
  wiz.say('', ...TEST_EXTENSION_REMINDER);
}
