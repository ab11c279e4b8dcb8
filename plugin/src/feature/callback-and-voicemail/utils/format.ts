// Presentation helpers: filling a string's {{placeholders}} and writing an
// instant in a zone. Neither decides anything; the core says what to show.

/** Replaces each {{name}} with values[name]; unknown names are left as written. */
export function fillTemplate(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** The instant written for a person in `timeZone`, in the agent's locale. */
export function formatInstant(iso: string, timeZone: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  for (const attempt of [
    () => new Intl.DateTimeFormat(locale, { ...DATE_TIME, timeZone }),
    () => new Intl.DateTimeFormat(undefined, { ...DATE_TIME, timeZone }),
    () => new Intl.DateTimeFormat(undefined, DATE_TIME),
  ]) {
    try {
      return attempt().format(date);
    } catch {
      // An unknown locale or zone: fall back to the next, less specific, format.
    }
  }
  return date.toISOString();
}

/** The browser's IANA zone ("UTC" when the runtime cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
