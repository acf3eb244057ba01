import { minorUnitsOf } from '@tc/kernel';

/** Minor units as an auditor reads them: 1000000 EUR → "10,000.00 EUR". */
export function moneyWords(minor: number, currency: string): string {
  const exponent = minorUnitsOf(currency);
  const digits = Math.abs(minor).toString().padStart(exponent + 1, '0');
  const major = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${minor < 0 ? '-' : ''}${major}${exponent > 0 ? `.${digits.slice(-exponent)}` : ''} ${currency}`;
}
