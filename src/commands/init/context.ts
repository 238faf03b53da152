/**
 * The wizard context: what every stage of `fb3cx init` may read, settle and call. A type-only
 * module, so the stages, the helpers and the wizard can all import it without import cycles.
 * Each stage takes only the part it needs (`Pick<WizardContext, ...>`), as create-astro's
 * actions do.
 */
import type { AppContext, GlobalOptions } from '../../context.js';
import type { Answers } from '../../core/init/answers.js';
import type { AnswerKey, StageNumber } from '../../core/init/stages.js';
import type { Profile } from '../../core/profile.js';
import type { Facts } from '../../core/verify/facts.js';
import type { CheckResult, VerifyInputs, WebhookProber } from '../../core/verify/types.js';
import type { GraphApi } from '../../graph/types.js';
import type { SandboxIdentity } from '../../sandbox/types.js';
import type { Session } from '../../session.js';
import type { ConnectionOptions } from '../types.js';

export interface InitOptions extends ConnectionOptions {
  stage?: number;
  restart?: boolean;
  yes?: boolean;
  company?: string;
  extension?: string;
  passwordStdin?: boolean;
  privacyUrl?: string;
  saveSecrets?: boolean;
  manualWebhook?: boolean;
  out?: string;
  force?: boolean;
}

export interface AskOptions {
  /** Enter leaves it out. */
  optional?: boolean;
  /** Asked again after a failure: a given answer is not taken as it is. */
  again?: boolean;
  /** Offered when neither the profile nor the sandbox has one (a guess from another answer). */
  fallback?: string | undefined;
}

/** What the wizard has settled so far; the stages fill it in and `save` writes it. */
export interface WizardState {
  readonly profileName: string;
  /** The profile as last saved (or as found when the run started). */
  profile: Profile | undefined;
  /** Answers given on the command line, stdin or env: used without asking. */
  readonly given: Answers;
  /** Offered as defaults: the saved profile, then the sandbox's fictional customer. */
  readonly defaults: Answers;
  /** What this run has settled on so far. */
  readonly answers: Answers;
  privacyUrl: string | undefined;
  /** The app secret once Meta accepted it with the App ID; undefined until then. */
  validatedSecret: string | undefined;
  pageName: string | undefined;
  /** The person agreed to keep the page token and app secret in the profile (mode 0600). */
  saveSecrets: boolean;
  verifyToken: string | undefined;
  /** The last answer to "open in your browser?", offered again as the default. */
  openBrowser: boolean | undefined;
}

export interface WizardContext extends WizardState {
  readonly options: InitOptions & GlobalOptions;
  /** --yes: nothing is asked; answers come from flags, env, the profile and the sandbox. */
  readonly yes: boolean;
  /** The sandbox's fictional customer, under --sandbox. */
  readonly identity: SandboxIdentity | undefined;
  readonly session: Session;
  readonly out: AppContext['out'];
  readonly prompt: AppContext['prompt'];
  readonly cwd: string;
  readonly openUrl: AppContext['openUrl'];
  readonly randomBytes: AppContext['randomBytes'];
  readonly now: () => number;
  /** Probes the 3CX webhook URL (loaded on first use). */
  readonly prober: WebhookProber;

  /** The settled value of one answer. */
  current(key: AnswerKey): string | undefined;
  /** Lines for the person, on stderr. */
  say(...lines: string[]): void;
  /** Settles one answer: given, defaulted under --yes, or asked at the terminal. */
  ask(key: AnswerKey, options?: AskOptions): Promise<string | undefined>;
  /** Offers to open pages in the browser (never under --yes or --sandbox). */
  offerToOpen(urls: string[], question: string): Promise<void>;
  verifyInputs(): VerifyInputs;
  /** The Graph facts about what is known now, each read once. */
  facts(): Promise<Facts>;
  /** Runs some verify checks with what is known now; Meta unreachable stops the run (exit 3). */
  check(ids: string[]): Promise<{ results: CheckResult[]; facts: Facts }>;
  /** A Graph step outside the checks: a refusal becomes one clear error, progress stays saved. */
  graphStep<T>(step: () => Promise<T>): Promise<T>;
  /** The Graph client, by default signed with the validated app secret. */
  graph(options?: { appSecret: string | undefined }): Promise<GraphApi>;
  /** Writes the whole profile once a stage is finished. */
  save(stage: StageNumber): void;
}
