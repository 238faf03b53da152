/**
 * Plain-language explanations and fixes for the Graph API error codes fb3cx meets.
 * Source: shared reference graph-api-facts sections 1, 7.2, 10 and 11. Each row names its
 * sentences by catalogue key (graph.json); they are looked up in the active language when an
 * error is explained.
 */
import type { ParseKeys } from 'i18next';
import { t } from '../i18n/index.js';

export interface Explanation {
  explanation: string;
  fix: string;
}

interface Row {
  explanation: ParseKeys;
  fix: ParseKeys;
}

const BY_SUBCODE: Record<string, Row> = {
  '1/99': { explanation: 'graph.explain.c1_99.explanation', fix: 'graph.explain.c1_99.fix' },
  '613/1996': { explanation: 'graph.explain.c613_1996.explanation', fix: 'graph.explain.c613_1996.fix' },
  '10/2018278': { explanation: 'graph.explain.c10_2018278.explanation', fix: 'graph.explain.c10_2018278.fix' },
  // Messenger Platform changelog, 2026-06-25: code, subcode and title only; Meta gives no duration.
  '10/1893063': { explanation: 'graph.explain.c10_1893063.explanation', fix: 'graph.explain.c10_1893063.fix' },
  '10/2018065': { explanation: 'graph.explain.c10_2018065.explanation', fix: 'graph.explain.c10_2018065.fix' },
  '100/33': { explanation: 'graph.explain.c100_33.explanation', fix: 'graph.explain.c100_33.fix' },
  '100/2018247': { explanation: 'graph.explain.c100_2018247.explanation', fix: 'graph.explain.c100_2018247.fix' },
  '100/2018218': { explanation: 'graph.explain.c100_2018218.explanation', fix: 'graph.explain.c100_2018218.fix' },
  '100/2018001': { explanation: 'graph.explain.c100_2018001.explanation', fix: 'graph.explain.c100_2018001.fix' },
  '190/458': { explanation: 'graph.explain.c190_458.explanation', fix: 'graph.explain.newToken' },
  '190/459': { explanation: 'graph.explain.c190_459.explanation', fix: 'graph.explain.c190_459.fix' },
  '190/460': { explanation: 'graph.explain.c190_460.explanation', fix: 'graph.explain.newToken' },
  '190/463': { explanation: 'graph.explain.c190_463.explanation', fix: 'graph.explain.newToken' },
  '190/464': { explanation: 'graph.explain.c190_464.explanation', fix: 'graph.explain.c190_464.fix' },
  '190/467': { explanation: 'graph.explain.c190_467.explanation', fix: 'graph.explain.newToken' },
  '190/492': { explanation: 'graph.explain.c190_492.explanation', fix: 'graph.explain.c190_492.fix' },
  '551/1545041': { explanation: 'graph.explain.c551_1545041.explanation', fix: 'graph.explain.c551_1545041.fix' },
};

const BY_CODE: Record<number, Row> = {
  1: { explanation: 'graph.explain.c1.explanation', fix: 'graph.explain.c1.fix' },
  2: { explanation: 'graph.explain.c2.explanation', fix: 'graph.explain.c2.fix' },
  3: { explanation: 'graph.explain.c3.explanation', fix: 'graph.explain.c3.fix' },
  4: { explanation: 'graph.explain.c4.explanation', fix: 'graph.explain.c4.fix' },
  10: { explanation: 'graph.explain.c10.explanation', fix: 'graph.explain.c10.fix' },
  15: { explanation: 'graph.explain.c15.explanation', fix: 'graph.explain.c15.fix' },
  17: { explanation: 'graph.explain.c17.explanation', fix: 'graph.explain.c17.fix' },
  32: { explanation: 'graph.explain.c32.explanation', fix: 'graph.explain.c32.fix' },
  100: { explanation: 'graph.explain.c100.explanation', fix: 'graph.explain.c100.fix' },
  102: { explanation: 'graph.explain.c102.explanation', fix: 'graph.explain.newToken' },
  190: { explanation: 'graph.explain.c190.explanation', fix: 'graph.explain.newToken' },
  200: { explanation: 'graph.explain.c200.explanation', fix: 'graph.explain.c200.fix' },
  210: { explanation: 'graph.explain.c210.explanation', fix: 'graph.explain.c210.fix' },
  341: { explanation: 'graph.explain.c341.explanation', fix: 'graph.explain.c341.fix' },
  368: { explanation: 'graph.explain.c368.explanation', fix: 'graph.explain.c368.fix' },
  506: { explanation: 'graph.explain.c506.explanation', fix: 'graph.explain.c506.fix' },
  551: { explanation: 'graph.explain.c551.explanation', fix: 'graph.explain.c551.fix' },
  613: { explanation: 'graph.explain.c613.explanation', fix: 'graph.explain.c613.fix' },
  2200: { explanation: 'graph.explain.c2200.explanation', fix: 'graph.explain.c2200.fix' },
  2500: { explanation: 'graph.explain.c2500.explanation', fix: 'graph.explain.c2500.fix' },
  80001: { explanation: 'graph.explain.c80001.explanation', fix: 'graph.explain.c80001.fix' },
  80006: { explanation: 'graph.explain.c80006.explanation', fix: 'graph.explain.c80006.fix' },
};

const APPSECRET_PROOF: Row = { explanation: 'graph.explain.appsecretProof.explanation', fix: 'graph.explain.appsecretProof.fix' };

function explained(row: Row): Explanation {
  return { explanation: t(row.explanation), fix: t(row.fix) };
}

export function explainGraphError(code: number | undefined, subcode: number | undefined, message?: string): Explanation | undefined {
  if (code === undefined) return undefined;
  if (code === 100 && message !== undefined && /appsecret_proof/i.test(message)) return explained(APPSECRET_PROOF);
  if (subcode !== undefined) {
    const specific = BY_SUBCODE[`${code}/${subcode}`];
    if (specific) return explained(specific);
  }
  const general = BY_CODE[code];
  if (general) return explained(general);
  if (code >= 200 && code <= 299 && BY_CODE[200]) return explained(BY_CODE[200]);
  return undefined;
}

/** Every code/subcode fb3cx explains, for tests and documentation. */
export function knownGraphErrorKeys(): string[] {
  return [...Object.keys(BY_CODE), ...Object.keys(BY_SUBCODE)];
}
