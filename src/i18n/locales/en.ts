// The English catalogue, one JSON file per area of the program (src/i18n/README.md).
import cli from './en/cli.json' with { type: 'json' };
import common from './en/common.json' with { type: 'json' };
import config from './en/config.json' with { type: 'json' };
import help from './en/help.json' with { type: 'json' };
import listen from './en/listen.json' with { type: 'json' };
import settings from './en/settings.json' with { type: 'json' };
import webhook from './en/webhook.json' with { type: 'json' };

export const catalogue = { cli, common, config, help, listen, settings, webhook };
