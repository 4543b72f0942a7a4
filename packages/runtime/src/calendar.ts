/**
 * Calendar dates as the agencies write them, `YYYY-MM-DD`, computed in UTC so that no time zone
 * shifts the day. Day and month arithmetic lives in the contracts (packages/contracts/src/calendar.ts),
 * where the shared aftercare schedule needs it; it is re-exported here for the services' own rules.
 */
export { addDays, addMonths } from '@sinergi/contracts';

/** Jakarta's midnight at the start of a date: the agencies' day boundaries. */
export function startOfDayInJakarta(date: string): Date {
  return new Date(`${date}T00:00:00+07:00`);
}
