import { z } from 'zod';
import type { ReviewStore } from '../types.js';
import type { ProposalSnapshot } from './proposal-cache.js';
import { spendByModel } from './spend-by-model.js';
import { summarizeProposal } from './summarize-proposal.js';

/** An answer of the JSON API: a value to serialize, or JSON text already serialized. */
export type ApiAnswer = { status: number; body: unknown } | { status: number; json: string };

const ITEMS = z.array(z.object({ id: z.string().min(1), revision: z.number().int().nonnegative() }).strict()).min(1);
const ACT = z.object({ action: z.enum(['approve', 'reject', 'edit']), items: ITEMS, text: z.string().optional(), note: z.string().optional() }).strict();
const APPLY = z.object({ dryRun: z.boolean(), force: z.boolean().optional(), ids: z.array(z.string().min(1)).optional() }).strict();
const ROLLBACK = z.object({ ids: z.array(z.string().min(1)).min(1).optional(), since: z.string().datetime({ offset: true }).optional() }).strict()
  .refine((v) => (v.ids === undefined) !== (v.since === undefined), 'give either ids or since');

function invalid(route: string, error: z.ZodError): ApiAnswer {
  const detail = error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  return { status: 400, body: { error: { code: 'bad-request', message: `${route}: ${detail}` } } };
}

/**
 * The JSON API over the review store, as plain data in and out. The actor is the reviewer the
 * server was started as, never a value from the request: a page cannot act as someone else.
 */
export async function answerApi(
  store: ReviewStore,
  snapshot: () => Promise<ProposalSnapshot>,
  actor: string,
  request: { method: string; pathname: string; query: URLSearchParams; body: unknown },
): Promise<ApiAnswer | undefined> {
  const { method, pathname, body } = request;
  if (method === 'GET' || method === 'HEAD') {
    if (pathname === '/api/proposals') {
      // Spliced rather than re-serialized: the list's JSON is kept with the snapshot.
      return { status: 200, json: `{"reviewer":${JSON.stringify(actor)},${(await snapshot()).listBody.slice(1)}` };
    }
    if (pathname === '/api/proposal') {
      const id = request.query.get('id') ?? '';
      const proposal = (await snapshot()).byId.get(id);
      return proposal === undefined
        ? { status: 404, body: { error: { code: 'unknown-proposal', message: `no proposal ${JSON.stringify(id)} in the store (compacted or rewritten meanwhile?): reload the page` } } }
        : { status: 200, body: proposal };
    }
    if (pathname === '/api/dashboard') return { status: 200, body: { ...(await store.dashboard()), byModel: spendByModel((await snapshot()).byId.values()) } };
    return undefined;
  }
  if (pathname === '/api/act') {
    const input = ACT.safeParse(body);
    if (!input.success) return invalid(pathname, input.error);
    if (input.data.action === 'edit' && (input.data.text === undefined || input.data.text.trim() === '')) {
      return { status: 400, body: { error: { code: 'bad-request', message: '/api/act: edit needs a non-empty text' } } };
    }
    const result = await store.act({ actor, ...input.data });
    // A conflict is the other tab's newer state, returned so the page can show it instead of losing it.
    return {
      status: result.conflicts.length > 0 ? 409 : 200,
      body: { ...result, updated: result.updated.map(summarizeProposal), conflicts: result.conflicts.map((c) => ({ ...c, current: summarizeProposal(c.current) })) },
    };
  }
  if (pathname === '/api/apply') {
    const input = APPLY.safeParse(body);
    if (!input.success) return invalid(pathname, input.error);
    return { status: 200, body: await store.apply({ actor, ...input.data }) };
  }
  if (pathname === '/api/rollback') {
    const input = ROLLBACK.safeParse(body);
    if (!input.success) return invalid(pathname, input.error);
    return { status: 200, body: await store.rollback({ actor, ...input.data }) };
  }
  return undefined;
}
