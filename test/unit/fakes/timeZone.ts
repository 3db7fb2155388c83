/**
 * Runs the enclosing mocha suite in the given time zone and restores the previous one afterwards.
 * Calendar maths (days left, day boundaries) depends on it, so each suite states the zone it assumes.
 */
export function useTimeZone(zone: string): void {
  let previous: string | undefined;
  before(() => {
    previous = process.env.TZ;
    process.env.TZ = zone;
  });
  after(() => {
    if (previous === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = previous;
    }
  });
}
