import type { Command } from 'commander';
import { configKeysHelp } from '../../settings/schema.js';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';

export function defineConfig(program: Command, action: ActionFactory): void {
  const config = program
    .command('config')
    .description(SUMMARIES['config'])
    .addHelpText(
      'after',
      `
${configKeysHelp(80)}

Examples:
  $ fb3cx config set pageId 1234567890 --profile acme
  $ printf '%s' "$TOKEN" | fb3cx config set pageToken --profile acme
  $ fb3cx config use acme
  $ fb3cx config list`,
    );
  // Each subcommand is its own command with its own result; none dispatches on commander's names.
  const load = () => import('../config.js');
  config.command('list').description('list profiles and their values (secrets masked)').action(action(() => load().then((m) => m.configList)));
  config.command('get').argument('<key>', 'the key to show').description('show one value of the profile (secrets masked)').action(action(() => load().then((m) => m.configGet)));
  config
    .command('set')
    .argument('<key>', 'the key to set')
    .argument('[value]', 'the value; secrets are read from standard input or a masked prompt instead')
    .description('set a value in the profile')
    .action(action(() => load().then((m) => m.configSet)));
  config.command('unset').argument('<key>', 'the key to remove').description('remove a value from the profile').action(action(() => load().then((m) => m.configUnset)));
  config.command('use').argument('<profile>', 'profile name').description('make a profile the default').action(action(() => load().then((m) => m.configUse)));
  config.command('path').description('print where the config file is').action(action(() => load().then((m) => m.configPath)));
}
