// 简体中文 catalogue: the same files and keys as en/ (test/unit/i18n-catalogues.test.ts).
import checks from './zh-CN/checks.json' with { type: 'json' };
import cli from './zh-CN/cli.json' with { type: 'json' };
import common from './zh-CN/common.json' with { type: 'json' };
import config from './zh-CN/config.json' with { type: 'json' };
import fleet from './zh-CN/fleet.json' with { type: 'json' };
import graph from './zh-CN/graph.json' with { type: 'json' };
import help from './zh-CN/help.json' with { type: 'json' };
import init from './zh-CN/init.json' with { type: 'json' };
import init3cx from './zh-CN/init3cx.json' with { type: 'json' };
import listen from './zh-CN/listen.json' with { type: 'json' };
import pbx from './zh-CN/pbx.json' with { type: 'json' };
import replay from './zh-CN/replay.json' with { type: 'json' };
import review from './zh-CN/review.json' with { type: 'json' };
import settings from './zh-CN/settings.json' with { type: 'json' };
import subscribe from './zh-CN/subscribe.json' with { type: 'json' };
import token from './zh-CN/token.json' with { type: 'json' };
import trigger from './zh-CN/trigger.json' with { type: 'json' };
import verify from './zh-CN/verify.json' with { type: 'json' };
import webhook from './zh-CN/webhook.json' with { type: 'json' };

export const catalogue = { checks, cli, common, config, fleet, graph, help, init, init3cx, listen, pbx, replay, review, settings, subscribe, token, trigger, verify, webhook };
