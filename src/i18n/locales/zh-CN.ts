// 简体中文 catalogue: the same files and keys as en/ (test/unit/i18n-catalogues.test.ts).
import common from './zh-CN/common.json' with { type: 'json' };
import fleet from './zh-CN/fleet.json' with { type: 'json' };
import listen from './zh-CN/listen.json' with { type: 'json' };
import pbx from './zh-CN/pbx.json' with { type: 'json' };
import verify from './zh-CN/verify.json' with { type: 'json' };
import webhook from './zh-CN/webhook.json' with { type: 'json' };

export const catalogue = { common, fleet, listen, pbx, verify, webhook };
