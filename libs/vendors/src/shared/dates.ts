/** A calendar date of birth, parsed from the IDP's formats: `1938-10-06`, `19381006` or `10/06/1938`. */
export interface BirthDate {
  year: number;
  month: number;
  day: number;
}

export function parseBirthDate(text: string): BirthDate | null {
  let parts: string[] | undefined;
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (ymd) parts = [ymd[1]!, ymd[2]!, ymd[3]!];
  else if (us) parts = [us[3]!, us[1]!, us[2]!];
  if (parts === undefined) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 02-30 over to March: a date that does not survive the round trip does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return { year, month, day };
}

export const isoDate = ({ year, month, day }: BirthDate): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
