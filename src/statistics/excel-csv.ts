import { stringify } from 'csv-stringify/sync';

/**
 * A table as a CSV file that Swedish Excel opens right: semicolons (its list separator; commas
 * would put a row in one cell), CRLF, a byte order mark so å, ä and ö are read as UTF-8, and a
 * cell that starts like a formula (= + - @, a tab) given an apostrophe so it is shown, never run:
 * unit and display names come from outside the bot.
 */
export function excelCsv(rows: ReadonlyArray<readonly string[]>): string {
  return stringify(rows.map((r) => [...r]), { bom: true, delimiter: ';', record_delimiter: 'windows', escape_formulas: true });
}
