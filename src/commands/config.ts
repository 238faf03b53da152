import { join } from 'node:path';
import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { validateProfileName, type Profile } from '../core/profile.js';
import { cleanPasted, maskSecret } from '../core/secrets.js';
import { configDirectory, type ConfigReader, type ConfigStore } from '../io/config.js';
import { readAllStdin } from '../io/stdin.js';
import { isSecret, isStoredKey, setting, settingProblem, STORED_KEYS, type StoredKey, type Where } from '../settings/schema.js';
import { profileNameFrom } from '../session.js';
import {
  configGetPresenter,
  configListPresenter,
  configPathPresenter,
  configSetPresenter,
  configUnsetPresenter,
  configUsePresenter,
  type ConfigGetJson,
  type ConfigGetResult,
  type ConfigListJson,
  type ConfigListResult,
  type ConfigPathJson,
  type ConfigPathResult,
  type ConfigSetJson,
  type ConfigSetResult,
  type ConfigUnsetJson,
  type ConfigUnsetResult,
  type ConfigUseJson,
  type ConfigUseResult,
} from './present/config.js';
import type { ResultCommand } from './types.js';
import { quoted } from '../core/text.js';
import { t } from '../i18n/index.js';

/** config has no options of its own: only the global ones (--profile, --json, ...). */
type NoOptions = object;


/** The profile as it may be shown: secrets masked, nothing else changed. */
function displayProfile(profile: Profile): Profile {
  const shown: Profile = { ...profile };
  for (const key of STORED_KEYS) {
    const value = profile[key];
    if (value !== undefined && isSecret(key)) shown[key] = maskSecret(value);
  }
  return shown;
}

function requireKey(key: string | undefined): StoredKey {
  if (key === undefined || !isStoredKey(key)) throw new UsageError(t('config.unknownKey', { key: quoted(key ?? '') }), t('config.keysHint', { keys: STORED_KEYS.join(', ') }));
  return key;
}

/** The store and the profile name set, unset and use change. */
async function openProfiles(ctx: AppContext, options: GlobalOptions): Promise<{ store: ConfigStore; name: string }> {
  refuseSandbox(ctx, options);
  const store = await ctx.configStore();
  return { store, name: profileNameFrom(options, ctx.env, store) };
}

/** The profiles and the profile name list and get show, without loading the writer. */
async function readProfiles(ctx: AppContext, options: GlobalOptions): Promise<{ store: ConfigReader; name: string }> {
  refuseSandbox(ctx, options);
  const store = await ctx.configReader();
  return { store, name: profileNameFrom(options, ctx.env, store) };
}

function refuseSandbox(ctx: AppContext, options: GlobalOptions): void {
  if (ctx.env.FB3CX_SANDBOX !== undefined || options.sandbox) throw new UsageError(t('config.noSandbox'));
}

export const configPath: ResultCommand<NoOptions, ConfigPathResult, ConfigPathJson> = {
  kind: 'result',
  present: configPathPresenter,
  async run(ctx, options) {
    refuseSandbox(ctx, options);
    // Works even when the file is corrupt: that is when people need to find it.
    return { result: { path: join(configDirectory(ctx.env), 'config.json') }, exitCode: ExitCode.ok };
  },
};

export const configList: ResultCommand<NoOptions, ConfigListResult, ConfigListJson> = {
  kind: 'result',
  present: configListPresenter,
  async run(ctx, options) {
    const { store } = await readProfiles(ctx, options);
    const profiles = Object.fromEntries(Object.entries(store.listProfiles()).map(([name, profile]) => [name, displayProfile(profile)]));
    return { result: { current: store.currentProfileName(), path: store.path, profiles }, exitCode: ExitCode.ok };
  },
};

export const configGet: ResultCommand<NoOptions, ConfigGetResult, ConfigGetJson> = {
  kind: 'result',
  present: configGetPresenter,
  async run(ctx, options, args) {
    const { store, name } = await readProfiles(ctx, options);
    const key = requireKey(args[0]);
    const value = store.getProfile(name)?.[key];
    const shown = value === undefined ? undefined : isSecret(key) ? maskSecret(value) : value;
    return { result: { profile: name, key, value: shown }, exitCode: value === undefined ? ExitCode.checkFailed : ExitCode.ok };
  },
};

export const configSet: ResultCommand<NoOptions, ConfigSetResult, ConfigSetJson> = {
  kind: 'result',
  present: configSetPresenter,
  async run(ctx, options, args) {
    const { store, name } = await openProfiles(ctx, options);
    const key = requireKey(args[0]);
    const spec = setting(key);
    let value = args[1];
    let where: Where = 'argument';
    if (spec.secret && value !== undefined) {
      throw new UsageError(t('config.secretArgument'), t('config.secretArgumentHint', { command: `fb3cx config set ${key}${options.profile ? ` --profile ${options.profile}` : ''}` }));
    }
    if (value === undefined) {
      const message = t('cli.ask.prompt', { prompt: spec.prompt });
      const validate = (typed: string): string | true => settingProblem(key, typed.trim(), 'prompt') ?? true;
      if (!ctx.stdin.isTTY) {
        value = await readAllStdin(ctx.stdin, spec.description);
        where = 'stdin';
      } else if (ctx.prompt.interactive) {
        value = spec.secret ? await ctx.prompt.password({ message, validate }) : await ctx.prompt.input({ message, validate });
        where = 'prompt';
      } else throw new UsageError(t('config.needsValue', { key }));
    }
    const cleaned = cleanPasted(value);
    if (cleaned === undefined) throw new UsageError(t('config.emptyValue', { key }));
    if (spec.secret) ctx.out.secrets.add(cleaned);
    const problem = settingProblem(key, cleaned, where);
    if (problem) throw new UsageError(problem);
    const existing = store.getProfile(name) ?? {};
    store.saveProfile(name, { ...existing, [key]: cleaned });
    return { result: { profile: name, key, shown: spec.secret ? maskSecret(cleaned) : cleaned, secret: spec.secret }, exitCode: ExitCode.ok };
  },
};

export const configUnset: ResultCommand<NoOptions, ConfigUnsetResult, ConfigUnsetJson> = {
  kind: 'result',
  present: configUnsetPresenter,
  async run(ctx, options, args) {
    const { store, name } = await openProfiles(ctx, options);
    const key = requireKey(args[0]);
    const existing = store.getProfile(name);
    if (!existing || existing[key] === undefined) return { result: { profile: name, key, removed: false }, exitCode: ExitCode.ok };
    const next = { ...existing };
    delete next[key];
    store.saveProfile(name, next);
    return { result: { profile: name, key, removed: true }, exitCode: ExitCode.ok };
  },
};

export const configUse: ResultCommand<NoOptions, ConfigUseResult, ConfigUseJson> = {
  kind: 'result',
  present: configUsePresenter,
  async run(ctx, options, args) {
    const { store } = await openProfiles(ctx, options);
    const target = args[0] ?? '';
    const problem = validateProfileName(target);
    if (problem) throw new UsageError(problem);
    const profiles = store.listProfiles();
    if (!profiles[target]) {
      const known = Object.keys(profiles);
      throw new UsageError(t('cli.profile.none', { name: quoted(target) }), known.length > 0 ? t('config.knownProfiles', { profiles: known.join(', ') }) : t('config.createHint'));
    }
    store.setCurrentProfile(target);
    return { result: { current: target }, exitCode: ExitCode.ok };
  },
};
