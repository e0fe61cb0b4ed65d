// Dates for the snippet functions: the scenario's clock in, Studio-style date text out. Pure.
//
// A date is a wall-clock time at a UTC offset. The clock comes from the host (the scenario's `clock`),
// never from the machine, so a run is reproducible.
// https://help.nicecxone.com/Content/studio/guide/functionsbuiltin.htm (Functions to Use with Dates and Times)
import { SnippetRuntimeError } from './values.ts';

export interface WallTime {
  /** Milliseconds of the wall-clock time read as if it were UTC. */
  wall: number;
  /** The UTC offset, in minutes east. */
  offset: number;
}

export function fromClock(now: Date, offsetMinutes: number): WallTime {
  return { wall: now.getTime() + offsetMinutes * 60_000, offset: offsetMinutes };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

/** Text to a wall time: ISO 8601 (with or without an offset), or Studio's MM/dd/yyyy [HH:mm[:ss] [AM|PM]]. */
export function parseDate(text: string, defaultOffset: number): WallTime {
  const t = text.trim();
  const iso = ISO.exec(t);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0', zone] = iso;
    const offset = zone === undefined ? defaultOffset : zone === 'Z' ? 0 : zoneMinutes(zone);
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
    return checked({ wall, offset }, text);
  }
  const us = US.exec(t);
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', s = '0', ampm] = us;
    let hour = Number(h);
    if (ampm) hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    return checked({ wall: Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s)), offset: defaultOffset }, text);
  }
  throw new SnippetRuntimeError(`${JSON.stringify(text.slice(0, 60))} is not a date (expected yyyy-MM-ddTHH:mm:ss or MM/dd/yyyy HH:mm:ss)`);
}

function zoneMinutes(zone: string): number {
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function checked(t: WallTime, text: string): WallTime {
  if (!Number.isFinite(t.wall)) throw new SnippetRuntimeError(`${JSON.stringify(text.slice(0, 60))} is not a date`);
  return t;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 with the offset, the format the docs give for asisodatetime(): yyyy-MM-ddTHH:mm:ss.SSSXXX. */
export function formatIso(t: WallTime): string {
  const d = new Date(t.wall);
  const sign = t.offset < 0 ? '-' : '+';
  const abs = Math.abs(t.offset);
  const zone = t.offset === 0 ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${formatDate(t, 'yyyy-MM-ddTHH:mm:ss')}.${pad(d.getUTCMilliseconds(), 3)}${zone}`;
}

// The .NET-style custom format tokens Studio's date functions take (the common ones).
const FORMAT_TOKENS = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|tt/g;

export function formatDate(t: WallTime, format: string): string {
  const d = new Date(t.wall);
  const hour = d.getUTCHours();
  const values: Record<string, string> = {
    yyyy: pad(d.getUTCFullYear(), 4),
    yy: pad(d.getUTCFullYear() % 100),
    MM: pad(d.getUTCMonth() + 1),
    M: String(d.getUTCMonth() + 1),
    dd: pad(d.getUTCDate()),
    d: String(d.getUTCDate()),
    HH: pad(hour),
    H: String(hour),
    hh: pad(hour % 12 || 12),
    h: String(hour % 12 || 12),
    mm: pad(d.getUTCMinutes()),
    m: String(d.getUTCMinutes()),
    ss: pad(d.getUTCSeconds()),
    s: String(d.getUTCSeconds()),
    tt: hour < 12 ? 'AM' : 'PM',
  };
  return format.replace(FORMAT_TOKENS, (token) => values[token] ?? token);
}

/** Day of the week, 0 for Sunday to 6 (as dow() documents). */
export function dayOfWeek(t: WallTime): number {
  return new Date(t.wall).getUTCDay();
}
