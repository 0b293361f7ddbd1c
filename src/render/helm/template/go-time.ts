/**
 * Go's time package as templates see it: time.Time (formatting and parsing with Go layouts such as
 * "2006-01-02T15:04:05Z07:00"), time.Duration (String, ParseDuration, Round, Truncate).
 * The Local zone is UTC: renders must not depend on the machine's zone.
 */
import { FuncError } from './builtins.js';
import { type GoFunc, GoObject, int64, TypedInt, type Value } from './value.js';

const NS_PER_SEC = 1_000_000_000n;

export interface Zone {
  name: string;
  offsetSec: number;
}

export const UTC: Zone = { name: 'UTC', offsetSec: 0 };

/** A time.Time: nanoseconds since the Unix epoch and a zone. */
export class GoTime extends GoObject {
  constructor(
    readonly unixNs: bigint,
    readonly zone: Zone = UTC,
  ) {
    super();
  }
  static fromMs(ms: number): GoTime {
    return new GoTime(BigInt(Math.trunc(ms)) * 1_000_000n);
  }
  get goType(): string {
    return 'time.Time';
  }
  get kind(): string {
    return 'struct';
  }
  unixSec(): bigint {
    const s = this.unixNs / NS_PER_SEC;
    return this.unixNs < 0n && this.unixNs % NS_PER_SEC !== 0n ? s - 1n : s;
  }
  nanos(): number {
    return Number(this.unixNs - this.unixSec() * NS_PER_SEC);
  }
  override stringer(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
  override truth(): boolean {
    return true;
  }
  isZero(): boolean {
    return this.unixNs === ZERO_TIME_NS;
  }
  override method(name: string): GoFunc | undefined {
    const f = (impl: () => Value): GoFunc => ({ params: [], fn: impl });
    switch (name) {
      case 'Unix':
        return f(() => int64(this.unixSec()));
      case 'UnixNano':
        return f(() => int64(this.unixNs));
      case 'Year':
        return f(() => BigInt(civil(this).year));
      case 'Month':
        return f(() => BigInt(civil(this).month));
      case 'Day':
        return f(() => BigInt(civil(this).day));
      case 'Hour':
        return f(() => BigInt(civil(this).hour));
      case 'Minute':
        return f(() => BigInt(civil(this).minute));
      case 'Second':
        return f(() => BigInt(civil(this).second));
      case 'String':
        return f(() => this.stringer());
      case 'UTC':
        return f(() => new GoTime(this.unixNs, UTC));
      case 'IsZero':
        return f(() => this.isZero());
      case 'Format':
        return { params: ['string'], fn: (layout: string) => formatTime(this, layout) };
      case 'Add':
        return { params: ['any'], fn: (d: Value) => new GoTime(this.unixNs + durationNs(d), this.zone) };
    }
    return undefined;
  }
}

/** time.Time{}: January 1, year 1, 00:00:00 UTC. */
export const ZERO_TIME_NS = -62135596800n * NS_PER_SEC;

/** A time.Duration (int64 nanoseconds), printed by its String method. */
export class GoDuration extends TypedInt {
  constructor(ns: bigint) {
    super('int64', BigInt.asIntN(64, ns));
  }
  override get goType(): string {
    return 'time.Duration';
  }
  override stringer(): string {
    return durationString(this.value);
  }
}

function durationNs(d: Value): bigint {
  if (d instanceof TypedInt) return d.value;
  if (typeof d === 'bigint') return d;
  throw new FuncError('wrong type for value; expected time.Duration');
}

// ---------------------------------------------------------------- calendar

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Days since 1970-01-01 to civil date (proleptic Gregorian). */
function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = floorDiv(doe - floorDiv(doe, 1460) + floorDiv(doe, 36524) - floorDiv(doe, 146096), 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const d = doy - floorDiv(153 * mp + 2, 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: m <= 2 ? y + 1 : y, m, d };
}

function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const doy = floorDiv(153 * (m > 2 ? m - 3 : m + 9) + 2, 5) + d - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146097 + doe - 719468;
}

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  weekday: number;
  yday: number;
}

function civil(t: GoTime): Civil {
  const local = t.unixSec() + BigInt(t.zone.offsetSec);
  const days = Number(local >= 0n ? local / 86400n : -((-local + 86399n) / 86400n));
  const secs = Number(local - BigInt(days) * 86400n);
  const { y, m, d } = civilFromDays(days);
  return {
    year: y,
    month: m,
    day: d,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
    nanos: t.nanos(),
    weekday: (((days + 4) % 7) + 7) % 7,
    yday: days - daysFromCivil(y, 1, 1) + 1,
  };
}

// ---------------------------------------------------------------- zones

/** time.LoadLocation for an IANA name (through Intl), "UTC" or "Local" (= UTC here). */
export function loadZone(name: string, at: bigint): Zone | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return UTC;
  try {
    const ms = Number(at / 1_000_000n);
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      timeZoneName: 'shortOffset',
      year: 'numeric',
    }).formatToParts(new Date(ms));
    const off = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?/.exec(off);
    const offsetSec = m?.[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
    const abbr =
      new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' })
        .formatToParts(new Date(ms))
        .find((p) => p.type === 'timeZoneName')?.value ?? name;
    return { name: /^GMT[+-]/.test(abbr) ? formatOffsetAbbr(offsetSec) : abbr, offsetSec };
  } catch {
    return undefined;
  }
}

function formatOffsetAbbr(offsetSec: number): string {
  const sign = offsetSec < 0 ? '-' : '+';
  const a = Math.abs(offsetSec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  return m ? `${sign}${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}` : `${sign}${String(h).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- layouts

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Std =
  | 'January'
  | 'Jan'
  | 'Monday'
  | 'Mon'
  | 'MST'
  | '01'
  | '02'
  | '03'
  | '04'
  | '05'
  | '06'
  | '002'
  | '15'
  | '1'
  | '2006'
  | '2'
  | '_2'
  | '__2'
  | '3'
  | '4'
  | '5'
  | 'PM'
  | 'pm'
  | '-070000'
  | '-07:00:00'
  | '-0700'
  | '-07:00'
  | '-07'
  | 'Z070000'
  | 'Z07:00:00'
  | 'Z0700'
  | 'Z07:00'
  | 'Z07'
  | 'frac';

interface Chunk {
  prefix: string;
  std?: Std;
  /** For fractional seconds: digits, whether trailing zeros are trimmed (9s), separator. */
  frac?: { n: number; trim: boolean; sep: string };
  suffix: string;
}

const lowerStart = (s: string) => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';

/** time's nextStdChunk. */
function nextStdChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i];
    const at = (s: string) => layout.startsWith(s, i);
    const ret = (std: Std, len: number): Chunk => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + len) });
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return ret('January', 7);
          if (!lowerStart(layout.slice(i + 3))) return ret('Jan', 3);
        }
        break;
      case 'M':
        if (at('Mon')) {
          if (at('Monday')) return ret('Monday', 6);
          if (!lowerStart(layout.slice(i + 3))) return ret('Mon', 3);
        }
        if (at('MST')) return ret('MST', 3);
        break;
      case '0':
        if (i + 1 < layout.length && layout[i + 1] >= '1' && layout[i + 1] <= '6') return ret(layout.slice(i, i + 2) as Std, 2);
        if (at('002')) return ret('002', 3);
        break;
      case '1':
        if (at('15')) return ret('15', 2);
        return ret('1', 1);
      case '2':
        if (at('2006')) return ret('2006', 4);
        return ret('2', 1);
      case '_':
        if (at('_2')) {
          if (at('_2006')) return { prefix: layout.slice(0, i + 1), std: '2006', suffix: layout.slice(i + 5) };
          return ret('_2', 2);
        }
        if (at('__2')) return ret('__2', 3);
        break;
      case '3':
        return ret('3', 1);
      case '4':
        return ret('4', 1);
      case '5':
        return ret('5', 1);
      case 'P':
        if (at('PM')) return ret('PM', 2);
        break;
      case 'p':
        if (at('pm')) return ret('pm', 2);
        break;
      case '-':
        for (const s of ['-070000', '-07:00:00', '-0700', '-07:00', '-07'] as const) if (at(s)) return ret(s, s.length);
        break;
      case 'Z':
        for (const s of ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'] as const) if (at(s)) return ret(s, s.length);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.length && (layout[i + 1] === '0' || layout[i + 1] === '9')) {
          const ch = layout[i + 1];
          let j = i + 1;
          while (j < layout.length && layout[j] === ch) j++;
          if (!(j < layout.length && layout[j] >= '0' && layout[j] <= '9'))
            return { prefix: layout.slice(0, i), std: 'frac', frac: { n: j - i - 1, trim: ch === '9', sep: c }, suffix: layout.slice(j) };
        }
        break;
    }
  }
  return { prefix: layout, suffix: '' };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function formatOffset(off: number, colon: boolean, seconds: boolean, short: boolean): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  let s = sign + pad(Math.floor(a / 3600), 2);
  if (!short) s += (colon ? ':' : '') + pad(Math.floor((a % 3600) / 60), 2);
  if (seconds) s += (colon ? ':' : '') + pad(a % 60, 2);
  return s;
}

/** time.Time.Format */
export function formatTime(t: GoTime, layout: string): string {
  const c = civil(t);
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const ch = nextStdChunk(rest);
    out += ch.prefix;
    if (!ch.std) break;
    rest = ch.suffix;
    const off = t.zone.offsetSec;
    switch (ch.std) {
      case 'January':
        out += LONG_MONTHS[c.month - 1];
        break;
      case 'Jan':
        out += LONG_MONTHS[c.month - 1].slice(0, 3);
        break;
      case 'Monday':
        out += LONG_DAYS[c.weekday];
        break;
      case 'Mon':
        out += LONG_DAYS[c.weekday].slice(0, 3);
        break;
      case 'MST':
        out += t.zone.name !== '' ? t.zone.name : formatOffset(off, false, false, false);
        break;
      case '01':
        out += pad(c.month, 2);
        break;
      case '1':
        out += c.month;
        break;
      case '02':
        out += pad(c.day, 2);
        break;
      case '2':
        out += c.day;
        break;
      case '_2':
        out += String(c.day).padStart(2, ' ');
        break;
      case '002':
        out += pad(c.yday, 3);
        break;
      case '__2':
        out += String(c.yday).padStart(3, ' ');
        break;
      case '15':
        out += pad(c.hour, 2);
        break;
      case '3':
        out += c.hour % 12 === 0 ? 12 : c.hour % 12;
        break;
      case '03':
        out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case '4':
        out += c.minute;
        break;
      case '04':
        out += pad(c.minute, 2);
        break;
      case '5':
        out += c.second;
        break;
      case '05':
        out += pad(c.second, 2);
        break;
      case '2006':
        out += c.year < 0 ? `-${pad(-c.year, 4)}` : pad(c.year, 4);
        break;
      case '06':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'Z070000':
      case 'Z07:00:00':
      case 'Z0700':
      case 'Z07:00':
      case 'Z07':
      case '-070000':
      case '-07:00:00':
      case '-0700':
      case '-07:00':
      case '-07': {
        if (ch.std[0] === 'Z' && off === 0) {
          out += 'Z';
          break;
        }
        const s = ch.std.replace('Z', '-');
        out += formatOffset(off, s.includes(':'), s.length >= 7 && s !== '-07:00', s === '-07');
        break;
      }
      case 'frac': {
        const f = ch.frac!;
        let digits = pad(c.nanos, 9).slice(0, f.n);
        if (f.trim) {
          digits = digits.replace(/0+$/, '');
          if (digits !== '') out += f.sep + digits;
        } else out += f.sep + digits;
        break;
      }
    }
  }
  return out;
}

export class TimeParseError extends Error {}

/** time.Parse / ParseInLocation for the common layouts. */
export function parseTime(layout: string, value: string, zone: Zone = UTC): GoTime {
  const orig = { layout, value };
  const err = (msg = '') =>
    new TimeParseError(
      `parsing time ${JSON.stringify(orig.value)} as ${JSON.stringify(orig.layout)}: cannot parse ${JSON.stringify(value)} as ${msg}`,
    );
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  let zoneName: string | undefined;
  let rest = layout;
  const num = (min: number, max: number, what: string): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(value);
    if (!m) throw err(JSON.stringify(what));
    value = value.slice(m[0].length);
    return Number(m[0]);
  };
  while (rest !== '') {
    const ch = nextStdChunk(rest);
    if (!value.startsWith(ch.prefix)) throw err(JSON.stringify(ch.prefix));
    value = value.slice(ch.prefix.length);
    if (!ch.std) break;
    rest = ch.suffix;
    switch (ch.std) {
      case '2006':
        year = num(4, 4, '2006');
        break;
      case '06':
        year = num(2, 2, '06');
        year += year >= 69 ? 1900 : 2000;
        break;
      case 'January':
      case 'Jan': {
        const names = LONG_MONTHS.map((m) => (ch.std === 'Jan' ? m.slice(0, 3) : m));
        const i = names.findIndex((n) => value.toLowerCase().startsWith(n.toLowerCase()));
        if (i < 0) throw err(JSON.stringify(ch.std));
        month = i + 1;
        value = value.slice(names[i].length);
        break;
      }
      case 'Monday':
      case 'Mon': {
        const names = LONG_DAYS.map((m) => (ch.std === 'Mon' ? m.slice(0, 3) : m));
        const i = names.findIndex((n) => value.toLowerCase().startsWith(n.toLowerCase()));
        if (i < 0) throw err(JSON.stringify(ch.std));
        value = value.slice(names[i].length);
        break;
      }
      case '01':
        month = num(2, 2, '01');
        break;
      case '1':
        month = num(1, 2, '1');
        break;
      case '02':
        day = num(2, 2, '02');
        break;
      case '_2':
        if (value.startsWith(' ')) value = value.slice(1);
        day = num(1, 2, '_2');
        break;
      case '2':
        day = num(1, 2, '2');
        break;
      case '002':
      case '__2':
        num(1, 3, ch.std);
        break;
      case '15':
        hour = num(1, 2, '15');
        break;
      case '3':
      case '03':
        hour = num(ch.std === '03' ? 2 : 1, 2, ch.std);
        break;
      case '4':
      case '04':
        minute = num(ch.std === '04' ? 2 : 1, 2, ch.std);
        break;
      case '5':
      case '05':
        second = num(ch.std === '05' ? 2 : 1, 2, ch.std);
        // Go accepts a fractional second after the seconds even when the layout has none.
        if (/^[.,]\d/.test(value) && !ch.suffix.startsWith('.')) {
          const m = /^[.,](\d+)/.exec(value)!;
          nanos = Number(m[1].slice(0, 9).padEnd(9, '0'));
          value = value.slice(m[0].length);
        }
        break;
      case 'PM':
      case 'pm': {
        const p = value.slice(0, 2).toUpperCase();
        if (p !== 'AM' && p !== 'PM') throw err(JSON.stringify(ch.std));
        pm = p === 'PM';
        value = value.slice(2);
        break;
      }
      case 'MST': {
        const m = /^(UTC|GMT|[A-Z]{3,5})/.exec(value);
        if (!m) throw err('"MST"');
        zoneName = m[1];
        value = value.slice(m[0].length);
        break;
      }
      case 'frac': {
        const m = /^[.,](\d+)/.exec(value);
        if (!m) {
          if (ch.frac!.trim) break;
          throw err(JSON.stringify(`.${'0'.repeat(ch.frac!.n)}`));
        }
        nanos = Number(m[1].slice(0, 9).padEnd(9, '0'));
        value = value.slice(m[0].length);
        break;
      }
      default: {
        if (ch.std.startsWith('Z') && value.startsWith('Z')) {
          offset = 0;
          zoneName = 'UTC';
          value = value.slice(1);
          break;
        }
        const m = /^([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(value);
        if (!m) throw err(JSON.stringify(ch.std));
        offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
        value = value.slice(m[0].length);
      }
    }
  }
  if (value !== '') throw new TimeParseError(`parsing time ${JSON.stringify(orig.value)}: extra text: ${JSON.stringify(value)}`);
  if (pm !== undefined) {
    if (hour > 12) throw new TimeParseError(`parsing time ${JSON.stringify(orig.value)}: hour out of range`);
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  if (month < 1 || month > 12) throw new TimeParseError(`parsing time ${JSON.stringify(orig.value)}: month out of range`);
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    throw new TimeParseError(`parsing time ${JSON.stringify(orig.value)}: day out of range`);
  const days = daysFromCivil(year, month, day);
  let secs = BigInt(days) * 86400n + BigInt(hour * 3600 + minute * 60 + second);
  let z = zone;
  if (offset !== undefined) {
    secs -= BigInt(offset);
    z = offset === 0 && (zoneName === 'UTC' || zoneName === undefined) ? UTC : { name: zoneName ?? '', offsetSec: offset };
  } else if (zoneName !== undefined) {
    z = zoneName === 'UTC' || zoneName === 'GMT' ? { name: zoneName, offsetSec: 0 } : { name: zoneName, offsetSec: 0 };
  } else secs -= BigInt(zone.offsetSec);
  return new GoTime(secs * NS_PER_SEC + BigInt(nanos), z);
}

// ---------------------------------------------------------------- durations

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NS_PER_SEC,
  m: 60n * NS_PER_SEC,
  h: 3600n * NS_PER_SEC,
};

/** time.ParseDuration; throws with Go's message. */
export function parseDuration(s: string): bigint {
  const orig = s;
  const bad = () => new FuncError(`time: invalid duration ${JSON.stringify(orig)}`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw bad();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') throw bad();
    s = s.slice(m[0].length);
    const u = /^[^0-9.]+/.exec(s);
    if (!u) throw new FuncError(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const unit = UNITS[u[0]];
    if (unit === undefined) throw new FuncError(`time: unknown unit ${JSON.stringify(u[0])} in duration ${JSON.stringify(orig)}`);
    s = s.slice(u[0].length);
    const whole = BigInt(m[1] || '0');
    let v = whole * unit;
    const frac = m[2] ?? '';
    if (frac !== '') v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += v;
    if (total > 2n ** 63n - 1n) throw bad();
  }
  return neg ? -total : total;
}

/** time.Duration.String */
export function durationString(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  if (u === 0n) return '0s';
  const frac = (v: bigint, prec: number): [string, bigint] => {
    let s = '';
    let print = false;
    for (let i = 0; i < prec; i++) {
      const digit = v % 10n;
      print = print || digit !== 0n;
      if (print) s = digit.toString() + s;
      v /= 10n;
    }
    return [print ? `.${s}` : '', v];
  };
  let out: string;
  if (u < NS_PER_SEC) {
    let unit: string;
    let prec: number;
    if (u < 1000n) {
      unit = 'ns';
      prec = 0;
    } else if (u < 1_000_000n) {
      unit = 'µs';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [f, rest] = frac(u, prec);
    out = `${rest}${f}${unit}`;
  } else {
    const [f, secs] = frac(u, 9);
    u = secs;
    out = `${u % 60n}${f}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** time.Duration.Round */
export function durationRound(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  let r = d % m;
  if (d < 0n) {
    r = -r;
    if (r + r < m) return d + r;
    const d1 = d - m + r;
    return d1 < d ? d1 : -(2n ** 63n);
  }
  if (r + r < m) return d - r;
  const d1 = d + m - r;
  return d1 > d ? d1 : 2n ** 63n - 1n;
}

/** time.Duration.Truncate */
export function durationTruncate(d: bigint, m: bigint): bigint {
  if (m <= 0n) return d;
  return d - (d % m);
}
