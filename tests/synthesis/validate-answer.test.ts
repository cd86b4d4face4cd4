import { describe, expect, it } from 'vitest';
import { validateBulkAnswer, validateDescriptionAnswer } from '../../src/synthesis/plan/validate-answer.js';

const rules = { placeholders: ['Pending further documentation', 'Undefined'], maxLength: 100 };

describe('validateDescriptionAnswer', () => {
  it('accepts and trims a real description', () => {
    expect(validateDescriptionAnswer({ description: '  The order id.  ' }, rules)).toEqual({ description: 'The order id.', errors: [] });
  });

  it.each([
    [undefined, /not valid JSON/],
    [{ text: 'x' }, /is missing/],
    [{ description: '   ' }, /is empty/],
    [{ description: 'UNDEFINED.' }, /placeholder/],
    [{ description: 'x'.repeat(101) }, /101 characters long, the limit is 100/],
    [{ description: '```sql\nselect 1\n```' }, /code fence/],
    [{ description: 42 }, /must be a string/],
  ])('rejects %j', (raw, message) => {
    const check = validateDescriptionAnswer(raw, rules);
    expect(check.description).toBeUndefined();
    expect(check.errors.join(' ')).toMatch(message);
  });
});

describe('validateBulkAnswer', () => {
  it('keeps valid columns, reports missing and bad ones, drops unknown ones', () => {
    const check = validateBulkAnswer(
      { model_description: 'Orders.', columns: { a: 'Column a.', b: 'pending further documentation', zz: 'Made up.' } },
      ['a', 'b', 'c'],
      true,
      rules,
    );
    expect([...check.columns]).toEqual([['a', 'Column a.']]);
    expect(check.modelDescription).toBe('Orders.');
    expect(check.missingColumns).toEqual(['b', 'c']);
    expect(check.missingModelDescription).toBe(false);
    expect(check.errors).toEqual([
      'Column "b" is the placeholder "pending further documentation"; write a real description or say the meaning is unclear.',
      'Column "c" is missing.',
    ]);
    expect(check.notes).toEqual(['dropped unknown column "zz" from the answer']);
  });

  it('matches a column name that differs only in case, with a note', () => {
    const check = validateBulkAnswer({ columns: { Order_ID: 'The id.' } }, ['order_id'], false, rules);
    expect(check.columns.get('order_id')).toBe('The id.');
    expect(check.errors).toEqual([]);
    expect(check.notes[0]).toMatch(/matched ignoring case/);
  });

  it('reports a missing model description and a wrong shape', () => {
    expect(validateBulkAnswer({ columns: {} }, [], true, rules).errors).toEqual(['"model_description" is missing.']);
    const bad = validateBulkAnswer(['a'], ['a'], false, rules);
    expect(bad.missingColumns).toEqual(['a']);
    expect(bad.errors[0]).toMatch(/"columns" object/);
  });
});
