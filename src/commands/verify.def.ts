import { Command, Option } from 'commander';
import { commaList, type ActionFactory } from './types.js';

export function defineVerify(program: Command, action: ActionFactory): void {
  program
    .command('verify')
    .description('check the page token, page subscription, app webhook, review settings and the 3CX webhook')
    .option('--page-id <id>', 'Facebook Page ID (env FB3CX_PAGE_ID)')
    .option('--app-id <id>', 'Meta App ID (env FB3CX_APP_ID)')
    .option('--webhook-url <url>', '3CX webhook URL, the Callback URL (env FB3CX_WEBHOOK_URL)')
    .option('--web-client-url <url>', '3CX web client URL; the Website platform should be on its host (env FB3CX_WEB_CLIENT_URL)')
    .option('--page-token-stdin', 'read the page token from standard input (or env FB3CX_PAGE_TOKEN)')
    .option('--app-secret-stdin', 'read the app secret from standard input (or env FB3CX_APP_SECRET)')
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
    .action(action(() => import('./verify.js')));
}
