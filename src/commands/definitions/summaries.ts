/** One line per command, for the overview (`fb3cx --help`) and each command's own help. */
export const SUMMARIES = {
  'init': 'guided setup: Meta app and page token, 3CX, webhook, App Review and Live; checks every stage and saves a profile',
  'verify': 'check the page token, page subscription, app webhook, review settings and the 3CX webhook',
  'subscribe': 'subscribe the page to the six webhook fields 3CX needs (POST /{page-id}/subscribed_apps), then read it back',
  'review-text': "write the App Review texts, test instructions, shot list and settings checklist, filled in with the customer's details",
  'listen': 'run a local webhook endpoint and print the Messenger events Meta delivers (for a person, or for CI with --json)',
  'trigger': 'send a realistic, signed Messenger webhook event to a URL (fb3cx listen, 3CX or your own endpoint)',
  'token': 'inspect the page token (type, expiry, data access, scopes) and exchange a user token for a page token that does not expire',
  'config': 'show and change saved profiles (page, app, 3CX URLs; secrets only when you choose)',
} as const;
