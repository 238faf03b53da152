import type { Profile } from '../../core/profile.js';
import { STORED_KEYS, type StoredKey } from '../../settings/schema.js';
import { t } from '../../i18n/index.js';
import type { HumanLine, Presenter } from '../types.js';

/**
 * The presenters of `fb3cx config list|get|set|unset|use|path`. Values in these results are
 * already masked where the key is a secret: a result never holds a secret to print.
 */

export interface ConfigPathResult {
  path: string;
}

export type ConfigPathJson = { schemaVersion: 1 } & ConfigPathResult;

export const configPathPresenter: Presenter<ConfigPathResult, ConfigPathJson> = {
  json: ({ path }) => ({ schemaVersion: 1, path }),
  human: ({ path }) => [path],
};

export interface ConfigListResult {
  current: string;
  path: string;
  /** Every profile, secrets masked. */
  profiles: Record<string, Profile>;
}

export type ConfigListJson = { schemaVersion: 1 } & ConfigListResult;

export const configListPresenter: Presenter<ConfigListResult, ConfigListJson> = {
  json: ({ current, path, profiles }) => ({ schemaVersion: 1, current, path, profiles }),
  human: ({ current, path, profiles }, { style }) => {
    const names = Object.keys(profiles);
    if (names.length === 0) return [t('config.list.none', { path }), { stderr: t('config.list.createHint') }];
    const width = Math.max(...STORED_KEYS.map((key) => key.length));
    const lines: HumanLine[] = [];
    for (const name of names.sort()) {
      const profile = profiles[name] ?? {};
      // The default profile's row is one message: "acme (default)" / "acme（默认）".
      lines.push(name === current ? `${style.green('●')} ${t('config.list.current', { name: style.bold(name) })}` : `  ${style.bold(name)}`);
      for (const key of STORED_KEYS) {
        const value = profile[key];
        if (value !== undefined) lines.push(`    ${key.padEnd(width)}  ${value}`);
      }
      if (profile.init) lines.push(`    ${'init'.padEnd(width)}  ${style.dim(t('config.list.stageDone', { stage: profile.init.completedStage, stages: 4 }))}`);
    }
    return lines;
  },
};

export interface ConfigGetResult {
  profile: string;
  key: StoredKey;
  /** Masked when the key is a secret; undefined when not set. */
  value: string | undefined;
}

export interface ConfigGetJson {
  schemaVersion: 1;
  profile: string;
  key: StoredKey;
  set: boolean;
  value: string | null;
}

export const configGetPresenter: Presenter<ConfigGetResult, ConfigGetJson> = {
  json: ({ profile, key, value }) => ({ schemaVersion: 1, profile, key, set: value !== undefined, value: value ?? null }),
  // Unset, stdout stays empty (as with git config): `$(fb3cx config get pageId)` never holds a placeholder.
  human: ({ profile, key, value }) => (value === undefined ? [{ stderr: t('config.get.notSet', { key, profile: `"${profile}"` }) }] : [value]),
};

export interface ConfigSetResult {
  profile: string;
  key: StoredKey;
  /** The value as it may be shown: masked when the key is a secret. */
  shown: string;
  secret: boolean;
}

export interface ConfigSetJson {
  schemaVersion: 1;
  profile: string;
  key: StoredKey;
  saved: true;
}

export const configSetPresenter: Presenter<ConfigSetResult, ConfigSetJson> = {
  json: ({ profile, key }) => ({ schemaVersion: 1, profile, key, saved: true }),
  // The confirmation is for people: stdout stays empty so that scripts see only --json.
  human: () => [],
  notes: ({ profile, key, shown, secret }, { errStyle }) => [
    `${errStyle.green('✔')} ${secret ? t('config.set.savedSecret', { key, profile: `"${profile}"`, shown }) : t('config.set.saved', { key, profile: `"${profile}"`, shown })}`,
  ],
};

export interface ConfigUnsetResult {
  profile: string;
  key: StoredKey;
  removed: boolean;
}

export type ConfigUnsetJson = { schemaVersion: 1 } & ConfigUnsetResult;

export const configUnsetPresenter: Presenter<ConfigUnsetResult, ConfigUnsetJson> = {
  json: ({ profile, key, removed }) => ({ schemaVersion: 1, profile, key, removed }),
  human: () => [],
  notes: ({ profile, key, removed }, { errStyle }) => [
    removed ? `${errStyle.green('✔')} ${t('config.unset.removed', { key, profile: `"${profile}"` })}` : t('config.unset.notSet', { key, profile: `"${profile}"` }),
  ],
};

export interface ConfigUseResult {
  current: string;
}

export type ConfigUseJson = { schemaVersion: 1 } & ConfigUseResult;

export const configUsePresenter: Presenter<ConfigUseResult, ConfigUseJson> = {
  json: ({ current }) => ({ schemaVersion: 1, current }),
  human: () => [],
  notes: ({ current }, { errStyle }) => [`${errStyle.green('✔')} ${t('config.use.done', { profile: `"${current}"` })}`],
};
