/** Fills {name} placeholders; a missing value leaves the placeholder visible rather than "undefined". */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** "1 arbetsdag", "10 arbetsdagar": a count of working days as a sentence states it. */
export function workingDaysText(locale: 'sv' | 'en', n: number): string {
  return locale === 'sv' ? `${n} ${n === 1 ? 'arbetsdag' : 'arbetsdagar'}` : `${n} ${n === 1 ? 'working day' : 'working days'}`;
}
