import { join, resolve } from 'node:path';
import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { askSetting, CONNECTION_KEYS, type Session } from '../session.js';
import { settingProblem } from '../settings/schema.js';
import { SecretRegistry } from '../core/secrets.js';
import { appReviewUrl, isPieceId, PIECE_IDS, type PieceId } from '../core/review/catalogue.js';
import { howToGiveInput, inputWarnings, isComplete, REVIEW_KEYS, reviewInputsFrom, type RequiredInput, type ReviewInputs } from '../core/review/inputs.js';
import { readAppSettings, readPageName } from '../core/review/lookups.js';
import { compileTemplatesOrThrow, makeReviewPack } from '../core/review/make-pack.js';
import type { RenderedPiece } from '../core/review/pack.js';
import { INDEX_FILE, pieceFileName, type ReviewJson } from '../core/review/present.js';
import type { AppSettingsEvidence } from '../core/review/settings-check.js';
import { webClientUrlFromHost } from '../core/review/urls.js';
import { readBuiltinTemplates, readUserTemplates } from '../io/templates.js';
import { checkOutFolder, existingPackFiles, writeReviewPackFiles } from '../io/review-pack-files.js';
import { appToken } from '../graph/messenger.js';
import { secretOnCommandLine } from './definitions/options.js';
import { reviewTextPresenter, type ReviewTextResult } from './present/review-text.js';
import type { Outcome, ResultCommand } from './types.js';
import { quoted } from '../core/text.js';
import { t } from '../i18n/index.js';
import type { ReviewWarning } from '../core/review/pack.js';

export interface ReviewTextOptions {
  company?: string;
  pageName?: string;
  pageId?: string;
  webClientUrl?: string;
  pbxHost?: string;
  extension?: string;
  passwordStdin?: boolean;
  password?: string;
  appId?: string;
  privacyUrl?: string;
  pageTokenStdin?: boolean;
  appSecretStdin?: boolean;
  piece?: string;
  out?: string;
  force?: boolean;
  templates?: string;
  open?: boolean;
}

export const reviewText: ResultCommand<ReviewTextOptions, ReviewTextResult, ReviewJson> = { kind: 'result', run, present: reviewTextPresenter };

async function run(ctx: AppContext, options: ReviewTextOptions & GlobalOptions): Promise<Outcome<ReviewTextResult>> {
  if (options.password !== undefined) {
    throw secretOnCommandLine('password', 'review-text', ['--password-stdin']);
  }
  const only = choosePiece(options.piece);
  // Before the session: a bad --out is known before any network call or prompt.
  if (options.out !== undefined) checkOutFolder(resolve(ctx.cwd, options.out));

  const prepared = await ctx.session({ options, keys: [...CONNECTION_KEYS, ...REVIEW_KEYS] });
  try {
    return await writeReviewTexts(ctx, options, prepared, only);
  } finally {
    await prepared.close();
  }
}

function choosePiece(piece: string | undefined): PieceId | undefined {
  if (piece === undefined) return undefined;
  if (!isPieceId(piece)) throw new UsageError(t('review.command.noPiece', { piece: quoted(piece) }), t('review.command.pieces', { pieces: PIECE_IDS.join(', ') }));
  return piece;
}

async function writeReviewTexts(ctx: AppContext, options: ReviewTextOptions & GlobalOptions, prepared: Session, only: PieceId | undefined): Promise<Outcome<ReviewTextResult>> {
  const { settings, sandbox } = prepared;
  const { pageToken, appSecret } = settings.values;

  // Every warning goes to stderr once and is repeated in the JSON document.
  const warnings: ReviewWarning[] = [];
  const warnOnce = (warning: ReviewWarning) => {
    if (warnings.some((seen) => seen.message === warning.message)) return;
    warnings.push({ code: warning.code, message: warning.message });
    ctx.out.warn(warning.message);
  };

  // Templates first: a broken --templates folder should fail before any network call or prompt.
  const templates = loadTemplates(ctx, options.templates);

  // The page's real name beats a name saved in the profile (or the sandbox's), not one given explicitly.
  let pageNameFailure: string | undefined;
  const pageNameGiven = settings.sources.pageName === 'flag' || settings.sources.pageName === 'env';
  if (!pageNameGiven && settings.values.pageId && pageToken) {
    const lookup = await readPageName(await prepared.graph(), settings.values.pageId, pageToken);
    if (lookup.ok) {
      const problem = settingProblem('pageName', lookup.value, 'graph');
      if (problem) throw new UsageError(problem);
      settings.values.pageName = lookup.value;
      settings.sources.pageName = 'graph';
    } else pageNameFailure = lookup.reason;
  }

  const resolved = reviewInputsFrom(settings);
  if (pageNameFailure !== undefined) {
    const name = resolved.values.pageName;
    const reason = pageNameFailure;
    const message =
      name === undefined ? t('review.command.pageNameFailed', { reason })
      : resolved.sources.pageName === 'sandbox' ? t('review.command.pageNameFromSandbox', { reason, name })
      : t('review.command.pageNameFromProfile', { reason, name });
    warnOnce({ code: 'review.page-name-unread', message });
  }
  const values = resolved.values;
  for (const key of resolved.missing) {
    if (!ctx.prompt.interactive) break;
    const answer = await ask(ctx, key);
    if (answer === undefined) continue;
    values[key] = answer;
    resolved.sources[key] = 'prompt';
  }
  if (!isComplete(values)) {
    const missing = resolved.missing.filter((key) => values[key] === undefined);
    throw new UsageError(
      `${t('review.command.missing', { count: missing.length })}\n${missing.map((key) => `  ${howToGiveInput(key)}`).join('\n')}`,
      t('review.command.missingHint'),
    );
  }
  const inputs: ReviewInputs = values;
  // The password must reach test-instructions on stdout: the presenter shows it there on purpose,
  // and the piece writer's scrubber below leaves it in the files; every other output path masks it.
  ctx.out.secrets.add(inputs.password);

  const urlWarnings = inputWarnings({
    webClientUrl: inputs.webClientUrl,
    // The sandbox's fictional addresses are reserved names on purpose; warn only about real input.
    privacyUrl: resolved.sources.privacyUrl === 'sandbox' ? undefined : inputs.privacyUrl,
  }).filter((warning) => !(resolved.sources.webClientUrl === 'sandbox' && warning.about === 'webClientUrl'));
  urlWarnings.forEach(warnOnce);

  let evidence: AppSettingsEvidence = { kind: 'no-credentials' };
  const wantsChecklist = only === undefined || only === 'settings-checklist';
  if (wantsChecklist && inputs.appId && appSecret) {
    const lookup = await readAppSettings(await prepared.graph(), inputs.appId, appSecret);
    if (lookup.ok) evidence = lookup.value;
    else {
      evidence = { kind: 'failed' };
      warnOnce({ code: 'review.app-settings-unread', message: t('review.command.appSettingsFailed', { reason: lookup.reason }) });
    }
  }
  const pack = makeReviewPack({ templates, inputs, evidence, only });
  const { checks } = pack;
  pack.warnings.forEach(warnOnce);

  // Files are written through their own scrubber: it masks the page token and app secret should
  // one ever slip into a value, but not the password, which test-instructions must show.
  const pieceScrubber = new SecretRegistry();
  pieceScrubber.add(pageToken);
  pieceScrubber.add(appSecret);
  if (inputs.appId && appSecret) pieceScrubber.add(appToken({ appId: inputs.appId, appSecret }));

  let files: { outDir: string; paths: Map<string, string> } | undefined;
  if (options.out !== undefined) {
    files = writeFiles(resolve(ctx.cwd, options.out), pack.pieces, inputs, options.force === true, pieceScrubber);
    const wrote = { count: files.paths.size, index: INDEX_FILE, dir: files.outDir };
    ctx.out.info(files.paths.has('test-instructions') ? t('review.command.wrotePassword', wrote) : t('review.command.wrote', wrote));
  }

  if (options.open) await openReviewPage(ctx, inputs.appId, sandbox !== undefined);
  const result: ReviewTextResult = {
    pieces: pack.pieces,
    checks: wantsChecklist ? checks : [],
    warnings,
    files,
    only,
    extension: inputs.extension,
    password: inputs.password,
  };
  return { result, exitCode: ExitCode.ok };
}

function loadTemplates(ctx: AppContext, dir: string | undefined) {
  const builtin = readBuiltinTemplates();
  let sources = builtin;
  if (dir !== undefined) {
    const user = readUserTemplates(dir, ctx.cwd, builtin);
    if (user.fallbacks.length === 6) ctx.out.warn(t('review.command.templatesNone', { dir }));
    else if (user.fallbacks.length > 0) ctx.out.info(t('review.command.templatesBuiltin', { files: user.fallbacks.join(', ') }));
    if (user.ignored.length > 0) ctx.out.warn(t('review.command.templatesIgnored', { dir, files: user.ignored.join(', ') }));
    sources = user.sources;
  }
  return compileTemplatesOrThrow(sources);
}

/** Asks for one missing value; the web client URL is asked as a host name or a full URL. */
async function ask(ctx: AppContext, key: RequiredInput): Promise<string | undefined> {
  if (key !== 'webClientUrl') return askSetting(ctx, key, { required: true });
  const answer = await askSetting(ctx, 'pbxHost', { required: true, check: (text) => (text.includes('://') ? settingProblem('webClientUrl', text) : settingProblem('pbxHost', text)) });
  if (answer === undefined || answer.includes('://')) return answer;
  const built = webClientUrlFromHost(answer);
  return 'url' in built ? built.url : undefined;
}

function writeFiles(
  outDir: string,
  pieces: RenderedPiece[],
  inputs: ReviewInputs,
  force: boolean,
  scrubber: SecretRegistry,
): { outDir: string; paths: Map<string, string> } {
  if (!force) {
    // Checked for every file before writing any, so a refusal leaves the folder untouched.
    const existing = existingPackFiles(outDir, pieces).map((name) => join(outDir, name));
    if (existing.length > 0) {
      throw new UsageError(t('review.command.overwrite', { count: existing.length, files: existing.join(', ') }), t('review.command.overwriteHint'));
    }
  }
  writeReviewPackFiles(outDir, pieces, inputs, (text) => scrubber.scrub(text));
  return { outDir, paths: new Map(pieces.map((piece) => [piece.id, join(outDir, pieceFileName(piece))])) };
}

async function openReviewPage(ctx: AppContext, appId: string | undefined, sandbox: boolean): Promise<void> {
  const url = appReviewUrl(appId);
  if (!appId) ctx.out.warn(t('review.command.noAppId'));
  if (sandbox) {
    ctx.out.info(t('review.command.sandboxNoBrowser', { url }));
    return;
  }
  const opened = await ctx.openUrl(url);
  if (opened) ctx.out.info(t('review.command.opened', { url }));
  else ctx.out.warn(t('review.command.noBrowser', { url }));
}
