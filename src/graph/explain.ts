/**
 * Plain-language explanations and fixes for the Graph API error codes fb3cx meets.
 * Source: shared reference graph-api-facts sections 1, 7.2, 10 and 11.
 */
export interface Explanation {
  explanation: string;
  fix: string;
}

const TOKEN_FIX =
  'Generate a new page token (Meta developer portal > your app > Messenger > Messenger API Settings > Access Tokens > Generate token), paste it into 3CX (Admin > Voice & Chat > your Facebook trunk) and into fb3cx.';

const BY_SUBCODE: Record<string, Explanation> = {
  '1/99': {
    explanation: 'Meta answered "unknown error". For Messenger this often means a missing permission, missing Advanced Access or missing Business Verification.',
    fix: 'Check that pages_messaging has Advanced Access (App Review) and that Business Verification is complete; retry later if it persists.',
  },
  '613/1996': {
    explanation: 'Meta throttled the app because its request volume is inconsistent.',
    fix: 'Wait a few minutes and try again with a steadier request rate.',
  },
  '10/2018278': {
    explanation: 'The message was sent outside the 24-hour window: the person has not written to the page in the last 24 hours.',
    fix: 'Send a new message to the page from that account first, then reply within 24 hours (or use an approved message tag).',
  },
  // Messenger Platform changelog, 2026-06-25: code, subcode and title only; Meta gives no duration.
  '10/1893063': {
    explanation: 'Meta has temporarily restricted the page: it cannot send Messenger messages, so 3CX agents cannot answer, until the restriction ends. The token and the app setup are not the cause.',
    fix: "Open the page's support inbox and its Page quality tab (Meta Business Suite) to see why and for how long, and follow what Meta asks there. Generating a new token or changing the app does not help; once Meta lifts the restriction, run fb3cx verify again.",
  },
  '10/2018065': {
    explanation: 'The message was sent outside the allowed window.',
    fix: 'Reply within 24 hours of the person\'s last message, or use an approved message tag.',
  },
  '100/33': {
    explanation: 'The object does not exist, or this token cannot see it (Meta gives the same answer for a typo and for missing access).',
    fix: 'Check the ID for typos and make sure the token belongs to that page (fb3cx verify checks token.page).',
  },
  '100/2018247': {
    explanation: 'The app may not read the sender\'s profile: Business Asset User Profile Access is missing, so 3CX agents see no name or picture.',
    fix: 'Request Advanced Access to "Business Asset User Profile Access" in App Review (it needs Business Verification).',
  },
  '100/2018218': {
    explanation: 'This person has no profile available (accounts registered with only a phone number have none).',
    fix: 'Nothing to fix on your side: 3CX will show the sender without a name.',
  },
  '100/2018001': {
    explanation: 'No Messenger user matches that recipient ID for this page.',
    fix: 'Use the page-scoped ID (PSID) from a webhook event of this page, not a user ID from another app or page.',
  },
  '190/458': { explanation: 'The app is not installed for the user who generated the token.', fix: TOKEN_FIX },
  '190/459': {
    explanation: 'The Facebook account that generated the token is checkpointed: Facebook wants that person to log in on facebook.com.',
    fix: 'Have that person log in at facebook.com and clear the checkpoint, then generate a new page token.',
  },
  '190/460': {
    explanation: 'The page token was invalidated because the person who generated it changed their Facebook password (or a security reset happened).',
    fix: TOKEN_FIX,
  },
  '190/463': { explanation: 'The page token has expired.', fix: TOKEN_FIX },
  '190/464': {
    explanation: 'The Facebook account that generated the token is not confirmed.',
    fix: 'Have that person confirm their Facebook account, then generate a new page token.',
  },
  '190/467': { explanation: 'The page token is no longer valid (the user logged out or the session was ended).', fix: TOKEN_FIX },
  '190/492': {
    explanation: 'The person who generated the page token no longer has a suitable role on the page.',
    fix: `Have a current admin of the page generate a new token. ${TOKEN_FIX}`,
  },
  '551/1545041': {
    explanation: 'This person is not available right now (they blocked the page or cannot be messaged).',
    fix: 'Do not retry; the contact cannot be reached through Messenger.',
  },
};

const BY_CODE: Record<number, Explanation> = {
  1: { explanation: 'Meta reported an unknown error or the API is unavailable.', fix: 'Retry in a few minutes; if it persists, check Meta\'s status page and the app\'s permissions.' },
  2: { explanation: 'The Graph API is temporarily unavailable.', fix: 'Retry in a few minutes.' },
  3: { explanation: 'The app lacks the capability needed for this call.', fix: 'Check the app\'s products and permissions in the Meta developer portal.' },
  4: { explanation: 'The app hit its rate limit (too many calls in the last hour).', fix: 'Wait and retry; other tools using the same app share this budget.' },
  17: { explanation: 'The user-level rate limit was reached.', fix: 'Wait and retry.' },
  32: { explanation: 'The page-level rate limit for calls with a user token was reached.', fix: 'Wait and retry, and use the page token for page calls.' },
  613: { explanation: 'A custom rate limit was reached.', fix: 'Wait a few minutes and retry.' },
  80001: { explanation: 'The page hit its Business Use Case rate limit for page-token calls.', fix: 'Wait (see estimated_time_to_regain_access) and retry.' },
  80006: { explanation: 'The page hit its Messenger rate limit.', fix: 'Wait and retry.' },
  15: {
    explanation: 'This call must be made with an app access token (App ID and app secret).',
    fix: 'Give the App ID and the app secret (FB3CX_APP_ID, FB3CX_APP_SECRET or --app-secret-stdin).',
  },
  2500: { explanation: 'Meta did not recognise the request path or the token is missing.', fix: 'Check the IDs you gave; if this persists, report it as an fb3cx bug.' },
  10: {
    explanation: 'Permission denied: the app or token does not have the permission this call needs.',
    fix: 'Grant the missing permission when generating the page token, or request it in App Review.',
  },
  100: { explanation: 'Meta rejected a parameter, field or object in the request.', fix: 'Check the IDs and values you gave; the message from Meta (above) names the problem.' },
  102: { explanation: 'The login session behind the token is no longer valid.', fix: TOKEN_FIX },
  190: { explanation: 'The access token is invalid, expired or revoked.', fix: TOKEN_FIX },
  200: {
    explanation: 'The token lacks a permission this call needs (for subscribing a page: pages_manage_metadata).',
    fix: 'Generate the page token again with pages_messaging and pages_manage_metadata granted, by a person with full control of the page.',
  },
  210: {
    explanation: 'This call needs a Page access token, but a user or app token was given.',
    fix: 'Use the token from Messenger API Settings > Access Tokens > Generate token (a page token), not a user token from the Graph API Explorer.',
  },
  341: { explanation: 'The app reached a platform limit.', fix: 'Wait and retry later.' },
  368: { explanation: 'Meta temporarily blocked this action for a policy violation.', fix: 'Wait; do not repeat the call. Check the page\'s quality status in Meta Business Suite.' },
  506: { explanation: 'Meta refused a duplicate post.', fix: 'Nothing to retry.' },
  551: { explanation: 'This person is not available right now.', fix: 'Do not retry; the contact cannot be reached through Messenger.' },
  2200: {
    explanation: 'Meta could not verify the webhook callback URL: it must answer the hub.challenge GET over public HTTPS with a valid certificate.',
    fix: 'Check the Callback URL (copy it again from 3CX), that the 3CX host is reachable from the internet on 443, its certificate is valid for its name, and the verify token matches.',
  },
};

const APPSECRET_PROOF: Explanation = {
  explanation: 'Meta refused the appsecret_proof: the app secret fb3cx was given does not belong to the app that issued the token.',
  fix: 'Copy the app secret again (App Settings > Basic > Show) from the app whose Messenger settings generated the page token, or leave the app secret out.',
};

export function explainGraphError(code: number | undefined, subcode: number | undefined, message?: string): Explanation | undefined {
  if (code === undefined) return undefined;
  if (code === 100 && message !== undefined && /appsecret_proof/i.test(message)) return APPSECRET_PROOF;
  if (subcode !== undefined) {
    const specific = BY_SUBCODE[`${code}/${subcode}`];
    if (specific) return specific;
  }
  const general = BY_CODE[code];
  if (general) return general;
  if (code >= 200 && code <= 299) return BY_CODE[200];
  return undefined;
}

/** Every code/subcode fb3cx explains, for tests and documentation. */
export function knownGraphErrorKeys(): string[] {
  return [...Object.keys(BY_CODE), ...Object.keys(BY_SUBCODE)];
}
