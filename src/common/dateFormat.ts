/** Dates for people, in VS Code's display language and the user's time zone: one format everywhere. */
export interface DateFormatters {
  /** `Mar 1, 2027, 2:30 PM` */
  dateTime: (instant: number) => string;
  /** `Mar 1, 2027` */
  date: (instant: number) => string;
  /** `Monday, March 1, 2027` */
  longDate: (instant: number) => string;
}

export function localeDateFormatters(language: string | undefined): DateFormatters {
  return {
    dateTime: lazyFormatter(language, { dateStyle: 'medium', timeStyle: 'short' }),
    date: lazyFormatter(language, { dateStyle: 'medium' }),
    longDate: lazyFormatter(language, { dateStyle: 'full' }),
  };
}

/** Built on first use: the first Intl.DateTimeFormat loads locale data, ~20 ms that activation need not pay. */
function lazyFormatter(language: string | undefined, options: Intl.DateTimeFormatOptions): (instant: number) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (instant) => {
    if (!format) {
      try {
        format = new Intl.DateTimeFormat(language, options);
      } catch {
        // VS Code's display language may be a tag Intl does not know; the runtime default is close enough.
        format = new Intl.DateTimeFormat(undefined, options);
      }
    }
    return format.format(instant);
  };
}
