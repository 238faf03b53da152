import type { Command } from 'commander';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { settingOption } from './options.js';

export function defineToken(program: Command, action: ActionFactory): void {
  const token = program
    .command('token')
    .description(SUMMARIES['token'])
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx token inspect --sandbox short-lived-token
  $ fb3cx token inspect --profile acme --json
  $ printf '%s' "$USER_TOKEN" | fb3cx token exchange --user-token-stdin --profile acme --save
  $ fb3cx token exchange --sandbox short-lived-token --save

Exit codes: 0 the page token is fine (inspect) or the new one does not expire (exchange),
1 it is not (or Meta refused the user token or page), 2 usage (a missing App ID, app secret,
token or Page ID), 3 Meta unreachable, 130 interrupted.`,
    );
  const load = () => import('../token.js');
  token
    .command('inspect')
    .description("what the page token is, when it and its data access expire, its scopes and what will end it (debug_token)")
    .addOption(settingOption('pageId', 'Facebook Page ID the token should belong to'))
    .addOption(settingOption('appId', 'Meta App ID; debug_token needs it'))
    .addOption(settingOption('pageToken'))
    .addOption(settingOption('appSecret', '(debug_token needs it)'))
    .action(action(() => load().then((m) => m.tokenInspect)));
  token
    .command('exchange')
    .description("turn a page admin's user token into a page token that does not expire, show what changed and offer to save it")
    .addOption(settingOption('pageId', 'Facebook Page ID to get the token of'))
    .addOption(settingOption('appId', 'Meta App ID the user token was made for'))
    .addOption(settingOption('appSecret', '(the exchange needs it)'))
    .addOption(settingOption('userToken', '(never stored; one line, after the app secret when both are piped)'))
    .option('-y, --yes', 'no questions: save the new page token in the profile (as --save does)')
    .option('--save', 'save the new page token in the profile without asking')
    .option('--print-token', 'write the new page token alone to standard output, for a clipboard pipe (refused on a terminal)')
    .action(action(() => load().then((m) => m.tokenExchange)));
}
