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
    .argument('<type>', `${TRIGGER_TYPES.slice(0, -1).join(', ')} or ${TRIGGER_TYPES.at(-1) ?? ''}`)
    .option('--url <url>', 'webhook URL to POST to', 'http://127.0.0.1:8080/webhook')
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
    .option('--dry-run', 'print the body and headers that would be sent, and send nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx trigger message --text "hello"                 to fb3cx listen on the default port
  $ fb3cx trigger delivery --batch 5 --url http://127.0.0.1:9000/webhook
  $ fb3cx trigger echo --signature none --json
  $ fb3cx trigger sticker --sticker-form both           both forms Meta sent during the 2026 change
  $ fb3cx trigger message --sandbox --dry-run

Exit codes: 0 the endpoint answered 2xx, 1 it answered something else, 2 usage error,
3 it could not be reached.`,
    )
    .action(action(() => import('../trigger.js').then((m) => m.trigger)));
}
