import { resolve } from 'node:path';
import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, isExitCode, UsageError, type ExitCodeValue } from '../errors.js';
import { isStageNumber } from '../core/init/stages.js';
import { t } from '../i18n/index.js';
import type { SettingKey } from '../settings/schema.js';
import { PBX_KEYS } from '../session.js';
import type { InitOptions } from './init/context.js';
import { createWizardContext } from './init/wizard-context.js';
import { runWizard } from './init/wizard.js';
import { DEFAULT_PACK_DIR } from './init/stage-review.js';
import { checkOutFolder } from '../io/review-pack-files.js';
import type { StreamingCommand } from './types.js';

export type { InitOptions };

/** Every setting init reads; the profile is init's own, not a layer (it offers it as defaults). */
export const INIT_KEYS: readonly SettingKey[] = ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password', 'privacyUrl', 'graphUrl', 'graphVersion', ...PBX_KEYS];

/** `fb3cx init`: checks the options, opens the session and runs the wizard (src/commands/init/). */
export const init: StreamingCommand<InitOptions> = { kind: 'streaming', json: 'document', run };

async function run(ctx: AppContext, options: InitOptions & GlobalOptions): Promise<ExitCodeValue> {
  const yes = options.yes === true;
  if (!yes && !ctx.prompt.interactive) {
    throw new UsageError(
      options.json ? t('init.command.jsonNeedsYes') : t('init.command.needsTerminal'),
      t('init.command.needsTerminalHint'),
    );
  }
  if (options.stage !== undefined && !isStageNumber(options.stage)) throw new UsageError(t('init.command.badStage', { stage: options.stage }));
  // Every input the run needs is checked before stage 1 changes anything (at Meta or on disk):
  // the pack folder is written only at stage 4, the profile after each stage.
  checkOutFolder(resolve(ctx.cwd, options.out ?? DEFAULT_PACK_DIR));
  // init reads and writes the profile itself: --profile may name one that does not exist yet.
  const session = await ctx.session({ options, keys: INIT_KEYS, profile: 'own' });
  try {
    (await session.configStore()).assertWritable();
    const code = await runWizard(await createWizardContext(ctx, options, session, yes));
    return isExitCode(code) ? code : ExitCode.cannotRun;
  } finally {
    await session.close();
  }
}
