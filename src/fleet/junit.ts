import { writeFile } from 'node:fs/promises';
import type { FleetReport } from './types.js';

/** Placeholder until the JUnit writer lands: the report as JSON, so the wiring can be exercised. */
export async function writeJunit(report: FleetReport, file: string): Promise<void> {
  await writeFile(file, `${JSON.stringify(report)}\n`, 'utf8');
}
