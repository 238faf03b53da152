import { renderReport } from '../../core/verify/render.js';
import { t } from '../../i18n/index.js';
import { terminalColumns } from '../../core/text.js';
import type { VerifyReport } from '../../core/verify/types.js';
import type { Presenter } from '../types.js';

/** What verify found, and what its text names in its first line. */
export interface VerifyResult {
  report: VerifyReport;
  pageId: string;
  appId: string | undefined;
  graphVersion: string;
  /** The sandbox scenario, under --sandbox. */
  sandbox: string | undefined;
  strict: boolean;
}

/** `--json` prints the report itself (README: "fb3cx verify --json"). */
export const verifyPresenter: Presenter<VerifyResult, VerifyReport> = {
  json: (result) => result.report,
  human: ({ report, pageId, appId, graphVersion, sandbox, strict }, screen) => {
    const columns = terminalColumns(screen.columns);
    return [
      renderReport(report, screen.style, { pageId, appId, graphVersion, sandbox, width: columns === undefined ? undefined : Math.min(columns, 120), wrap: screen.wrap }),
      ...(!report.ok && strict && report.summary.fail === 0 ? [{ stderr: t('verify.report.strictNote') }] : []),
    ];
  },
};
