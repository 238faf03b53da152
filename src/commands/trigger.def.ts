import { Command, Option } from 'commander';
import { integerOption, type ActionFactory } from './types.js';

export function defineTrigger(program: Command, action: ActionFactory): void {
  program
    .command('trigger')
    .description('send a realistic, signed Messenger webhook event to a URL (fb3cx listen, 3CX or your own endpoint)')
    .argument('<type>', 'message, echo, delivery, read, pre_checkout, customer_information, postback or reaction')
    .option('--url <url>', 'webhook URL to POST to', 'http://127.0.0.1:8080/webhook')
    .option('--text <text>', 'message text (message, echo) or button title (postback)', 'Hello from fb3cx trigger')
    .option('--page-id <id>', 'Facebook Page ID the event is for (env FB3CX_PAGE_ID, the profile, or a fictional page)')
    .option('--sender <psid>', 'page-scoped ID of the person writing (made up when not given)')
    .addOption(new Option('--batch <n>', 'put n events in one POST, spread over several entries').argParser(integerOption('--batch', 1, 1000)).default(1))
    .option('--standby', 'deliver the events under "standby" (another app owns the thread)')
    .addOption(new Option('--signature <kind>', 'how to sign: sha256 (default with an app secret), sha1, both or none').choices(['sha256', 'sha1', 'both', 'none']))
    .option('--app-secret-stdin', 'read the app secret from standard input (or env FB3CX_APP_SECRET, or the profile)')
    .addOption(new Option('--timeout <seconds>', 'give up when there is no answer after this long').argParser(integerOption('--timeout', 1, 300)).default(10))
    .option('--dry-run', 'print the body and headers that would be sent, and send nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx trigger message --text "hello"                 to fb3cx listen on the default port
  $ fb3cx trigger delivery --batch 5 --url http://127.0.0.1:9000/webhook
  $ fb3cx trigger echo --signature none --json
  $ fb3cx trigger message --sandbox --dry-run

Exit codes: 0 the endpoint answered 2xx, 1 it answered something else, 2 usage error,
3 it could not be reached.`,
    )
    .action(action(() => import('./trigger.js')));
}
