import type { Command } from 'commander';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { integerOption, settingOption } from './options.js';

export function defineInit(program: Command, action: ActionFactory): void {
  program
    .command('init')
    .description(SUMMARIES['init'])
    .option('--stage <n>', 'go straight to stage 1-4 (1 Meta app, 2 3CX, 3 webhook, 4 App Review)', integerOption('--stage', 1, 4))
    .option('--restart', 'start over from stage 1 even when progress is saved')
    .option('-y, --yes', 'no questions: take every answer from flags and env, accept every proposed change (for scripts and CI)')
    .addOption(settingOption('pageId'))
    .addOption(settingOption('appId'))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret', '(optional)'))
    .addOption(settingOption('webhookUrl', '3CX webhook URL, shown by 3CX after "Add Facebook"'))
    .addOption(settingOption('webClientUrl', '3CX web client URL, such as https://pbx.example.com:5001/webclient'))
    .addOption(settingOption('company', 'company name for the App Review texts'))
    .addOption(settingOption('extension', 'temporary 3CX test extension for the reviewer'))
    .addOption(settingOption('password', '(never stored)'))
    .addOption(settingOption('privacyUrl', 'privacy policy URL for the App Review texts (optional)'))
    .option('--save-secrets', 'with --yes: keep the page token and app secret in the profile (file mode 0600)')
    .option('--manual-webhook', 'never set the app webhook by API; print the dashboard steps instead')
    .option('--out <dir>', 'folder for the App Review pack (default fb3cx-review-pack)')
    .option('--force', 'with --yes: replace an existing App Review pack in --out')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx init --sandbox                  rehearse the whole setup (press Enter to accept the defaults)
  $ fb3cx init --profile acme             the real thing; progress is saved in profile "acme"
  $ fb3cx init --stage 3                  go straight to the webhook stage
  $ FB3CX_PAGE_TOKEN=... FB3CX_TEST_PASSWORD=... fb3cx init --yes --page-id 1234567890 \\
      --app-id 9876543210 --webhook-url https://pbx.example.com/... \\
      --web-client-url https://pbx.example.com:5001/webclient --company "Acme" --extension 901

Running init again offers to continue where you stopped or to start over. Under --sandbox the
answers are saved in profile "sandbox" (or --profile). With --yes, a missing answer is an error
that lists every missing one at once.

Exit codes: 0 finished (the final report may still warn), 1 finished but a check failed,
2 usage (such as --yes with missing answers), 3 cannot run (Meta unreachable), 130 interrupted.`,
    )
    .action(action(() => import('../init.js').then((m) => m.init)));
}
