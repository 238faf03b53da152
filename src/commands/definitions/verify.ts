import type { Command } from 'commander';
import { Option } from 'commander';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { commaList, integerOption, settingOption } from './options.js';

export function defineVerify(program: Command, action: ActionFactory): void {
  program
    .command('verify')
    .description(SUMMARIES['verify'])
    .addOption(settingOption('pageId'))
    .addOption(settingOption('appId'))
    .addOption(settingOption('webhookUrl', '3CX webhook URL, the Callback URL'))
    .addOption(settingOption('webClientUrl', '3CX web client URL; the Website platform should be on its host'))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret'))
    .addOption(settingOption('pbxUrl', '3CX address for its Configuration API (optional)'))
    .addOption(settingOption('pbxClientId', '3CX API client ID (optional)'))
    .addOption(settingOption('pbxClientSecret', 'for the 3CX checks (optional)'))
    .addOption(new Option('--gap-minutes <minutes>', "delivery.gap fails when Meta's newest activity is newer than 3CX's by more than this").default(30).argParser(integerOption('--gap-minutes', 1, 100_000)))
    .addOption(new Option('--only <ids>', 'run only these checks (comma-separated ids or prefixes such as token)').argParser(commaList))
    .addOption(new Option('--skip <ids>', 'skip these checks (comma-separated ids or prefixes)').argParser(commaList))
    .option('--strict', 'count warnings as failures (exit 1)')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx verify --sandbox                      rehearse against the built-in emulator
  $ FB3CX_PAGE_TOKEN=... fb3cx verify --page-id 1234567890 --json
  $ fb3cx verify --profile acme --only token,page

Exit codes: 0 no check failed, 1 a check failed, 2 usage or configuration error,
3 the checks could not run, 130 interrupted.`,
    )
    .action(action(() => import('../verify.js').then((m) => m.verify)));
}
