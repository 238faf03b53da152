import type { Command } from 'commander';
import { Option } from 'commander';
import type { ActionFactory } from '../types.js';
import { SUMMARIES } from './summaries.js';
import { commaList, integerOption, settingOption } from './options.js';

export function defineListen(program: Command, action: ActionFactory): void {
  program
    .command('listen')
    .description(SUMMARIES['listen'])
    .addOption(new Option('--port <number>', 'port to listen on; 0 picks a free one').argParser(integerOption('--port', 0, 65535)).default(8080))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'the webhook path; other paths answer 404', '/webhook')
    .addOption(settingOption('verifyToken', "the Verify Token to expect in Meta's handshake (generated when none is given)"))
    .addOption(settingOption('appSecret', 'to check signatures'))
    .addOption(settingOption('pageToken', 'for --lookup-profile and --reply'))
    .addOption(new Option('--events <types>', 'show only these event types (comma-separated: message, echo, delivery, read, pre_checkout, customer_information, postback, reaction, unknown)').argParser(commaList))
    .addOption(new Option('--exit-after <n>', 'exit 0 after n events (for CI)').argParser(integerOption('--exit-after', 1, 1_000_000_000)))
    .option('--expect-text <text>', 'exit 0 when a message with exactly this text arrives (for CI)')
    .addOption(new Option('--timeout <seconds>', 'stop after this long; exit 1 if --exit-after or --expect-text was not met by then').argParser(integerOption('--timeout', 1, 604_800)))
    .option('--save <file>', 'append every shown event to this file as JSON lines')
    .option('--forward-to [url]', 'relay every accepted POST byte for byte, signature included, to this URL (no URL: the 3CX webhook URL of the profile)')
    .addOption(new Option('--forward-timeout <seconds>', 'give up on a forward after this long').argParser(integerOption('--forward-timeout', 1, 300)).default(10))
    .option('--lookup-profile', 'look up each sender\'s name and picture with the page token (needs Business Asset User Profile Access)')
    .option('--reply <text>', 'answer each incoming message with this text through the Send API (proves pages_messaging works)')
    .option('--max-body <size>', 'largest body accepted, such as 512k or 4mb; larger answers 413', '4mb')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx listen                                   watch events on http://127.0.0.1:8080/webhook
  $ ngrok http 8080                                (another terminal) make it public over HTTPS
  $ fb3cx listen --forward-to                      watch, and relay everything to the 3CX webhook
  $ fb3cx listen --json --expect-text "ci-4711" --timeout 120 > events.jsonl
  $ fb3cx listen --sandbox --lookup-profile --reply "Thanks, we got it"
  $ fb3cx trigger message --text hello             (another terminal) send a signed test event

Exit codes: 0 stopped after --exit-after/--expect-text (or --timeout without them),
1 --timeout ran out first, 2 usage error, 3 cannot listen (port in use), 130 Ctrl-C.`,
    )
    .action(action(() => import('../listen.js').then((m) => m.listen)));
}
