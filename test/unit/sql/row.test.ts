/**
 * The Rows `collect` makes many of at once (Row.maker) behave as rows made
 * one by one (`new Row`): fields by name and position, `length`, the first
 * of two columns with one name, a column named as a method, and what
 * crosses to a page or prints (own enumerable fields, asDict, JSON, repr).
 */
import { describe, expect, it } from 'vitest';
import { Row } from '../../../engine/sql/Row';

describe('Row.maker', () => {
  const fields = ['k', 'name', 'k', 'asDict', 'total'];
  const values = [7, 'ada', 8, 'x', null];
  const one = new Row(fields, values);
  const made = Row.maker(fields)(values);

  it('gives the fields, positions and length new Row gives', () => {
    for (const r of [one, made]) {
      expect(r).toBeInstanceOf(Row);
      expect(r.k).toBe(7);
      expect(r.name).toBe('ada');
      expect([r[0], r[1], r[2], r[3], r[4]]).toEqual(values);
      expect(r[5]).toBeUndefined();
      expect(r.length).toBe(5);
      expect(typeof r.asDict).toBe('function');
      expect(r.__fields__).toBe(fields);
      expect([...r]).toEqual(values);
    }
  });

  it('has the same own enumerable fields, read-only, and prints and serialises the same', () => {
    expect(Object.keys(made)).toEqual(Object.keys(one));
    expect(Object.keys(made)).toEqual(['k', 'name', 'total']);
    expect({ ...made }).toEqual({ ...one });
    expect(structuredClone(made)).toEqual({ k: 7, name: 'ada', total: null });
    expect(made.asDict()).toEqual(one.asDict());
    expect(JSON.stringify(made)).toBe(JSON.stringify(one));
    expect(String(made)).toBe("Row(k=7, name='ada', k=8, asDict='x', total=None)");
    expect(String(made)).toBe(String(one));
    // Test modules are strict: writing a read-only field throws.
    expect(() => {
      made.name = 'eve';
    }).toThrow(TypeError);
    expect(made.name).toBe('ada');
  });

  it('keeps each row its own values', () => {
    const make = Row.maker(['id', 'v']);
    const rows = [make([1, 'a']), make([2, 'b'])];
    expect(rows.map((r) => [r.id, r[1], r.length])).toEqual([
      [1, 'a', 2],
      [2, 'b', 2],
    ]);
  });
});
