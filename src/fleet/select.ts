/**
 * Which customers this run takes: `--customers a,b` names them, `--shard i/n` takes a stable
 * share. A customer's shard depends only on its name (FNV-1a hash of the UTF-8 name, modulo n),
 * so adding, removing or reordering other customers never moves it to another CI job.
 */
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { closestMatch } from '../core/did-you-mean.js';
import { quoted } from '../core/text.js';

export interface Shard {
  /** From 1, as test runners count shards. */
  index: number;
  count: number;
}

/** Parses "2/4"; the usage error names the flag and the form. */
export function parseShard(value: string): Shard {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(t('fleet.select.badShard', { value: quoted(value) }), t('fleet.select.badShardHint'));
  }
  return { index, count };
}

/** FNV-1a over the name's UTF-8 bytes: small, fast and the same on every machine and Node version. */
export function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The shard (from 1) that a customer of this name always lands in. */
export function shardOf(name: string, count: number): number {
  return (nameHash(name) % count) + 1;
}

/**
 * The rows of this run, in inventory order: those named by --customers (an unknown name is a
 * usage error with the closest known one), then those of this shard.
 */
export function selectCustomers<T extends { name: string }>(rows: readonly T[], options: { customers?: readonly string[] | undefined; shard?: Shard | undefined }): T[] {
  let selected = [...rows];
  if (options.customers && options.customers.length > 0) {
    const names = rows.map((row) => row.name);
    const unknown = options.customers.filter((name) => !names.includes(name));
    if (unknown.length > 0) {
      const suggestions = unknown.map((name) => closestMatch(name, names)).filter((name) => name !== undefined);
      throw new UsageError(
        t('fleet.select.unknownCustomers', { count: unknown.length, names: unknown.map((name) => quoted(name)).join(', ') }),
        suggestions.length > 0 ? t('fleet.select.didYouMean', { names: suggestions.join(', ') }) : t('fleet.select.exactNames'),
      );
    }
    const wanted = new Set(options.customers);
    selected = selected.filter((row) => wanted.has(row.name));
  }
  const shard = options.shard;
  if (shard) selected = selected.filter((row) => shardOf(row.name, shard.count) === shard.index);
  return selected;
}
