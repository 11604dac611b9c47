/**
 * The analytics' time buckets: local days, weeks (from Monday) or months in the agent's time
 * zone, between two local dates inclusive. D1 groups rows by quarter hour (UTC); every time zone's
 * offset is a whole number of quarter hours, so a quarter never straddles a local midnight and each
 * one falls in exactly one bucket.
 */
import { startOfZonedDay, zonedTime } from "../schedule/zoned-time";

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const QUARTER_HOUR_MS = 900_000;
/** The longest period one report covers: a year and a day of daily buckets at most. */
export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_PERIOD_DAYS = 30;

export type Bucket = { label: string; start: number; end: number };
export type Period = { from: string; to: string; start: number; end: number; buckets: Bucket[] };

const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` of a UTC midnight. */
const dateLabel = (utcMidnight: number): string => new Date(utcMidnight).toISOString().slice(0, 10);
const parseDate = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** Today's local date in `timeZone`. */
export function localToday(now: number, timeZone: string): string {
  const local = zonedTime(now, timeZone);
  return dateLabel(Date.UTC(local.year, local.month - 1, local.day));
}

/** The local date a day bucketed under `granularity` belongs to: itself, its week's Monday, or its month's first. */
function bucketDate(utcMidnight: number, granularity: Granularity): number {
  const date = new Date(utcMidnight);
  if (granularity === "day") return utcMidnight;
  if (granularity === "month") return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return utcMidnight - sinceMonday * MS_PER_DAY;
}

const startOf = (utcMidnight: number, timeZone: string): number => {
  const d = new Date(utcMidnight);
  return startOfZonedDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
};

/**
 * The buckets from local date `from` to `to` inclusive (`YYYY-MM-DD`); the first and last may be
 * partial weeks or months, cut at the period's ends. Throws RangeError for an empty or too long period.
 */
export function periodOf(from: string, to: string, granularity: Granularity, timeZone: string): Period {
  const first = parseDate(from);
  const last = parseDate(to);
  if (!(last >= first)) throw new RangeError("`to` must not be before `from`");
  if ((last - first) / MS_PER_DAY + 1 > MAX_PERIOD_DAYS)
    throw new RangeError(`A report covers at most ${MAX_PERIOD_DAYS} days`);
  const buckets: Bucket[] = [];
  for (let day = first; day <= last; day += MS_PER_DAY) {
    const label = dateLabel(bucketDate(day, granularity));
    const current = buckets.at(-1);
    if (current?.label === label) continue;
    if (current) current.end = startOf(day, timeZone);
    buckets.push({ label, start: startOf(day, timeZone), end: 0 });
  }
  const end = startOf(last + MS_PER_DAY, timeZone);
  (buckets.at(-1) as Bucket).end = end;
  return { from, to, start: buckets[0]?.start ?? 0, end, buckets };
}

/** The index of the bucket that quarter hour `quarter` (ms since the epoch / QUARTER_HOUR_MS) falls in, or -1. */
export function bucketIndex(buckets: readonly Bucket[], quarter: number): number {
  const at = quarter * QUARTER_HOUR_MS;
  let low = 0;
  let high = buckets.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const bucket = buckets[middle] as Bucket;
    if (at < bucket.start) high = middle - 1;
    else if (at >= bucket.end) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** The period asked for, its missing ends filled in: up to today (local), DEFAULT_PERIOD_DAYS long. */
export function datesOf(
  asked: { from?: string; to?: string },
  now: number,
  timeZone: string,
): { from: string; to: string } {
  const to = asked.to ?? localToday(now, timeZone);
  return { from: asked.from ?? dateLabel(parseDate(to) - (DEFAULT_PERIOD_DAYS - 1) * MS_PER_DAY), to };
}
