// The English catalogue, one JSON file per area of the program (src/i18n/README.md).
import common from './en/common.json' with { type: 'json' };
import fleet from './en/fleet.json' with { type: 'json' };
import listen from './en/listen.json' with { type: 'json' };
import pbx from './en/pbx.json' with { type: 'json' };
import verify from './en/verify.json' with { type: 'json' };
import webhook from './en/webhook.json' with { type: 'json' };

export const catalogue = { common, fleet, listen, pbx, verify, webhook };
