// The time a flow sees (the debug request's `clock`, an emulator extension): never the wall clock, so a
// scenario run today and next year takes the same path. Pure.

/**
 * The instant a run sees when its scenario gives no clock: a Monday in business hours on both sides of
 * the Atlantic (09:00 New York, 15:00 Paris). Documented in the README; change both together.
 */
export const DEFAULT_CLOCK = '2026-01-05T09:00:00-05:00';

/** ISO 8601 date-time with seconds optional and a zone required: `Z` or `±hh:mm` (CLOCK_PATTERN, with groups). */
const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

export interface RunClock {
  /** The instant. */
  date: Date;
  /** The zone's offset east of UTC, in minutes: what "local time" means for the time functions. */
  utcOffsetMinutes: number;
}

/** The clock a run sees, or why `text` is not one (for a 400 naming the field). */
export function parseClock(text: string | undefined): RunClock | string {
  const source = text ?? DEFAULT_CLOCK;
  const m = ISO_WITH_ZONE.exec(source);
  if (!m) return 'expected an ISO 8601 date-time with a zone, e.g. 2026-12-01T09:30:00-05:00';
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  const date = new Date(source);
  const offH = Number(m[8] ?? 0);
  const offM = Number(m[9] ?? 0);
  if (
    Number.isNaN(date.getTime()) ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(Number(m[1]), month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offH > 14 ||
    offM > 59
  ) {
    return 'is not a real date and time (month 1-12, day of that month, hour 0-23, minutes and seconds 0-59, zone up to ±14:00)';
  }
  const sign = m[7]?.startsWith('-') ? -1 : 1;
  return { date, utcOffsetMinutes: m[7] === 'Z' ? 0 : sign * (offH * 60 + offM) };
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
