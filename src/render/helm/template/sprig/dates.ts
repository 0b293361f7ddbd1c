/** sprig's date functions (date.go) over Go layouts; the Local zone is UTC. */
import { durationString, formatTime, GoTime, loadZone, parseDuration, parseTime, TimeParseError, UTC, ZERO_TIME_NS } from '../go-time.js';
import { FuncError } from '../builtins.js';
import { type GoFunc, TypedInt, type Value } from '../value.js';
import { fn } from './define.js';

/** Injected clock (tests): the current time in ms. */
export interface Clock {
  now(): number;
}

function toTime(date: Value, clock: Clock): GoTime {
  if (date instanceof GoTime) return date;
  if (typeof date === 'bigint') return new GoTime(date * 1_000_000_000n);
  if (date instanceof TypedInt && (date.type === 'int64' || date.type === 'int32')) return new GoTime(date.value * 1_000_000_000n);
  return GoTime.fromMs(clock.now());
}

function dateInZone(layout: string, date: Value, zone: string, clock: Clock): string {
  const t = toTime(date, clock);
  const z = loadZone(zone, t.unixNs) ?? UTC;
  return formatTime(new GoTime(t.unixNs, z), layout);
}

function durationRound(v: Value, clock: Clock): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {
      d = 0n;
    }
  } else if (v instanceof TypedInt && v.type === 'int64') d = v.value;
  else if (v instanceof GoTime) d = BigInt(clock.now()) * 1_000_000n - v.unixNs;
  let u = d < 0n ? -d : d;
  u = BigInt.asUintN(64, u);
  const hour = 3600n * 1_000_000_000n;
  const units: [bigint, string][] = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60n * 1_000_000_000n, 'm'],
    [1_000_000_000n, 's'],
  ];
  for (const [size, unit] of units) if (u > size) return `${u / size}${unit}`;
  return '0s';
}

function toDate(layout: string, s: string): GoTime {
  try {
    return parseTime(layout, s);
  } catch (e) {
    if (e instanceof TimeParseError) throw new FuncError(e.message);
    throw e;
  }
}

export function dateFuncs(clock: Clock): Record<string, GoFunc> {
  const inZone = fn(['string', 'any', 'string'], (f: string, d: Value, z: string) => dateInZone(f, d, z, clock));
  const modify = (must: boolean) =>
    fn(['string', 'time'], (f: string, d: GoTime) => {
      try {
        return new GoTime(d.unixNs + parseDuration(f), d.zone);
      } catch (e) {
        if (must) throw e;
        return d;
      }
    });
  return {
    now: fn([], () => GoTime.fromMs(clock.now())),
    date: fn(['string', 'any'], (f: string, d: Value) => dateInZone(f, d, 'Local', clock)),
    date_in_zone: inZone,
    dateInZone: inZone,
    htmlDate: fn(['any'], (d: Value) => dateInZone('2006-01-02', d, 'Local', clock)),
    htmlDateInZone: fn(['any', 'string'], (d: Value, z: string) => dateInZone('2006-01-02', d, z, clock)),
    date_modify: modify(false),
    dateModify: modify(false),
    must_date_modify: modify(true),
    mustDateModify: modify(true),
    ago: fn(['any'], (d: Value) => {
      const t = toTime(d, clock);
      const since = BigInt(clock.now()) * 1_000_000n - t.unixNs;
      const sec = 1_000_000_000n;
      const r = since >= 0n ? ((since + sec / 2n) / sec) * sec : -(((-since + sec / 2n) / sec) * sec);
      return durationString(r);
    }),
    duration: fn(['any'], (sec: Value) => {
      let n = 0n;
      if (typeof sec === 'string') n = /^[+-]?\d+$/.test(sec) ? BigInt(sec) : 0n;
      else if (sec instanceof TypedInt && sec.type === 'int64') n = sec.value;
      return durationString(BigInt.asIntN(64, n * 1_000_000_000n));
    }),
    durationRound: fn(['any'], (v: Value) => durationRound(v, clock)),
    toDate: fn(['string', 'string'], (f: string, s: string) => {
      try {
        return toDate(f, s);
      } catch {
        return new GoTime(ZERO_TIME_NS);
      }
    }),
    mustToDate: fn(['string', 'string'], toDate),
    unixEpoch: fn(['time'], (t: GoTime) => String(t.unixSec())),
  };
}
