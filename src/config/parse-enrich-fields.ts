import { ENRICH_FIELDS, type EnrichField } from '../enrich/types.js';
import { ConfigError } from './errors.js';
import type { ValueParser } from './parse-values.js';

/** `pii,tags` (flag) or `[pii, tags]` (YAML): known fields only, in ENRICH_FIELDS order. */
export const parseEnrichFields: ValueParser<EnrichField[]> = (raw, label) => {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined;
  if (items === undefined) throw new ConfigError(`${label}: expected a comma list of ${ENRICH_FIELDS.join(', ')}`);
  const asked = new Set<string>();
  for (const item of items) {
    const field = String(item).trim().toLowerCase();
    if (field === '') continue;
    if (!(ENRICH_FIELDS as readonly string[]).includes(field)) {
      throw new ConfigError(`${label}: unknown field '${String(item).trim()}'; allowed: ${ENRICH_FIELDS.join(', ')}`);
    }
    asked.add(field);
  }
  if (asked.size === 0) throw new ConfigError(`${label}: name at least one of ${ENRICH_FIELDS.join(', ')}`);
  return ENRICH_FIELDS.filter((f) => asked.has(f));
};
