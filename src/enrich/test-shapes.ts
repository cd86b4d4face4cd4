import type { SuggestedTest } from './types.js';

/**
 * Suggested tests as dbt reads them, and the identity that says whether a column already has one.
 *
 * Arguments are written at the top level of the test (`accepted_values: {values: [...]}`), not
 * under `arguments:`. dbt 1.8 and 1.9 pass every key of that mapping to the test macro, so an
 * `arguments:` key there is an unexpected keyword and the project fails to parse; dbt 1.10 and
 * 1.11 still accept top-level arguments (they prefer `arguments:`, behind a behaviour flag that is
 * off by default). Top-level is the one shape all of 1.8 to 1.11 accept, and the one the dbt JSON
 * schema for dbt Core (dbt_yml_files-latest.json) requires (`values` is a required key there).
 */

/** The YAML value of a test item: `not_null`, or a one-key mapping holding its arguments. */
export function renderTest(test: SuggestedTest): unknown {
  switch (test.kind) {
    case 'not_null':
    case 'unique':
      return test.kind;
    case 'accepted_values':
      // dbt quotes each value by default; numbers and booleans compare as themselves only unquoted.
      return { accepted_values: { values: test.values, ...(test.values.every((v) => typeof v === 'string') ? {} : { quote: false }) } };
    case 'relationships':
      return { relationships: { to: test.to, field: test.field } };
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** `ref('x')`, `ref("x")` and `ref( 'x' )` name the same thing. */
function normalizeTo(to: unknown): string {
  return String(to).replace(/\s+/g, '').replace(/"/g, "'").toLowerCase();
}

/**
 * What makes two tests the same: the test's name and the arguments that change what it checks.
 * `config`, `where`, `severity` and a custom `name` do not make a second `not_null` a new test.
 * Undefined for an item that is not a test (a malformed entry is left to dbt to report).
 */
export function testIdentity(item: unknown): string | undefined {
  if (typeof item === 'string') return item.trim().replace(/^dbt\./, '').toLowerCase();
  const map = asRecord(item);
  if (!map) return undefined;
  // dbt's other spelling: `- name: x` with `test_name: accepted_values` and the arguments beside.
  const named = typeof map['test_name'] === 'string' ? map['test_name'] : undefined;
  const keys = Object.keys(map);
  const testName = named ?? (keys.length === 1 ? keys[0] : undefined);
  if (testName === undefined) return undefined;
  const body = named !== undefined ? map : asRecord(map[testName]) ?? {};
  const args = { ...body, ...asRecord(body['arguments']) };
  const name = testName.replace(/^dbt\./, '').toLowerCase();
  if (name === 'accepted_values') {
    const values = Array.isArray(args['values']) ? args['values'].map((v) => String(v)).sort() : [];
    return `${name}:${JSON.stringify(values)}`;
  }
  if (name === 'relationships') return `${name}:${normalizeTo(args['to'])}:${String(args['field']).toLowerCase()}`;
  return name;
}

/** The identity of a suggested test, comparable with `testIdentity` of what the YAML holds. */
export function suggestedTestIdentity(test: SuggestedTest): string {
  return testIdentity(renderTest(test)) as string;
}

/** The kind of test an existing item is (`accepted_values`, ...), for same-kind rules. */
function testKind(identity: string): string {
  return identity.split(':')[0] as string;
}

/**
 * Whether `test` is already among `existing` (the items of `tests` and `data_tests` together).
 * An `accepted_values` a person wrote with other values also counts: a second list beside it
 * would fail every row whose value only one of the two lists allows.
 */
export function hasTest(existing: readonly unknown[], test: SuggestedTest): boolean {
  const identities = existing.map(testIdentity).filter((i): i is string => i !== undefined);
  const wanted = suggestedTestIdentity(test);
  if (test.kind === 'accepted_values') return identities.some((i) => testKind(i) === 'accepted_values');
  return identities.includes(wanted);
}

/** The tests a column or entry mapping holds, under `tests` and `data_tests` both. */
export function existingTests(mapping: Readonly<Record<string, unknown>> | undefined): unknown[] {
  if (!mapping) return [];
  return [mapping['data_tests'], mapping['tests']].flatMap((list) => (Array.isArray(list) ? list : []));
}
