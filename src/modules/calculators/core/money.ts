import { Decimal } from 'decimal.js';

/**
 * Exact decimal arithmetic for money and rates: 0.1 + 0.2 is 0.3 here, and a pension of
 * 200000 / 139 is rounded once, at the end, half up to the fen.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

export const dec = (v: Decimal.Value): Decimal => new Dec(v);

/** A money result as a JSON number rounded to the fen (0.01 yuan). */
export const fen = (v: Decimal.Value): number => new Dec(v).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();

/** "1,438.85元" for the step-by-step text. */
export function yuan(v: Decimal.Value): string {
  const [int, frac] = new Dec(v).toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2).split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}元`;
}

/** A plain figure for the step text: trailing zeros dropped ("1.2", "30%"). */
export const figure = (v: Decimal.Value, places = 4): string => new Dec(v).toDecimalPlaces(places, Dec.ROUND_HALF_UP).toString();

export const percent = (rate: Decimal.Value): string => `${figure(new Dec(rate).times(100), 4)}%`;
