/** Twice a digit, with the digits of the product summed (7 → 14 → 5). */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9] as const;

/**
 * The Luhn test read from the right, as card numbers are checked: every second digit from the
 * right doubled, the sum a multiple of ten. Written apart from luhnValid (left to right, weights)
 * and withCheckDigit (which computes the digit), so a test can judge numbers with neither.
 */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  [...digits].reverse().forEach((d, i) => {
    sum += i % 2 === 1 ? DOUBLED[Number(d)] ?? NaN : Number(d);
  });
  return sum % 10 === 0;
}
