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
    .addOption(new Option('--expiry-warn-days <n>', 'warn about tokens whose data access ends within n days (default 14)').argParser(integerOption('--expiry-warn-days', 0, 365)))
    .option('--inventory <file>', 'verify every customer of a CSV file or JSON array (a fleet run)')
    .option('--all-profiles', 'verify every saved profile (a fleet run)')
    .addOption(new Option('--concurrency <n>', 'fleet: customers verified at the same time (default 8)').argParser(integerOption('--concurrency', 1, 256)))
    .addOption(new Option('--customers <names>', 'fleet: only these customers (comma-separated names)').argParser(commaList))
    .option('--shard <i/n>', 'fleet: only shard i of n (from 1; a customer always lands in the same shard)')
    .option('--state <file>', "fleet: remember each customer's result and report what changed since the last run")
    .option('--notify-url <url>', 'fleet: POST a JSON summary (with a text field) there when something changed; needs --state')
    .option('--junit <file>', 'fleet: write a JUnit XML report (a testsuite per customer)')
    .option('--html <file>', 'fleet: write a self-contained HTML report')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx verify --sandbox                      rehearse against the built-in emulator
  $ FB3CX_PAGE_TOKEN=... fb3cx verify --page-id 1234567890 --json
  $ fb3cx verify --profile acme --only token,page
  $ fb3cx verify --inventory customers.csv --state fleet-state.json --junit fleet.xml
  $ fb3cx verify --sandbox --inventory examples/fleet.csv   rehearse a fleet run

Exit codes: 0 no check failed, 1 a check failed, 2 usage or configuration error,
3 the checks could not run, 130 interrupted. A fleet run: 0 every customer passed,
1 one failed or was invalid, 3 Meta could not be reached for one.`,
    )
    .action(action(() => import('../verify.js').then((m) => m.verify)));
}
