import { createRequire } from 'node:module';

/**
 * commander, loaded through require: its ESM entry is a wrapper around the same CommonJS
 * module, and going through it costs the start-up an extra module and a CommonJS export scan.
 */
const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

export const { Command, CommanderError, Option } = commander;
