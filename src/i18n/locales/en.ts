// The English catalogue, one JSON file per area of the program (src/i18n/README.md).
import common from './en/common.json' with { type: 'json' };
import init from './en/init.json' with { type: 'json' };
import listen from './en/listen.json' with { type: 'json' };
import review from './en/review.json' with { type: 'json' };
import webhook from './en/webhook.json' with { type: 'json' };

export const catalogue = { common, init, listen, review, webhook };
