import type { Command } from 'commander';
import type { ActionFactory } from './types.js';

export function defineConfig(program: Command, action: ActionFactory): void {
  const config = program
    .command('config')
    .description('show and change saved profiles (page, app, 3CX URLs; secrets only when you choose)')
    .addHelpText(
      'after',
      `
Keys: pageId, appId, webhookUrl, webClientUrl, pageToken (secret), appSecret (secret),
company, pageName, pbxHost, extension, privacyUrl, verifyToken (secret).

Examples:
  $ fb3cx config set pageId 1234567890 --profile acme
  $ printf '%s' "$TOKEN" | fb3cx config set pageToken --profile acme
  $ fb3cx config use acme
  $ fb3cx config list`,
    );
  const load = () => import('./config.js');
  config.command('list').description('list profiles and their values (secrets masked)').action(action(load));
  config.command('get').argument('<key>', 'the key to show').description('show one value of the profile (secrets masked)').action(action(load));
  config
    .command('set')
    .argument('<key>', 'the key to set')
    .argument('[value]', 'the value; secrets are read from standard input or a masked prompt instead')
    .description('set a value in the profile')
    .action(action(load));
  config.command('unset').argument('<key>', 'the key to remove').description('remove a value from the profile').action(action(load));
  config.command('use').argument('<profile>', 'profile name').description('make a profile the default').action(action(load));
  config.command('path').description('print where the config file is').action(action(load));
}
