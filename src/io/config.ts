import { chmodSync, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { DEFAULT_PROFILE, type Profile } from '../core/profile.js';

interface StoreShape {
  currentProfile?: string;
  profiles?: Record<string, Profile>;
}

/** Where profiles live: FB3CX_CONFIG_DIR, else $XDG_CONFIG_HOME/fb3cx, else ~/.config/fb3cx. */
export function configDirectory(env: NodeJS.ProcessEnv): string {
  if (env.FB3CX_CONFIG_DIR) return env.FB3CX_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'fb3cx');
}

export interface ConfigStore {
  readonly path: string;
  currentProfileName(): string;
  setCurrentProfile(name: string): void;
  listProfiles(): Record<string, Profile>;
  getProfile(name: string): Profile | undefined;
  saveProfile(name: string, profile: Profile): void;
}

type ConfInstance = {
  path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  store: Record<string, unknown>;
};

/**
 * Profiles on disk through conf. The file is written atomically with mode 0600 (it may hold
 * secrets); a file that cannot be parsed is reported with its path and never rewritten.
 */
export async function openConfigStore(env: NodeJS.ProcessEnv): Promise<ConfigStore> {
  const cwd = configDirectory(env);
  const path = join(cwd, 'config.json');
  const { default: Conf } = await import('conf');
  let conf: ConfInstance;
  try {
    conf = new Conf<StoreShape>({
      projectName: 'fb3cx',
      cwd,
      configName: 'config',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
    }) as unknown as ConfInstance;
    // Reading once here surfaces a corrupt file before any command starts.
    void conf.store;
  } catch (error) {
    throw corruptConfig(path, error);
  }

  const read = (): StoreShape => {
    try {
      const store = conf.store as StoreShape;
      if (store.profiles !== undefined && (typeof store.profiles !== 'object' || store.profiles === null || Array.isArray(store.profiles))) {
        throw new SyntaxError('"profiles" is not an object');
      }
      return store;
    } catch (error) {
      throw corruptConfig(path, error);
    }
  };
  const write = (next: StoreShape): void => {
    conf.store = next as Record<string, unknown>;
    // conf sets the mode on create; an older file made by hand keeps its mode, so tighten it.
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  };

  return {
    path,
    currentProfileName: () => read().currentProfile ?? DEFAULT_PROFILE,
    setCurrentProfile: (name) => write({ ...read(), currentProfile: name }),
    listProfiles: () => ({ ...(read().profiles ?? {}) }),
    getProfile: (name) => read().profiles?.[name],
    saveProfile: (name, profile) => {
      const store = read();
      write({ ...store, profiles: { ...(store.profiles ?? {}), [name]: profile } });
    },
  };
}

function corruptConfig(path: string, error: unknown): ConfigError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const dir = dirname(path);
    return new ConfigError(`The config folder ${dir} is not a folder (a file has that name).`, 'Point FB3CX_CONFIG_DIR at a folder, or move that file away.', error);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ConfigError(`fb3cx may not read or write ${path} (permission denied).`, 'Check the file\'s owner and mode, or point FB3CX_CONFIG_DIR at a folder of yours.', error);
  }
  // JSON.parse messages quote the file's text, which may hold a token: never repeat them.
  const reason = error instanceof SyntaxError ? 'it is not valid JSON' : error instanceof Error && 'code' in error ? `error ${String(error.code)}` : 'unexpected content';
  return new ConfigError(
    `The config file ${path} cannot be read (${reason}); fb3cx left it untouched.`,
    `Fix or move that file (for example: mv "${path}" "${path}.bak"), or point FB3CX_CONFIG_DIR at another folder.`,
    error,
  );
}
