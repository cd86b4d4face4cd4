import { compileSrcModule } from '../helpers/compile-src-module.js';

/**
 * Compiles src/cache/response-cache.ts (and what it imports) into a temporary directory, so
 * child processes run the current source of the module under test rather than a stale dist/.
 */
export function compileCacheModule(): Promise<string> {
  return compileSrcModule('cache/response-cache.ts', { 'writer.mjs': WRITER }, 'cache');
}

/**
 * `node writer.mjs <cache> <prefix> <count> [otherPrefix]`: sets `<prefix>-<i>` for i < count,
 * printing i once each set has resolved; with otherPrefix it also reads the other writer's keys.
 */
const WRITER = `
import { openResponseCache } from './out/cache/response-cache.js';
const [path, prefix, count, other] = process.argv.slice(2);
const cache = await openResponseCache(path);
let seen = 0;
for (let i = 0; i < Number(count); i++) {
  await cache.set(prefix + '-' + i, {
    text: prefix + ' answer ' + i,
    object: { i },
    usage: { inputTokens: i, outputTokens: 1 },
    model: 'gpt-4o-mini',
    provider: 'openai',
    createdAt: Date.now(),
  });
  if (other !== undefined) {
    const hit = await cache.get(other + '-' + Math.floor(Math.random() * Number(count)));
    if (hit !== undefined) seen++;
  }
  process.stdout.write(i + '\\n');
}
await cache.close();
process.stderr.write('seen ' + seen + '\\n');
`;
