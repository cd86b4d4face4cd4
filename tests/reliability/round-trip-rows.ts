/**
 * Schema files with hard-to-keep features. In each, `orders_enriched.id` lacks a description and
 * inherits the one of `orders.id`: the run must insert exactly that and keep every other byte.
 */
export interface RoundTripRow {
  name: string;
  text: string;
  /** The text orders_enriched.id must end up with (orders.id's description as parsed). */
  expected: string;
}

const long = `${'A very long description that keeps going, '.repeat(120)}end.`;

function schema(parentId: string, extra = ''): string {
  return (
    `version: 2\n\nmodels:\n  - name: orders\n    description: Orders.\n    columns:\n      - name: id\n        description: ${parentId}\n` +
    `      - name: amount\n        description: Amount.\n${extra}  - name: orders_enriched\n    description: Enriched.\n    columns:\n      - name: id\n      - name: amount\n        description: Amount.\n`
  );
}

export const ROUND_TRIP_ROWS: RoundTripRow[] = [
  { name: 'plain (reference)', text: schema('The id.'), expected: 'The id.' },
  { name: 'CRLF line endings', text: schema('The id.').replace(/\n/g, '\r\n'), expected: 'The id.' },
  { name: 'UTF-8 BOM', text: `\ufeff${schema('The id.')}`, expected: 'The id.' },
  { name: 'tabs (in a comment and inside a quoted scalar)', text: schema('"The\tid."', '#\ta tabbed\tcomment\n'), expected: 'The\tid.' },
  {
    name: 'anchors and aliases',
    text: schema('&iddoc The id.').replace('description: Enriched.', 'description: *iddoc'),
    expected: 'The id.',
  },
  {
    name: 'flow style mapping for the column',
    text: schema('The id.').replace(/(orders_enriched\n    description: Enriched.\n)    columns:\n      - name: id\n/, '$1    columns:\n      - {name: id}\n'),
    expected: 'The id.',
  },
  { name: 'very long lines (5 000+ characters)', text: schema(long), expected: long },
  { name: 'non-ASCII (ünïcödé, 日本語, emoji)', text: schema('Identifiant ünïcödé — 日本語 🎉'), expected: 'Identifiant ünïcödé — 日本語 🎉' },
  { name: 'description with `: ` and `#`, double-quoted', text: schema('"Key: value # not a comment"'), expected: 'Key: value # not a comment' },
  { name: "quotes ('single' and \"double\")", text: schema(`'It''s the "id"'`), expected: `It's the "id"` },
  { name: 'Jinja (`{{ doc("orders_id") }}`)', text: schema(`'{{ doc("orders_id") }}'`), expected: '{{ doc("orders_id") }}' },
  { name: 'comments everywhere', text: schema('The id. # trailing comment').replace('models:\n', '# head\nmodels: # after key\n'), expected: 'The id.' },
];
