import { describe, expect, it } from 'vitest';
import { isRealDescription, placeholderSet } from '../../src/inheritance/doc-state.js';

describe('isRealDescription', () => {
  const placeholders = placeholderSet(['Not documented', '  TBD ', 'İ']);

  it('is false for nothing, blanks and placeholders in any case and padding', () => {
    for (const text of [undefined, '', '   \n', 'not documented', '  NOT DOCUMENTED  ', 'tbd', '\tTbD\n']) {
      expect(isRealDescription(text, placeholders), JSON.stringify(text)).toBe(false);
    }
  });

  it('is true for texts that only contain or start like a placeholder', () => {
    for (const text of ['Not documented yet', 'TBD: ask finance', 'The order id.', 'x']) {
      expect(isRealDescription(text, placeholders), text).toBe(true);
    }
  });

  it('compares the lower-cased text even where lower-casing makes it longer', () => {
    // 'İ' is one code unit and lower-cases to two ('i' + a combining dot): the placeholder set holds the two.
    expect(isRealDescription('İ', placeholders)).toBe(false);
    expect(isRealDescription('İİ', placeholders)).toBe(true);
  });

  it('sees every placeholder of a set, whichever set it is given first', () => {
    const short = placeholderSet(['n/a']);
    expect(isRealDescription('Not documented', short)).toBe(true);
    expect(isRealDescription('Not documented', placeholders)).toBe(false);
    expect(isRealDescription('N/A', short)).toBe(false);
  });
});
