import { createHash } from 'node:crypto';
import { countTokens, encodingForModel } from '../../cost/count-tokens.js';

/** Where remembered token counts are kept between runs (the response cache; the null cache keeps none). */
export interface TokenCountStore {
  loadTokenCounts(encoding: string): Promise<Map<string, number>>;
  saveTokenCounts(encoding: string, counts: ReadonlyMap<string, number>): Promise<void>;
}

export interface MemoTokenCounter {
  count(text: string): number;
  /** Stores the counts learned in this run. */
  save(): Promise<void>;
}

/**
 * Counts tokens with the model's encoding, remembering each text's count by its sha256 so a
 * re-run whose prompts are unchanged never loads the tokenizer.
 */
export async function memoTokenCounter(model: string, store: TokenCountStore): Promise<MemoTokenCounter> {
  const encoding = encodingForModel(model);
  const known = await store.loadTokenCounts(encoding);
  const learned = new Map<string, number>();
  return {
    count(text) {
      if (text === '') return 0;
      const digest = createHash('sha256').update(text).digest('base64url');
      const remembered = known.get(digest);
      if (remembered !== undefined) return remembered;
      const tokens = countTokens(text, model);
      known.set(digest, tokens);
      learned.set(digest, tokens);
      return tokens;
    },
    save: async () => {
      if (learned.size > 0) await store.saveTokenCounts(encoding, learned);
    },
  };
}
