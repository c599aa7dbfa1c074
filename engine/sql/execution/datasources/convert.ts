/**
 * Text to a column's value, as Spark's UnivocityParser.makeConverter reads a
 * CSV token (and JSON reads a string): Java's number parsers (no spaces, a
 * whole number for integral types), `true`/`false` for booleans, ISO dates
 * and timestamps (read as UTC). A token that does not fit gives {@link BAD}:
 * the reader's mode decides what becomes of its row.
 */
export const BAD: unique symbol = Symbol('malformed');

export type Converter = (token: string) => unknown;

const INT = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function integral(min: number, max: number): Converter {
  return (t) => {
    if (!INT.test(t)) return BAD;
    const n = Number(t);
    return n >= min && n <= max ? n : BAD;
  };
}

function toDate(t: string, dateOnly: boolean): unknown {
  const s = t.trim();
  const iso =
    s.length <= 10
      ? `${s}T00:00:00Z`
      : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s)
        ? s.replace(' ', 'T')
        : `${s.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return BAD;
  const d = new Date(ms);
  return dateOnly ? new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) : d;
}

/**
 * @example
 * converterFor('int')('42'); // 42
 * converterFor('int')('4.2'); // BAD
 */
export function converterFor(type: string): Converter {
  switch (type) {
    case 'string':
      return (t) => t;
    case 'tinyint':
      return integral(-128, 127);
    case 'smallint':
      return integral(-32768, 32767);
    case 'int':
      return integral(-(2 ** 31), 2 ** 31 - 1);
    case 'bigint':
      // LongType values are JavaScript numbers in Kindling (exact to 2^53).
      return integral(-(2 ** 63), 2 ** 63 - 1);
    case 'float':
    case 'double':
      return (t) => (DOUBLE.test(t) ? Number(t.replace(/[fFdD]$/, '')) : BAD);
    case 'boolean':
      return (t) => {
        const l = t.toLowerCase();
        return l === 'true' ? true : l === 'false' ? false : BAD;
      };
    case 'date':
      return (t) => toDate(t, true);
    case 'timestamp':
      return (t) => toDate(t, false);
    default:
      if (type.startsWith('decimal')) return (t) => (DECIMAL.test(t) ? Number(t) : BAD);
      return () => BAD;
  }
}
