// 简体中文 catalogue: the same files and keys as en/ (test/unit/i18n-catalogues.test.ts).
import checks from './zh-CN/checks.json' with { type: 'json' };
import common from './zh-CN/common.json' with { type: 'json' };
import graph from './zh-CN/graph.json' with { type: 'json' };
import listen from './zh-CN/listen.json' with { type: 'json' };
import webhook from './zh-CN/webhook.json' with { type: 'json' };

export const catalogue = { checks, common, graph, listen, webhook };
