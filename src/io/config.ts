import { accessSync, chmodSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, systemErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
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
    super(`${problem.key}: ${problem.expected}`);
  }
}

/** JSON.parse, then the shape check: conf hands every read of the file through here. */
function parseConfig(text: string): ConfigData {
  const data: unknown = JSON.parse(text);
  if (!isConfigData(data)) throw new ConfigShapeError(configShapeProblem(data) ?? { key: ROOT_KEY, expected: t('config.kind.object'), found: t('config.kind.other') });
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

function unreadableConfig(path: string, error: unknown): ConfigError {
  const code = systemErrorCode(error);
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new ConfigError(t('config.file.notFolder', { dir: dirname(path) }), t('config.file.notFolderHint'), error);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ConfigError(t('config.file.denied', { path }), t('config.file.deniedHint'), error);
  }
  if (error instanceof ConfigShapeError) {
    const { key, expected, found, quoted } = error.problem;
    const message = key === ROOT_KEY ? t('config.file.shapeRoot', { path, expected, found }) : t('config.file.shape', { path, key, expected, found });
    return new ConfigError(
      message,
      quoted !== undefined ? t('config.file.shapeQuoteHint', { name: key.split('.').pop() ?? key, value: quoted, path }) : t('config.file.fixInFileHint', { path }),
      error,
    );
  }
  // JSON.parse messages quote the file's text, which may hold a token: never repeat them.
  if (error instanceof SyntaxError) return new ConfigError(t('config.file.notJson', { path }), t('config.file.fixOrMoveHint', { path }), error);
  if (code) return new ConfigError(t('config.file.unreadableCode', { path, code }), t('config.file.fixOrMoveHint', { path }), error);
  return new ConfigError(t('config.file.unreadable', { path }), t('config.file.fixOrMoveHint', { path }), error);
}

/** Any failure to write the store (a read-only folder, a full disk, a file in the way) is the user's configuration, not a bug. */
function unwritableConfig(path: string, error: unknown): ConfigError {
  const code = systemErrorCode(error);
  const hint = t('config.file.unwritableHint', { dir: dirname(path) });
  if (code === 'EACCES' || code === 'EPERM') return new ConfigError(t('config.file.unwritableDenied', { path }), hint, error);
  if (code === 'EROFS') return new ConfigError(t('config.file.unwritableReadOnly', { path }), hint, error);
  if (code === 'ENOSPC') return new ConfigError(t('config.file.unwritableFull', { path }), hint, error);
  if (code) return new ConfigError(t('config.file.unwritableCode', { path, code }), hint, error);
  return new ConfigError(t('config.file.unwritable', { path }), hint, error);
}
