// The English catalogue, one JSON file per area of the program (src/i18n/README.md).
import checks from './en/checks.json' with { type: 'json' };
import cli from './en/cli.json' with { type: 'json' };
import common from './en/common.json' with { type: 'json' };
import config from './en/config.json' with { type: 'json' };
import fleet from './en/fleet.json' with { type: 'json' };
import graph from './en/graph.json' with { type: 'json' };
import help from './en/help.json' with { type: 'json' };
import init from './en/init.json' with { type: 'json' };
import init3cx from './en/init3cx.json' with { type: 'json' };
import listen from './en/listen.json' with { type: 'json' };
import pbx from './en/pbx.json' with { type: 'json' };
import replay from './en/replay.json' with { type: 'json' };
import review from './en/review.json' with { type: 'json' };
import settings from './en/settings.json' with { type: 'json' };
import subscribe from './en/subscribe.json' with { type: 'json' };
import token from './en/token.json' with { type: 'json' };
import trigger from './en/trigger.json' with { type: 'json' };
import verify from './en/verify.json' with { type: 'json' };
import webhook from './en/webhook.json' with { type: 'json' };

export const catalogue = { checks, cli, common, config, fleet, graph, help, init, init3cx, listen, pbx, replay, review, settings, subscribe, token, trigger, verify, webhook };
