import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError, ExitCode, systemErrorCode, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';

/**
 * Where a fleet report file goes (--junit, --html). The folder must exist already: making it
 * would hide a typo in a nightly job's path until someone looks for the report. The command can
 * call this before a long run, so a wrong path fails in a second, not after an hour.
 */
export async function checkReportTarget(file: string, flag: string): Promise<string> {
  const target = resolve(file);
  const folder = dirname(target);
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UsageError(t('fleet.file.folderMissing', { flag, file, folder }), t('fleet.file.folderMissingHint', { flag }));
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(t('fleet.file.isFolder', { flag, file }));
  return target;
}

/**
 * Writes a report beside its final name and renames it into place, so a CI job that picks the
 * file up while fb3cx is still writing never reads half a report, and an interrupted run leaves
 * the previous report whole.
 */
export async function writeReportFile(file: string, text: string, flag: string): Promise<void> {
  const target = await checkReportTarget(file, flag);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', mode: 0o644 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const reason = systemErrorCode(error) ?? t('fleet.command.unknownError');
    throw new CliError(t('fleet.file.writeFailed', { flag, file, reason }), {
      code: 'report-write',
      exitCode: ExitCode.cannotRun,
      hint: t('fleet.file.writeFailedHint'),
      cause: error,
    });
  }
}
