import { accessSync, chmodSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, systemErrorCode } from '../errors.js';
import { configShapeProblem, DEFAULT_PROFILE, ROOT_KEY, isConfigData, type ConfigData, type Profile, type ShapeProblem } from '../core/profile.js';

/** Where profiles live: FB3CX_CONFIG_DIR, else $XDG_CONFIG_HOME/fb3cx, else ~/.config/fb3cx. */
export function configDirectory(env: NodeJS.ProcessEnv): string {
  if (env.FB3CX_CONFIG_DIR) return env.FB3CX_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'fb3cx');
}

/** The profiles as they are on disk, read on every call; what a command that only reads needs. */
export interface ConfigReader {
  readonly path: string;
  currentProfileName(): string;
  listProfiles(): Record<string, Profile>;
  getProfile(name: string): Profile | undefined;
}

/** The profiles, to read and to change. */
export interface ConfigStore extends ConfigReader {
  setCurrentProfile(name: string): void;
  saveProfile(name: string, profile: Profile): void;
  /**
   * Throws the ConfigError a save would throw when the config folder cannot be written, so a
   * run that saves later (init) can stop before it changes anything.
   */
  assertWritable(): void;
}

/** Valid JSON that is not shaped as fb3cx writes it; thrown while conf parses the file. */
class ConfigShapeError extends Error {
  constructor(readonly problem: ShapeProblem) {
    super(`${problem.key} must be ${problem.expected}`);
  }
}

/** JSON.parse, then the shape check: conf hands every read of the file through here. */
function parseConfig(text: string): ConfigData {
  const data: unknown = JSON.parse(text);
  if (!isConfigData(data)) throw new ConfigShapeError(configShapeProblem(data) ?? { key: ROOT_KEY, expected: 'an object', found: 'something else' });
  return data;
}

/** The profiles of a config file, read through `read` (a missing file is no profiles). */
function readerOver(path: string, read: () => ConfigData): ConfigReader {
  return {
    path,
    currentProfileName: () => read().currentProfile ?? DEFAULT_PROFILE,
    listProfiles: () => ({ ...(read().profiles ?? {}) }),
    getProfile: (name) => read().profiles?.[name],
  };
}

/**
 * The profiles for a command that only reads them (verify, listen, config list, ...). conf is
 * the writer (atomic writes, file mode) and loads its schema compiler and helpers, about a
 * quarter of `config list`'s time; reading needs only the file, with the same shape check and
 * the same errors as the store.
 */
export function openConfigReader(env: NodeJS.ProcessEnv): ConfigReader {
  const path = join(configDirectory(env), 'config.json');
  return readerOver(path, () => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') return {};
      throw unreadableConfig(path, error);
    }
    try {
      return parseConfig(text);
    } catch (error) {
      throw unreadableConfig(path, error);
    }
  });
}

/**
 * Profiles on disk through conf. The file is written atomically with mode 0600 (it may hold
 * secrets). Every read checks the file's shape; a file that cannot be parsed or has the wrong
 * shape is reported with its path and the bad key, and never rewritten (every write reads first).
 */
export async function openConfigStore(env: NodeJS.ProcessEnv): Promise<ConfigStore> {
  const cwd = configDirectory(env);
  const path = join(cwd, 'config.json');
  const { default: Conf } = await import('conf');
  let conf: InstanceType<typeof Conf<ConfigData>>;
  try {
    conf = new Conf<ConfigData>({
      projectName: 'fb3cx',
      cwd,
      configName: 'config',
      configFileMode: 0o600,
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      deserialize: parseConfig,
    });
  } catch (error) {
    throw unreadableConfig(path, error);
  }

  const read = (): ConfigData => {
    try {
      return conf.store;
    } catch (error) {
      throw unreadableConfig(path, error);
    }
  };
  const write = (next: ConfigData): void => {
    try {
      conf.store = next;
      // conf sets the mode on create; an older file made by hand keeps its mode, so tighten it.
      if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch (error) {
      throw unwritableConfig(path, error);
    }
  };

  return {
    ...readerOver(path, read),
    setCurrentProfile: (name) => write({ ...read(), currentProfile: name }),
    saveProfile: (name, profile) => {
      const store = read();
      write({ ...store, profiles: { ...(store.profiles ?? {}), [name]: profile } });
    },
    assertWritable: () => {
      try {
        // conf made the folder when it opened the file; a write replaces the file by a rename in it.
        accessSync(cwd, constants.W_OK);
      } catch (error) {
        throw unwritableConfig(path, error);
      }
    },
  };
}

const MOVE_AWAY = (path: string) => `move it away (mv "${path}" "${path}.bak") and fb3cx starts a new one, or point FB3CX_CONFIG_DIR at another folder`;

function unreadableConfig(path: string, error: unknown): ConfigError {
  const code = systemErrorCode(error);
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    const dir = dirname(path);
    return new ConfigError(`The config folder ${dir} is not a folder (a file has that name).`, 'Point FB3CX_CONFIG_DIR at a folder, or move that file away.', error);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ConfigError(`fb3cx may not read or write ${path} (permission denied).`, 'Check the file\'s owner and mode, or point FB3CX_CONFIG_DIR at a folder of yours.', error);
  }
  if (error instanceof ConfigShapeError) {
    const { key, expected, found, quoted } = error.problem;
    const what = key === ROOT_KEY ? `the file must hold ${expected}` : `${key} must be ${expected}`;
    return new ConfigError(
      `The config file ${path} is valid JSON but not shaped as fb3cx expects: ${what}, not ${found}. fb3cx left the file untouched.`,
      quoted !== undefined ? `Write it in quotes ("${key.split('.').pop() ?? key}": "${quoted}"), or ${MOVE_AWAY(path)}.` : `Fix that in the file, or ${MOVE_AWAY(path)}.`,
      error,
    );
  }
  // JSON.parse messages quote the file's text, which may hold a token: never repeat them.
  const reason = error instanceof SyntaxError ? 'it is not valid JSON' : code ? `error ${code}` : 'unexpected content';
  return new ConfigError(`The config file ${path} cannot be read (${reason}); fb3cx left it untouched.`, `Fix that file, or ${MOVE_AWAY(path)}.`, error);
}

/** Any failure to write the store (a read-only folder, a full disk, a file in the way) is the user's configuration, not a bug. */
function unwritableConfig(path: string, error: unknown): ConfigError {
  const code = systemErrorCode(error);
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'a read-only file system' : code === 'ENOSPC' ? 'the disk is full' : code ? `error ${code}` : 'an unexpected error';
  return new ConfigError(
    `fb3cx cannot write the config file ${path} (${why}); nothing was saved.`,
    `Make ${dirname(path)} writable for you, or point FB3CX_CONFIG_DIR at a folder you can write.`,
    error,
  );
}
