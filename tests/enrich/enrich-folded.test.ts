/**
 * Enrichment folded into bulk description requests (every jaffle node goes bulk with
 * `bulkThreshold: 0`): one request answers both; an unusable enrichment part costs a request of
 * its own, never the descriptions; and once the descriptions are written, the enrichment the
 * bulk answer brought is reused under the node's identity, so the next run asks nothing.
 */
import { describe, expect, it } from 'vitest';
import { documentProject } from '../../src/document-project.js';
import type { SynthesisOptions } from '../../src/config/types.js';
import { answerFromSchema } from '../helpers/fake-llm-answers.js';
import { documentOptions } from '../helpers/document-options.js';
import { enrichOptions, jaffleCopy, useFakeServer } from './jaffle-copy.js';

const fake = useFakeServer();
const FOLDED = 'column_descriptions_and_enrichment';

function options(cache: string, extra: Partial<SynthesisOptions> = {}): SynthesisOptions {
  return enrichOptions(fake.server(), cache, { bulkThreshold: 0, ...extra });
}

describe('--enrich folded into bulk requests', () => {
  it('asks descriptions and enrichment in one request, and a later run reuses the enrichment', async () => {
    const { dir, cache } = jaffleCopy(fake.temps);
    fake.server().reset();
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(report.failures).toEqual([]);
    const requests = fake.server().requests;
    const folded = requests.filter((r) => r.schemaName === FOLDED);
    const own = requests.filter((r) => r.schemaName === 'enrichment');
    const single = requests.filter((r) => r.schemaName === 'description');
    // A node with missing columns: one folded request. A node missing only its description, or
    // nothing: that request (if any) and one enrichment request.
    expect(folded.length).toBeGreaterThan(0);
    expect(folded.length + own.length).toBe(8);
    expect(requests).toHaveLength(folded.length + own.length + single.length);
    expect(folded.every((r) => r.prompt.includes('under "enrichment"'))).toBe(true);
    // Every node's enrichment came back (the fake answers every field the schema asks).
    expect(report.enriched?.purpose).toBe(8);

    // Descriptions are written now: no bulk request is left, and the enrichment-only requests
    // the nodes would send are answered by what the folded answers brought.
    fake.server().reset();
    const again = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(again.failures).toEqual([]);
    expect(fake.server().requests).toEqual([]);
    expect(again.enriched?.purpose).toBe(8);
  }, 60_000);

  it('an unusable enrichment part keeps the descriptions and costs one request of its own', async () => {
    const { dir, cache } = jaffleCopy(fake.temps);
    fake.server().reset();
    fake.server().setRespond((r) => {
      if (r.schemaName !== FOLDED) return undefined;
      const answer = answerFromSchema(r.schema ?? {}, FOLDED) as Record<string, unknown>;
      return { answer: { ...answer, enrichment: 'not an object' } };
    });
    const report = await documentProject(documentOptions(dir, { synthesize: true, synthesis: options(cache) }));
    expect(report.failures).toEqual([]);
    const folded = fake.server().requests.filter((r) => r.schemaName === FOLDED).length;
    const own = fake.server().requests.filter((r) => r.schemaName === 'enrichment').length;
    // Each folded node asks again on its own, as the others do anyway.
    expect(folded).toBeGreaterThan(0);
    expect(own).toBe(8);
    expect(report.warnings.filter((w) => w.includes('enrichment part of the bulk answer unusable'))).toHaveLength(folded);
    expect(report.enriched?.purpose).toBe(8);
  }, 60_000);
});
