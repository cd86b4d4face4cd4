// Part of `npm run build`: tsc compiles only TypeScript, so the review page's static files
// (HTML, CSS, plain JS) are copied from src/review/page/ to dist/review/page/, where the server
// reads them. The package's `files` ships dist/, so they travel with it.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const from = path.join(root, 'src/review/page');
const to = path.join(root, 'dist/review/page');
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) if (/\.(html|css|js)$/.test(name)) cpSync(path.join(from, name), path.join(to, name));
