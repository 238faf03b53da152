import type { Command } from 'commander';
import { Option } from 'commander';
import type { ActionFactory } from '../types.js';
import { STICKER_FORMS, TRIGGER_TYPES } from '../../core/webhook/types.js';
import { SUMMARIES } from './summaries.js';
import { choiceOption, integerOption, settingOption } from './options.js';

export function defineTrigger(program: Command, action: ActionFactory): void {
  program
    .command('trigger')
    .description(SUMMARIES['trigger'])
    .argument('[type]', `${TRIGGER_TYPES.slice(0, -1).join(', ')} or ${TRIGGER_TYPES.at(-1) ?? ''} (not with --replay)`)
    .option('--url <url>', 'webhook URL to POST to (default http://127.0.0.1:8080/webhook; with --replay the 3CX webhook URL from the settings)')
    .option('--text <text>', 'message text (message, echo) or button title (postback)', 'Hello from fb3cx trigger')
    .addOption(settingOption('pageId', 'Facebook Page ID the event is for (else the profile\'s, or a fictional page)'))
    .option('--sender <psid>', "page-scoped ID of the person writing (made up when not given; under --sandbox the sandbox's known person)")
    .addOption(new Option('--batch <n>', 'put n events in one POST, spread over several entries').argParser(integerOption('--batch', 1, 1000)).default(1))
    .addOption(
      new Option('--sticker-form <form>', 'sticker: "sticker" (the new attachment type, default), "image" (the old form, an image with a sticker ID) or "both" (one event of each)').argParser(
        choiceOption('--sticker-form', STICKER_FORMS),
      ),
    )
    .option('--standby', 'deliver the events under "standby" (another app owns the thread)')
    .addOption(new Option('--signature <kind>', 'how to sign: sha256 (default with an app secret), sha1, both or none').argParser(choiceOption('--signature', ['sha256', 'sha1', 'both', 'none'])))
    .addOption(settingOption('appSecret', 'to sign the event'))
    .addOption(new Option('--timeout <seconds>', 'give up when there is no answer after this long').argParser(integerOption('--timeout', 1, 300)).default(10))
    .option('--dry-run', 'print the body and headers that would be sent (with --replay: the events), and send nothing')
    .option('--replay <file>', 'send again, in order, one POST each, the events fb3cx listen --save kept in this file')
    .option('--since <time>', '--replay: only events from this time on (2026-05-01T14:00 in local time, or a duration back like 2h)')
    .option('--until <time>', '--replay: only events before this time (same forms)')
    .option('--resume', '--replay: skip the events an earlier replay delivered to this URL (recorded in <file>.replay-state.jsonl)')
    .option('--again', '--replay: send again what an earlier replay delivered to this URL (3CX then shows it twice)')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx trigger message --text "hello"                 to fb3cx listen on the default port
  $ fb3cx trigger delivery --batch 5 --url http://127.0.0.1:9000/webhook
  $ fb3cx trigger echo --signature none --json
  $ fb3cx trigger sticker --sticker-form both           both forms Meta sent during the 2026 change
  $ fb3cx trigger message --sandbox --dry-run
  $ fb3cx trigger --replay events.jsonl --url https://pbx.example.com/... --since 2h
  $ fb3cx trigger --replay events.jsonl --resume       after a stop, send the rest

--replay refuses to send an event twice to the same URL: when an earlier replay
delivered some of them, add --resume (skip those) or --again (send them again).
Failed sends are retried with backoff; the run stops at an event that keeps failing.

Exit codes: 0 the endpoint answered 2xx (every event, with --replay), 1 it answered
something else or an event was not delivered, 2 usage error, 3 it could not be
reached, 130 Ctrl-C.`,
    )
    .action(action(() => import('../trigger.js').then((m) => m.trigger)));
}
