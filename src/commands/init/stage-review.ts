/** Stage 4: the App Review pack, the app settings a reviewer looks at, and the steps to go live. */
import { relative, resolve } from 'node:path';
import { renderCompact } from '../../core/init/render.js';
import { appReviewPageUrl, goLiveSteps, screenRecordingNote, stage4Intro } from '../../core/init/texts.js';
import type { ReviewInputs } from '../../core/review/inputs.js';
import { readAppSettings } from '../../core/review/lookups.js';
import { compileTemplatesOrThrow, makeReviewPack } from '../../core/review/make-pack.js';
import { pieceGuide } from '../../core/review/present.js';
import type { AppSettingsEvidence } from '../../core/review/settings-check.js';
import { SecretRegistry } from '../../core/secrets.js';
import { existingPackFiles, writeReviewPackFiles } from '../../io/review-pack-files.js';
import { readBuiltinTemplates } from '../../io/templates.js';
import { setting, settingProblem } from '../../settings/schema.js';
import { currentLanguage, t } from '../../i18n/index.js';
import type { WizardContext } from './context.js';

export const DEFAULT_PACK_DIR = 'fb3cx-review-pack';

type PackContext = Pick<WizardContext, 'options' | 'yes' | 'out' | 'prompt' | 'say' | 'current' | 'graph' | 'facts' | 'cwd' | 'pageName' | 'privacyUrl' | 'validatedSecret'>;

export type ReviewStageContext = PackContext & Pick<WizardContext, 'ask' | 'check' | 'offerToOpen'>;

export async function stageReview(wiz: ReviewStageContext): Promise<void> {
  const s = wiz.out.errStyle;
  const appId = wiz.current('appId');
  wiz.say(...stage4Intro(), '');
  await wiz.ask('company');
  await wiz.ask('extension');
  await wiz.ask('password');
  const shownDir = await writePack(wiz);

  wiz.say('', s.bold(t('init.review.settingsHeading')));
  if (wiz.validatedSecret) {
    const { results } = await wiz.check(['app.review-settings', 'app.permissions']);
    wiz.say(...renderCompact(results, s, t('init.review.checked')));
  } else {
    wiz.say(s.dim(t('init.review.noSecret')));
  }

  const reviewUrl = appReviewPageUrl(appId);
  wiz.say('', t('init.review.appReview', { url: reviewUrl }), t('init.review.requestAccess'));
  await wiz.offerToOpen([reviewUrl], t('init.review.openReview'));
  wiz.say('', ...screenRecordingNote(shownDir), '', ...goLiveSteps(appId));
}

/** Writes the pack with review-text's own templates and rules; returns the folder as shown to the person. */
async function writePack(wiz: PackContext): Promise<string> {
  const s = wiz.out.errStyle;
  const appId = wiz.current('appId');
  const pageName = wiz.pageName ?? (await readPageName(wiz));
  const outDir = resolve(wiz.cwd, wiz.options.out ?? DEFAULT_PACK_DIR);
  const shownDir = relative(wiz.cwd, outDir).startsWith('..') ? outDir : `./${relative(wiz.cwd, outDir) || '.'}`;

  let evidence: AppSettingsEvidence = { kind: 'no-credentials' };
  if (appId && wiz.validatedSecret) {
    const lookup = await readAppSettings(await wiz.graph(), appId, wiz.validatedSecret);
    evidence = lookup.ok ? lookup.value : { kind: 'failed' };
    if (lookup.ok && lookup.value.kind === 'read' && !wiz.privacyUrl && lookup.value.app.privacy_policy_url) wiz.privacyUrl = lookup.value.app.privacy_policy_url;
  }
  if (!wiz.privacyUrl && !wiz.yes) {
    const typed = (
      await wiz.prompt.input({
        message: t('init.ask.optionalSkip', { prompt: setting('privacyUrl').prompt }),
        validate: (v) => (v.trim() === '' ? true : (settingProblem('privacyUrl', v.trim(), 'prompt') ?? true)),
      })
    ).trim();
    if (typed) wiz.privacyUrl = typed;
  }
  const inputs: ReviewInputs = {
    company: wiz.current('company') as string,
    pageName: pageName ?? (wiz.current('pageId') as string),
    webClientUrl: wiz.current('webClientUrl') as string,
    extension: wiz.current('extension') as string,
    password: wiz.current('password') as string,
    pageId: wiz.current('pageId'),
    appId,
    privacyUrl: wiz.privacyUrl,
  };
  const pack = makeReviewPack({ templates: compileTemplatesOrThrow(readBuiltinTemplates()), inputs, evidence });
  const existing = existingPackFiles(outDir, pack.pieces);
  let write = true;
  if (existing.length > 0) {
    write = wiz.yes ? wiz.options.force === true : await wiz.prompt.confirm({ message: t('init.review.replace', { dir: shownDir }), default: true });
  }
  if (write) {
    const scrubber = new SecretRegistry();
    scrubber.add(wiz.current('pageToken'));
    scrubber.add(wiz.validatedSecret);
    writeReviewPackFiles(outDir, pack.pieces, inputs, (text) => scrubber.scrub(text));
    wiz.say(`${s.green('✔')} ${t('init.review.written', { dir: shownDir })}`);
    // English readers have index.txt; in Chinese each file's purpose and place is said here too,
    // with a gloss of its English text that is marked as not for pasting.
    if (currentLanguage() === 'zh-CN') wiz.say('', ...pieceGuide(pack.pieces, s));
  } else {
    wiz.out.warn(t('init.review.leftAsIs', { dir: shownDir }));
  }
  return shownDir;
}

async function readPageName(wiz: Pick<WizardContext, 'facts'>): Promise<string | undefined> {
  const page = await (await wiz.facts()).page();
  return page.ok ? page.value.name : undefined;
}
