/** Validation of schema YAML against the vendored dbt JSON schemas (fixtures/dbt-jsonschema/). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const SCHEMAS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/dbt-jsonschema');

/** dbt Core's property files, and dbt Fusion's. */
export type DbtSchema = 'dbt_yml_files-latest.json' | 'dbt_yml_files-latest-fusion.json';

const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: string): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    // Draft-07 with `$defs` and keywords strict mode does not know; formats (uint64, ...) are not
    // what these tests check.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validate = ajv.compile(JSON.parse(readFileSync(path.join(SCHEMAS, schema), 'utf8')));
    validators.set(schema, validate);
  }
  return validate;
}

/** The schema's complaints about a YAML text (empty: valid). */
export function dbtSchemaErrors(schema: string, yaml: string): string[] {
  const validate = validatorFor(schema);
  return validate(parse(yaml)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
