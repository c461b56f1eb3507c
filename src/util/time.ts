const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date (`YYYY-MM-DD`) in a time zone, for an instant in epoch milliseconds. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  // Why cached: building an Intl.DateTimeFormat costs ~50 µs, more than the rest of a turn's date work.
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** The instant (epoch ms) a calendar day `YYYY-MM-DD` starts in a time zone. */
export function startOfDayIn(timeZone: string, isoDate: string): number {
  const guess = Date.parse(`${isoDate}T00:00:00Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(guess)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return guess - (wall - guess);
}
