import type { Command } from 'commander';
import type { AppContext, GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { validateProfileName, type Profile } from '../core/profile.js';
import { cleanPasted, maskSecret } from '../core/secrets.js';
import { join } from 'node:path';
import { configDirectory } from '../io/config.js';
import { readAllStdin } from '../io/stdin.js';
import { isSecret, isStoredKey, setting, settingProblem, STORED_KEYS, type StoredKey, type Where } from '../settings/schema.js';
import { profileNameFrom } from '../session.js';

const KEY_LIST = STORED_KEYS.join(', ');

function describeValue(key: StoredKey, value: string | undefined): string {
  if (value === undefined) return '(not set)';
  return isSecret(key) ? maskSecret(value) : value;
}

/** The profile as it may be shown: secrets masked, nothing else changed. */
function displayProfile(profile: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    out[key] = isStoredKey(key) && isSecret(key) ? maskSecret(String(value)) : value;
  }
  return out;
}

function requireKey(key: string): StoredKey {
  if (!isStoredKey(key)) throw new UsageError(`Unknown key "${key}".`, `Keys: ${KEY_LIST}.`);
  return key;
}

export async function run(ctx: AppContext, options: GlobalOptions, args: string[], command: Command): Promise<number> {
  if (ctx.env.FB3CX_SANDBOX !== undefined || options.sandbox) throw new UsageError('fb3cx config works on your saved profiles, not on the sandbox; drop --sandbox.');
  const sub = command.name();
  if (sub === 'path') {
    // Works even when the file is corrupt: that is when people need to find it.
    const path = join(configDirectory(ctx.env), 'config.json');
    if (options.json) ctx.out.resultJson({ schemaVersion: 1, path });
    else ctx.out.result(path);
    return 0;
  }
  const store = await ctx.configStore();
  const name = profileNameFrom(options, ctx.env, store);
  const out = ctx.out;

  switch (sub) {
    case 'list': {
      const profiles = store.listProfiles();
      const current = store.currentProfileName();
      if (options.json) {
        out.resultJson({
          schemaVersion: 1,
          current,
          path: store.path,
          profiles: Object.fromEntries(Object.entries(profiles).map(([key, profile]) => [key, displayProfile(profile)])),
        });
        return 0;
      }
      const names = Object.keys(profiles);
      if (names.length === 0) {
        out.result(`No profiles yet (${store.path}).`);
        out.info('Create one with fb3cx init, or fb3cx config set pageId <id> --profile <name>.');
        return 0;
      }
      const width = Math.max(...STORED_KEYS.map((key) => key.length));
      for (const profileName of names.sort()) {
        const profile = profiles[profileName] as Profile;
        out.result(`${profileName === current ? out.style.green('●') : ' '} ${out.style.bold(profileName)}${profileName === current ? out.style.dim(' (default)') : ''}`);
        for (const key of STORED_KEYS) {
          if (profile[key] !== undefined) out.result(`    ${key.padEnd(width)}  ${describeValue(key, profile[key])}`);
        }
        if (profile.init) out.result(`    ${'init'.padEnd(width)}  ${out.style.dim(`stage ${profile.init.completedStage} of 4 done`)}`);
      }
      return 0;
    }
    case 'get': {
      const key = requireKey(args[0] as string);
      const value = store.getProfile(name)?.[key];
      if (options.json) out.resultJson({ schemaVersion: 1, profile: name, key, set: value !== undefined, value: value === undefined ? null : describeValue(key, value) });
      else if (value === undefined) out.result(out.style.dim('(not set)'));
      else out.result(describeValue(key, value));
      return value === undefined ? 1 : 0;
    }
    case 'set': {
      const key = requireKey(args[0] as string);
      const spec = setting(key);
      let value = args[1];
      let where: Where = 'argument';
      if (spec.secret && value !== undefined) {
        throw new UsageError(
          `Secrets are not accepted as arguments (they would stay in your shell history and the process list).`,
          `Pipe it instead: printf '%s' "$VALUE" | fb3cx config set ${key}${options.profile ? ` --profile ${options.profile}` : ''}`,
        );
      }
      if (value === undefined) {
        const message = `${spec.prompt}:`;
        const validate = (typed: string): string | true => settingProblem(key, typed.trim(), 'prompt') ?? true;
        if (!ctx.stdin.isTTY) {
          value = await readAllStdin(ctx.stdin, spec.description);
          where = 'stdin';
        } else if (ctx.prompt.interactive) {
          value = spec.secret ? await ctx.prompt.password({ message, validate }) : await ctx.prompt.input({ message, validate });
          where = 'prompt';
        } else throw new UsageError(`fb3cx config set ${key} needs a value.`);
      }
      const cleaned = cleanPasted(value);
      if (cleaned === undefined) throw new UsageError(`The value for ${key} is empty.`);
      if (spec.secret) ctx.out.secrets.add(cleaned);
      const problem = settingProblem(key, cleaned, where);
      if (problem) throw new UsageError(problem);
      const nameProblem = validateProfileName(name);
      if (nameProblem) throw new UsageError(nameProblem);
      const existing = store.getProfile(name) ?? {};
      store.saveProfile(name, { ...existing, [key]: cleaned });
      out.info(`${out.errStyle.green('✔')} ${key} saved in profile "${name}" (${spec.secret ? `${maskSecret(cleaned)}, file mode 0600` : cleaned}).`);
      if (options.json) out.resultJson({ schemaVersion: 1, profile: name, key, saved: true });
      return 0;
    }
    case 'unset': {
      const key = requireKey(args[0] as string);
      const existing = store.getProfile(name);
      if (!existing || existing[key] === undefined) {
        out.info(`${key} was not set in profile "${name}".`);
        if (options.json) out.resultJson({ schemaVersion: 1, profile: name, key, removed: false });
        return 0;
      }
      const next = { ...existing };
      delete next[key];
      store.saveProfile(name, next);
      out.info(`${out.errStyle.green('✔')} ${key} removed from profile "${name}".`);
      if (options.json) out.resultJson({ schemaVersion: 1, profile: name, key, removed: true });
      return 0;
    }
    case 'use': {
      const target = args[0] as string;
      const problem = validateProfileName(target);
      if (problem) throw new UsageError(problem);
      const profiles = store.listProfiles();
      if (!profiles[target]) {
        const known = Object.keys(profiles);
        throw new UsageError(`There is no profile named "${target}".`, known.length > 0 ? `Known profiles: ${known.join(', ')}.` : 'Create one with fb3cx init or fb3cx config set.');
      }
      store.setCurrentProfile(target);
      out.info(`${out.errStyle.green('✔')} "${target}" is now the default profile.`);
      if (options.json) out.resultJson({ schemaVersion: 1, current: target });
      return 0;
    }
    default:
      throw new UsageError(`Unknown config command "${sub}".`, 'Use list, get, set, unset, use or path.');
  }
}
