/**
 * `--since` and `--until`: a moment as ISO 8601 (a time without an offset is local time, as a
 * person at the 3CX console reads it) or a duration back from now (90s, 45m, 2h, 3d, 1h30m).
 */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds since the epoch, or undefined when the text is neither form. */
export function parseMoment(input: string, now: number): number | undefined {
  const value = input.trim();
  if (/^(\d+[smhd])+$/i.test(value)) {
    let ms = 0;
    for (const [, amount, unit] of value.toLowerCase().matchAll(/(\d+)([smhd])/g)) ms += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
    return now - ms;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (!iso) return undefined;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '0', offset] = iso;
  const parts = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0'))] as const;
  if (parts[1] > 11 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return undefined;
  let ms: number;
  if (offset === undefined) {
    const local = new Date(...parts);
    if (local.getDate() !== parts[2]) return undefined;
    ms = local.getTime();
  } else {
    const utc = Date.UTC(...parts);
    if (new Date(utc).getUTCDate() !== parts[2]) return undefined;
    const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[^\d]/g, '');
    const offsetMs = sign === 0 ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    ms = utc - offsetMs;
  }
  return Number.isFinite(ms) ? ms : undefined;
}
