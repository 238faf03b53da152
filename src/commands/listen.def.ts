import type { Command } from 'commander';
import type { ActionFactory } from './types.js';

export function defineListen(program: Command, action: ActionFactory): void {
  void program;
  void action;
}
