import { answerLabel, answerProblem, isSecretKey, type Answer } from '../../core/init/answers.js';
import type { AnswerKey } from '../../core/init/stages.js';
import { maskSecret } from '../../core/secrets.js';
import { capitalise } from '../../core/text.js';
import { t } from '../../i18n/index.js';
import { setting } from '../../settings/schema.js';
import type { AskOptions, WizardContext } from './context.js';

function sourceWord(source: Answer['source']): string {
  switch (source) {
    case 'flag': return t('init.source.flag');
    case 'stdin': return t('init.source.stdin');
    case 'env': return t('init.source.env');
    case 'profile': return t('init.source.profile');
    case 'sandbox': return t('init.source.sandbox');
    case 'prompt': return t('init.source.prompt');
    case 'graph': return t('init.source.graph');
    case 'default': return t('init.source.default');
  }
}

export type AskContext = Pick<WizardContext, 'given' | 'defaults' | 'answers' | 'yes' | 'out' | 'prompt' | 'say'>;

/**
 * Settles one answer. Given ones (flags, stdin, env) are used as they are unless asked `again`
 * after a failure; under --yes the saved profile and the sandbox fill in; at a terminal they are
 * the defaults (Enter keeps them; secrets stay hidden).
 */
export async function askAnswer(wiz: AskContext, key: AnswerKey, options: AskOptions = {}): Promise<string | undefined> {
  const s = wiz.out.errStyle;
  const { answers } = wiz;
  const given = wiz.given[key];
  if (given && !options.again) {
    answers[key] = given;
    if (!wiz.yes) {
      const value = isSecretKey(key) ? maskSecret(given.value) : given.value;
      wiz.say(`  ${t('init.ask.given', { label: capitalise(answerLabel(key)), value })} ${s.dim(t('init.ask.from', { source: sourceWord(given.source) }))}`);
    }
    return given.value;
  }
  const previous = answers[key];
  const fallbackAnswer: Answer | undefined = wiz.defaults[key] ?? (options.fallback ? { value: options.fallback, source: 'prompt' } : undefined);
  if (wiz.yes) {
    if (options.again) return undefined;
    const answer = given ?? wiz.defaults[key] ?? fallbackAnswer;
    if (answer) answers[key] = answer;
    else delete answers[key];
    return answer?.value;
  }
  const message = setting(key).prompt;
  if (isSecretKey(key)) {
    // A secret that just failed is not offered again, except the sandbox's own.
    const offer = fallbackAnswer && !(options.again && previous?.value === fallbackAnswer.value && fallbackAnswer.source !== 'sandbox') ? fallbackAnswer : undefined;
    const prompt =
      offer ? (offer.source === 'sandbox' ? t('init.ask.sandboxDefault', { prompt: message }) : t('init.ask.keepSaved', { prompt: message }))
      : options.optional ? t('init.ask.optionalSkip', { prompt: message })
      : t('init.ask.plain', { prompt: message });
    const typed = (
      await wiz.prompt.password({
        message: prompt,
        validate: (value) => (value.trim() === '' ? (offer || options.optional ? true : t('init.ask.pasteHere')) : (answerProblem(key, value) ?? true)),
      })
    ).trim();
    if (typed === '') {
      if (offer) answers[key] = offer;
      else delete answers[key];
      return offer?.value;
    }
    wiz.out.secrets.add(typed);
    answers[key] = { value: typed, source: 'prompt' };
    return typed;
  }
  const offered = options.again ? (previous?.value ?? fallbackAnswer?.value) : fallbackAnswer?.value;
  const typed = (
    await wiz.prompt.input({
      message: options.optional ? t('init.ask.optional', { prompt: message }) : t('init.ask.plain', { prompt: message }),
      ...(offered ? { default: offered } : {}),
      validate: (value) => (value.trim() === '' ? (options.optional ? true : t('init.ask.needed')) : (answerProblem(key, value) ?? true)),
    })
  ).trim();
  if (typed === '') {
    delete answers[key];
    return undefined;
  }
  answers[key] = { value: typed, source: typed === fallbackAnswer?.value ? fallbackAnswer.source : 'prompt' };
  return typed;
}
