/**
 * One line per command, for the overview (`fb3cx --help`) and each command's own help: the
 * catalogue key of each, read with `t()` when the help is built.
 */
export const SUMMARIES = {
  'init': 'help.summary.init',
  'verify': 'help.summary.verify',
  'subscribe': 'help.summary.subscribe',
  'review-text': 'help.summary.reviewText',
  'listen': 'help.summary.listen',
  'trigger': 'help.summary.trigger',
  'token': 'help.summary.token',
  'config': 'help.summary.config',
} as const;
