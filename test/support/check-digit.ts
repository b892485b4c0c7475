/**
 * Appends the Swedish Luhn check digit to nine digits (YYMMDDNNN), written out independently of
 * the guard's luhnValid so tests that build real numbers do not lean on the code they check.
 */
export function withCheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return nine + String((10 - (sum % 10)) % 10);
}
