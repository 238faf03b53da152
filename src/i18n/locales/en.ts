// The English catalogue, one JSON file per area of the program (src/i18n/README.md).
import checks from './en/checks.json' with { type: 'json' };
import common from './en/common.json' with { type: 'json' };
import graph from './en/graph.json' with { type: 'json' };
import listen from './en/listen.json' with { type: 'json' };
import webhook from './en/webhook.json' with { type: 'json' };

export const catalogue = { checks, common, graph, listen, webhook };
