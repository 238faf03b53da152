// 简体中文 catalogue: the same files and keys as en/ (test/unit/i18n-catalogues.test.ts).
import cli from './zh-CN/cli.json' with { type: 'json' };
import common from './zh-CN/common.json' with { type: 'json' };
import config from './zh-CN/config.json' with { type: 'json' };
import help from './zh-CN/help.json' with { type: 'json' };
import listen from './zh-CN/listen.json' with { type: 'json' };
import settings from './zh-CN/settings.json' with { type: 'json' };
import webhook from './zh-CN/webhook.json' with { type: 'json' };

export const catalogue = { cli, common, config, help, listen, settings, webhook };
