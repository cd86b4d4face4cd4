import { readFile } from 'node:fs/promises';
import { OsmosisError } from '../../errors.js';

/** The files of the review page, served from the package itself (the page loads nothing else). */
const ASSETS = {
  'review.css': 'text/css; charset=utf-8',
  'review-model.js': 'text/javascript; charset=utf-8',
  'review-api.js': 'text/javascript; charset=utf-8',
  'review-render.js': 'text/javascript; charset=utf-8',
  'review-dialogs.js': 'text/javascript; charset=utf-8',
  'review-page.js': 'text/javascript; charset=utf-8',
} as const;

type AssetName = keyof typeof ASSETS;

export interface PageAssets {
  /** The page, with the run's token in the asset URLs and the meta tag the script reads it from. */
  html: string;
  files: Map<string, { type: string; body: Buffer }>;
}

/** Beside this module's folder in src/ and in dist/ (the build copies the page there). */
const PAGE_DIR = new URL('../page/', import.meta.url);

/** Reads the page once per server; a missing file is a broken install, said plainly. */
export async function loadPageAssets(token: string): Promise<PageAssets> {
  const read = async (name: string): Promise<Buffer> => {
    try {
      return await readFile(new URL(name, PAGE_DIR));
    } catch (error) {
      throw new OsmosisError('review-page-missing', `the review page file ${new URL(name, PAGE_DIR).pathname} is missing (${(error as Error).message}); reinstall osmosis-ts or run \`npm run build\``, { cause: error });
    }
  };
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const [name, type] of Object.entries(ASSETS)) files.set(name, { type, body: await read(name) });
  // The token is base64url, so it is safe inside an attribute and a query string as is.
  const html = (await read('review.html')).toString('utf8').replaceAll('__TOKEN__', token);
  return { html, files };
}
