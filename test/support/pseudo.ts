import { STORED_KEYS } from '../../src/settings/schema.js';

/**
 * Finds the lines of output that a person reads in plain English although fb3cx ran in the
 * pseudo-locale en-XA (src/i18n/pseudo.ts): each one is a sentence that escaped the catalogues.
 * What is not a sentence is set aside first: pseudo-localised text (between ⟦ and ⟧), URLs,
 * quoted values, paths, flags, environment variable names, commands, IDs, check ids, numbers,
 * and the names of things (products, the sandbox's own page and app names).
 */
const NOT_WORDS: RegExp[] = [
  /\u001b\[[0-9;]*m/g,
  /⟦[^⟧]*⟧/g,
  /https?:\/\/\S+/g,
  // Meta's own message after its error code ("(#190/463) Error validating access token: …, fbtrace_id …"):
  // quoted from the Graph API as Meta wrote it, for support requests.
  /\(#\d+(?:\/\d+)?\)[^⟦⟧\n]*/g,
  // A list of three or more identifiers (event types, scopes): data, not prose.
  /\b[a-z_]+(?:, [a-z_]+){2,}\b/g,
  /"[^"\n]*"|“[^”\n]*”|'[^'\n]*'/g,
  /(?<![\w-])--?[a-zA-Z][\w-]*(=\S*)?/g,
  /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g,
  // The tunnel commands listen's header shows, to be typed as they are.
  /\b(?:ngrok http|cloudflared tunnel)\b/g,
  // An HTTP header as trigger --dry-run shows it (`content-type: application/json`): data, sent as it is.
  /^[a-z]+(?:-[a-z0-9]+)+: \S+$/g,
  // A token or ID of 20 characters or more without a space (a generated verify token) is no word.
  /(?<![\w-])[\w-]{20,}(?![\w-])/g,
  // A path before fb3cx's name: a temporary folder may be called fb3cx-test-….
  /(?:\.{0,2}\/|~\/)[\w./-]+/g,
  /\bfb3cx(?: (?:init|verify|subscribe|review-text|listen|trigger|config|token)(?: (?:list|get|set|unset|use|path|inspect|exchange))?)?\b/g,
  // The command names that begin an item of the help's command list ("  init [options]  ...").
  /^ {2}(?:init|verify|subscribe|review-text|listen|trigger|token|config|help|list|get|set|unset|use|path|inspect|exchange)(?=[ [<]|$)/g,
  /\b[\w-]+\.[\w.-]+\b/g,
  /\b[a-z]+(?:[_-][a-z0-9]+)+\b/g,
  /\b\d[\d.,:]*\w*\b/g,
];

/** Words that are names, not English: they stay as they are in every language (the config keys among them: company, extension, lang). */
const NAMES = new Set(
  [
    ...STORED_KEYS,
    '3CX', 'Meta', 'Facebook', 'Messenger', 'Graph', 'API', 'Page', 'App', 'Review', 'Webhooks', 'Webhook', 'JSON', 'JUnit', 'HTML', 'CSV', 'HTTP', 'HTTPS', 'TLS', 'DNS', 'URL', 'ID', 'IDs', 'PSID', 'OK',
    'Contoso', 'Coffee', 'Connector', 'Support', 'Ltd', 'init', 'Maria', 'Jonas', 'GET', 'POST', 'DELETE', 'XAPI', 'OAuth', 'sha1', 'sha256', 'Node', 'Ctrl', 'PBX',
    // The one webhook field name without an underscore (subscribe lists the fields as they are).
    'messages',
    'en', 'zh', 'CN', 'XA', 'EAA', 'SIGINT', 'SIGTERM', 'stdin', 'stdout', 'stderr', 'true', 'false', 'null',
  ].map((word) => word.toLowerCase()),
);

/** A line of a JSON document (trigger --dry-run shows the body it would send): data. */
const JSON_LINE = /^\s*(?:"[^"]*"\s*:.*|[{}[\]],?)$/;
/** A line that is one name alone (a profile's heading in fb3cx config list): data. */
const NAME_LINE = /^\s*[\w-]+\s*$/;

export function englishLeft(output: string): string[] {
  // A pseudo-localised message wrapped over several lines (the help wraps at 80 columns) is still
  // one message: set it aside whole, keeping its line breaks.
  // The same for a quoted value the wrap broke in two ("Hello from\n fb3cx trigger").
  const unwrapped = output.replace(/⟦[^⟧]*⟧|"[^"\n]*\n[^"\n]*"/g, (message) => message.replace(/[^\n]+/g, ' '));
  const lines = output.split('\n');
  return unwrapped.split('\n').flatMap((line, index) => (!JSON_LINE.test(lines[index] ?? '') && !NAME_LINE.test(lines[index] ?? '') && leftInEnglish(line) ? [lines[index] ?? line] : []));
}

function leftInEnglish(line: string): boolean {
  let rest = line;
  for (const pattern of NOT_WORDS) rest = rest.replace(pattern, ' ');
  const words = rest.match(/[A-Za-z]{2,}/g) ?? [];
  return words.some((word) => !NAMES.has(word.toLowerCase()));
}
