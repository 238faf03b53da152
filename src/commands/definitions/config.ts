import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { configKeysHelp, type Measure } from '../../settings/schema.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';

export function defineConfig(program: Command, action: ActionFactory, measure?: Measure): void {
  const config = program
    .command('config')
    .description(t(SUMMARIES['config']))
    .addHelpText('after', `\n${configKeysHelp(80, measure)}\n\n${t('help.config.after')}`);
  // Each subcommand is its own command with its own result; none dispatches on commander's names.
  const load = () => import('../config.js');
  config.command('list').description(t('help.config.list')).action(action(() => load().then((m) => m.configList)));
  config.command('get').argument('<key>', t('help.config.getKey')).description(t('help.config.get')).action(action(() => load().then((m) => m.configGet)));
  config
    .command('set')
    .argument('<key>', t('help.config.setKey'))
    .argument('[value]', t('help.config.setValue'))
    .description(t('help.config.set'))
    .action(action(() => load().then((m) => m.configSet)));
  config.command('unset').argument('<key>', t('help.config.unsetKey')).description(t('help.config.unset')).action(action(() => load().then((m) => m.configUnset)));
  config.command('use').argument('<profile>', t('help.config.useProfile')).description(t('help.config.use')).action(action(() => load().then((m) => m.configUse)));
  config.command('path').description(t('help.config.path')).action(action(() => load().then((m) => m.configPath)));
}
