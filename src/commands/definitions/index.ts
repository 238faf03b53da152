import type { Command } from 'commander';
import type { Measure } from '../../settings/schema.js';
import type { ActionFactory } from '../types.js';
import { defineConfig } from './config.js';
import { defineInit } from './init.js';
import { defineListen } from './listen.js';
import { defineReviewText } from './review-text.js';
import { defineSubscribe } from './subscribe.js';
import { defineToken } from './token.js';
import { defineTrigger } from './trigger.js';
import { defineVerify } from './verify.js';

/**
 * Every command's options and help, one file per command beside this one. They are built for
 * every run (the bundle holds them in the CLI's own chunk); each action loads its command's
 * module only when that command runs.
 */
export { SUMMARIES } from './summaries.js';

/** The commands that only group others (token inspect|exchange, config list|get|...): alone, they print their help. */
export const GROUP_COMMANDS: readonly string[] = ['token', 'config'];

export function defineCommands(program: Command, action: ActionFactory, measure?: Measure): void {
  for (const define of [defineInit, defineVerify, defineSubscribe, defineReviewText, defineListen, defineTrigger, defineToken]) define(program, action);
  defineConfig(program, action, measure);
}
