import type { FieldType } from '../config/types.js';
import { usStateCode } from './us-states.js';

/** A normalized value, or what is wrong with it (a phrase that follows the field's name). */
export type Normalized = { ok: true; value: string } | { ok: false; problem: string };

/** Normalizes a trimmed, non-blank value of a typed field. */
export function normalizeValue(type: FieldType, value: string): Normalized {
  switch (type) {
    case 'email':
      return normalizeEmail(value);
    case 'phone':
      return normalizePhone(value);
    case 'state':
      return normalizeState(value);
    case 'postal_code':
      return normalizePostalCode(value);
    case 'number':
      return normalizeNumber(value);
    case 'text':
      return { ok: true, value };
    default:
      return assertNever(type);
  }
}

// RFC 5322 atext, the dot-atom form only (no quoted local parts, no IP-literal domains).
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Lower-cases an address and checks it is `local@domain.tld` within RFC 5321 lengths. */
export function normalizeEmail(value: string): Normalized {
  const email = value.toLowerCase();
  const invalid: Normalized = { ok: false, problem: 'is not a valid email address' };

  const at = email.lastIndexOf('@');
  if (at < 1 || email.length > 254) return invalid;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');

  if (local.length > 64 || !LOCAL_PART.test(local)) return invalid;
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return invalid;
  if (!TOP_LEVEL_LABEL.test(labels[labels.length - 1] ?? '')) return invalid;
  return { ok: true, value: email };
}

const PHONE_CHARACTERS = /^[0-9\s().+-]+$/;

/**
 * Reduces a US phone number to its 10 digits: punctuation and spaces dropped, a leading
 * country code 1 dropped from 11 digits. The area code cannot start with 0 or 1 (NANP).
 */
export function normalizePhone(value: string): Normalized {
  if (!PHONE_CHARACTERS.test(value)) return { ok: false, problem: 'is not a valid phone number' };

  let digits = value.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return { ok: false, problem: 'must have 10 digits' };
  if (digits[0] === '0' || digits[0] === '1') {
    return { ok: false, problem: 'has an invalid area code' };
  }
  return { ok: true, value: digits };
}

/** A state or territory, by code or name, as its two-letter USPS code. */
export function normalizeState(value: string): Normalized {
  const code = usStateCode(value);
  return code
    ? { ok: true, value: code }
    : { ok: false, problem: 'is not a US state or territory' };
}

const ZIP = /^(\d{5})(?:[-\s]?(\d{4}))?$/;

/** A US ZIP code: `12345`, or ZIP+4 as `12345-6789` (also given as `123456789`). */
export function normalizePostalCode(value: string): Normalized {
  const match = ZIP.exec(value);
  if (!match) return { ok: false, problem: 'is not a valid US ZIP code' };
  const [, zip, plus4] = match;
  return { ok: true, value: plus4 ? `${zip}-${plus4}` : `${zip}` };
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite decimal number, kept as written (`007`, `1.50` and `-2e3` stay as they are). */
export function normalizeNumber(value: string): Normalized {
  if (!DECIMAL.test(value) || !Number.isFinite(Number(value))) {
    return { ok: false, problem: 'is not a number' };
  }
  return { ok: true, value };
}

function assertNever(value: never): never {
  throw new TypeError(`unknown field type: ${String(value)}`);
}
