import type { Command } from 'commander';
import { Option } from 'commander';
import type { ActionFactory } from './types.js';
import { configKeysHelp } from '../settings/schema.js';

/**
 * Every command's options and help, in one module: `fb3cx --help` loads this and commander
 * only (each extra ES module costs about a millisecond at start-up). The actions load each
 * command's own module lazily.
 */

/** Parses a comma-separated option value into a list, ignoring blanks. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

/** Parses an integer option value; commander turns the thrown error into a usage error. */
export function integerOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidOptionValue(`${name} takes a whole number from ${min} to ${max}, got "${value}".`);
    }
    return parsed;
  };
}

export class InvalidOptionValue extends Error {
  readonly code = 'commander.invalidArgument';
}

export const SUMMARIES = {
  'init': 'guided setup: Meta app and page token, 3CX, webhook, App Review and Live; checks every stage and saves a profile',
  'verify': 'check the page token, page subscription, app webhook, review settings and the 3CX webhook',
  'subscribe': 'subscribe the page to the six webhook fields 3CX needs (POST /{page-id}/subscribed_apps), then read it back',
  'review-text': "write the App Review texts, test instructions, shot list and settings checklist, filled in with the customer's details",
  'listen': 'run a local webhook endpoint and print the Messenger events Meta delivers (for a person, or for CI with --json)',
  'trigger': 'send a realistic, signed Messenger webhook event to a URL (fb3cx listen, 3CX or your own endpoint)',
  'config': 'show and change saved profiles (page, app, 3CX URLs; secrets only when you choose)',
} as const;

/** Every command's options and help; each action loads its command's own module when it runs. */
export function defineCommands(program: Command, action: ActionFactory): void {
  for (const define of [defineInit, defineVerify, defineSubscribe, defineReviewText, defineListen, defineTrigger, defineConfig]) define(program, action);
}

export function defineInit(program: Command, action: ActionFactory): void {
  program
    .command('init')
    .description(SUMMARIES['init'])
    .option('--stage <n>', 'go straight to stage 1-4 (1 Meta app, 2 3CX, 3 webhook, 4 App Review)', integerOption('--stage', 1, 4))
    .option('--restart', 'start over from stage 1 even when progress is saved')
    .option('-y, --yes', 'no questions: take every answer from flags and env, accept every proposed change (for scripts and CI)')
    .option('--page-id <id>', 'Facebook Page ID (env FB3CX_PAGE_ID)')
    .option('--app-id <id>', 'Meta App ID (env FB3CX_APP_ID)')
    .option('--page-token-stdin', 'read the page token from standard input (or env FB3CX_PAGE_TOKEN)')
    .option('--app-secret-stdin', 'read the app secret from standard input (or env FB3CX_APP_SECRET; optional)')
    .option('--webhook-url <url>', '3CX webhook URL, shown by 3CX after "Add Facebook" (env FB3CX_WEBHOOK_URL)')
    .option('--web-client-url <url>', '3CX web client URL, such as https://pbx.example.com:5001/webclient (env FB3CX_WEB_CLIENT_URL)')
    .option('--company <name>', 'company name for the App Review texts (env FB3CX_COMPANY)')
    .option('--extension <number>', 'temporary 3CX test extension for the reviewer (env FB3CX_TEST_EXTENSION)')
    .option('--password-stdin', "read the test extension's password from standard input (or env FB3CX_TEST_PASSWORD; never stored)")
    .option('--privacy-url <url>', 'privacy policy URL for the App Review texts (env FB3CX_PRIVACY_URL; optional)')
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
    .action(action(() => import('./init.js').then((m) => m.init)));
}

export function defineVerify(program: Command, action: ActionFactory): void {
  program
    .command('verify')
    .description(SUMMARIES['verify'])
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
    .action(action(() => import('./verify.js').then((m) => m.verify)));
}

export function defineSubscribe(program: Command, action: ActionFactory): void {
  program
    .command('subscribe')
    .description(SUMMARIES['subscribe'])
    .option('--page-id <id>', 'Facebook Page ID (env FB3CX_PAGE_ID)')
    .option('--app-id <id>', 'Meta App ID, to find your app among the subscribed ones (env FB3CX_APP_ID)')
    .option('--page-token-stdin', 'read the page token from standard input (or env FB3CX_PAGE_TOKEN)')
    .option('--app-secret-stdin', 'read the app secret from standard input (adds appsecret_proof)')
    .addOption(new Option('--fields <list>', 'subscribe these fields instead of the six (comma-separated); existing fields are kept').argParser(commaList))
    .option('--dry-run', 'show what would change and change nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx subscribe --sandbox not-subscribed
  $ FB3CX_PAGE_TOKEN=... fb3cx subscribe --page-id 1234567890 --dry-run
  $ fb3cx subscribe --profile acme --json

Fields already subscribed are never removed. Exit codes as verify: 0 subscribed,
1 Meta refused or the read-back is incomplete, 2 usage, 3 Meta unreachable, 130 interrupted.`,
    )
    .action(action(() => import('./subscribe.js').then((m) => m.subscribe)));
}

/** Kept in step with core/review/catalogue.ts by a unit test (this file stays import-light). */
const PIECE_LIST = 'verification-summary, pages-messaging, profile-access, test-instructions, screencast, settings-checklist';

export function defineReviewText(program: Command, action: ActionFactory): void {
  program
    .command('review-text')
    .description(SUMMARIES['review-text'])
    .option('--company <name>', 'company name shown to the reviewer (env FB3CX_COMPANY)')
    .option('--page-name <name>', 'Facebook Page name (env FB3CX_PAGE_NAME; read from the Graph API when the page token is known)')
    .option('--page-id <id>', 'Facebook Page ID, for the page name and a link to the page (env FB3CX_PAGE_ID)')
    .option('--web-client-url <url>', '3CX web client URL, https (env FB3CX_WEB_CLIENT_URL)')
    .option('--pbx-host <fqdn>', '3CX host name; the web client URL becomes https://FQDN:5001/webclient (env FB3CX_PBX_HOST)')
    .option('--extension <number>', 'temporary 3CX test extension for the reviewer (env FB3CX_TEST_EXTENSION)')
    .option('--password-stdin', "read the test extension's password from standard input (or env FB3CX_TEST_PASSWORD; never stored)")
    .addOption(new Option('--password <value>', 'refused: passwords never go on the command line').hideHelp())
    .option('--app-id <id>', 'Meta App ID (env FB3CX_APP_ID)')
    .option('--privacy-url <url>', 'privacy policy URL (env FB3CX_PRIVACY_URL)')
    .option('--page-token-stdin', 'read the page token from standard input, to look up the page name (or env FB3CX_PAGE_TOKEN)')
    .option('--app-secret-stdin', 'read the app secret from standard input, to check the app settings (or env FB3CX_APP_SECRET)')
    .option('--piece <id>', `print only this piece, raw (${PIECE_LIST})`)
    .option('--out <dir>', 'write one file per piece and an index.txt into this folder')
    .option('--force', 'let --out replace files that already exist')
    .option('--templates <dir>', 'use your own templates from this folder (same file names and placeholders)')
    .option('--open', "open the app's App Review page in the browser afterwards")
    .addHelpText(
      'after',
      `
Examples:
  $ fb3cx review-text --sandbox                     all pieces for the fictional customer
  $ printf '%s\\n' "$TEST_PASSWORD" | fb3cx review-text --company "Contoso Ltd" \\
      --page-name "Contoso Support" --pbx-host contoso.3cx.example --extension 901 --password-stdin
  $ fb3cx review-text --profile acme --piece pages-messaging | pbcopy
  $ fb3cx review-text --profile acme --out review-pack --open

With several values on standard input, give one per line: page token, app secret, then the
test password (only those whose --*-stdin flag is set).

Exit codes: 0 written, 2 missing or invalid values, a template problem or a file that would be
overwritten, 3 cannot run, 130 interrupted.`,
    )
    .action(action(() => import('./review-text.js').then((m) => m.reviewText)));
}

export function defineListen(program: Command, action: ActionFactory): void {
  program
    .command('listen')
    .description(SUMMARIES['listen'])
    .addOption(new Option('--port <number>', 'port to listen on; 0 picks a free one').argParser(integerOption('--port', 0, 65535)).default(8080))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--path <path>', 'the webhook path; other paths answer 404', '/webhook')
    .option('--verify-token <token>', 'the Verify Token to expect in Meta\'s handshake (env FB3CX_VERIFY_TOKEN; generated when none is given)')
    .option('--app-secret-stdin', 'read the app secret from standard input to check signatures (or env FB3CX_APP_SECRET, or the profile)')
    .option('--page-token-stdin', 'read the page token from standard input, for --lookup-profile and --reply (or env FB3CX_PAGE_TOKEN)')
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
    .action(action(() => import('./listen.js').then((m) => m.listen)));
}

export function defineTrigger(program: Command, action: ActionFactory): void {
  program
    .command('trigger')
    .description(SUMMARIES['trigger'])
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
    .action(action(() => import('./trigger.js').then((m) => m.trigger)));
}

export function defineConfig(program: Command, action: ActionFactory): void {
  const config = program
    .command('config')
    .description(SUMMARIES['config'])
    .addHelpText(
      'after',
      `
${configKeysHelp(80)}

Examples:
  $ fb3cx config set pageId 1234567890 --profile acme
  $ printf '%s' "$TOKEN" | fb3cx config set pageToken --profile acme
  $ fb3cx config use acme
  $ fb3cx config list`,
    );
  // Each subcommand is its own command with its own result; none dispatches on commander's names.
  const load = () => import('./config.js');
  config.command('list').description('list profiles and their values (secrets masked)').action(action(() => load().then((m) => m.configList)));
  config.command('get').argument('<key>', 'the key to show').description('show one value of the profile (secrets masked)').action(action(() => load().then((m) => m.configGet)));
  config
    .command('set')
    .argument('<key>', 'the key to set')
    .argument('[value]', 'the value; secrets are read from standard input or a masked prompt instead')
    .description('set a value in the profile')
    .action(action(() => load().then((m) => m.configSet)));
  config.command('unset').argument('<key>', 'the key to remove').description('remove a value from the profile').action(action(() => load().then((m) => m.configUnset)));
  config.command('use').argument('<profile>', 'profile name').description('make a profile the default').action(action(() => load().then((m) => m.configUse)));
  config.command('path').description('print where the config file is').action(action(() => load().then((m) => m.configPath)));
}
