// The review page's pure part: filtering, grouping and counting proposal summaries in memory (the
// server's summarize-proposal.ts shape). No DOM here, so a 5,000-proposal filter is a few array
// passes (docs/review.md: filtering within 100 ms).
'use strict';
(function (global) {
  const STATUSES = ['pending', 'approved', 'rejected', 'applied', 'rolled_back', 'stale'];
  const STATUS_LABELS = { pending: 'pending', approved: 'approved', rejected: 'rejected', applied: 'applied', rolled_back: 'rolled back', stale: 'stale' };
  /**
   * Which statuses an action may start from, as the store's ALLOWED_FROM (src/review/act-on-proposals.ts)
   * says; the store decides (a refused action comes back as a conflict with its reason), this
   * keeps the buttons and bulk counts honest.
   */
  const CAN = {
    approve: new Set(['pending', 'rejected', 'rolled_back', 'stale']),
    edit: new Set(['pending', 'approved', 'rejected', 'rolled_back', 'stale']),
    reject: new Set(['pending', 'approved', 'stale', 'rolled_back']),
    rollback: new Set(['applied']),
  };

  /** `model.jaffle.customers` → `customers`; `source.jaffle.raw.orders` → `raw.orders`. */
  function shortNode(id) {
    const parts = String(id).split('.');
    return parts[0] === 'source' ? parts.slice(2).join('.') : parts.slice(2).join('.') || id;
  }

  /** `columns.email.description` → `email`; `description` → `(model description)`. */
  function fieldLabel(field) {
    // Enrichment (docs/enrich.md): `columns.email.meta.contains_pii` → `email · meta.contains_pii`.
    const enrich = /^columns\.(.+?)\.(tags|meta\..+|tests\..+)$/.exec(field);
    if (enrich) return `${enrich[1]} · ${enrich[2]}`;
    const m = /^columns\.(.+)\.([a-z_]+)$/.exec(field);
    if (m) return m[2] === 'description' ? m[1] : `${m[1]} · ${m[2]}`;
    return field === 'description' ? '(description)' : field;
  }

  /** The lower-cased text the search box matches, built on first search (not at load: 5,000 joins). */
  function haystack(p) {
    if (p.$search === undefined) p.$search = [p.node, p.field, p.path, p.current, p.note || '', p.reviewedBy || ''].join('\n').toLowerCase();
    return p.$search;
  }

  /** Proposals in a stable order: by file, then node, then field (the model's own text first). */
  function compare(a, b) {
    if (a.path !== b.path) return a.path < b.path ? -1 : 1;
    if (a.node !== b.node) return a.node < b.node ? -1 : 1;
    if (a.field === 'description') return b.field === 'description' ? 0 : -1;
    if (b.field === 'description') return 1;
    return a.field < b.field ? -1 : a.field > b.field ? 1 : 0;
  }

  function matchesPath(path, prefix) {
    return !prefix || path === prefix || (prefix.endsWith('/') && path.startsWith(prefix));
  }

  /** Everything but the status filter, so the status chips can count what each would show. */
  function filterExceptStatus(list, f) {
    const words = (f.search || '').toLowerCase().split(/\s+/).filter(Boolean);
    return list.filter((p) => (!f.type || p.type === f.type) && matchesPath(p.path, f.path) && (words.length === 0 || words.every((w) => haystack(p).includes(w))));
  }

  function countStatuses(list) {
    const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
    for (const p of list) counts[p.status] = (counts[p.status] || 0) + 1;
    return counts;
  }

  /** One pass: the matching proposals, the status counts, and the rows (node headers and items) to draw. */
  function view(list, f) {
    const base = filterExceptStatus(list, f);
    const counts = countStatuses(base);
    const items = f.status ? base.filter((p) => p.status === f.status) : base;
    const rows = [];
    let nodes = 0;
    for (let i = 0; i < items.length; i++) {
      const p = items[i];
      if (i === 0 || items[i - 1].node !== p.node) {
        let n = 0;
        for (let j = i; j < items.length && items[j].node === p.node; j++) n++;
        rows.push({ kind: 'node', node: p.node, path: p.path, type: p.type, count: n });
        nodes++;
      }
      rows.push({ kind: 'item', p });
    }
    return { items, rows, counts, total: base.length, nodes };
  }

  /** Folders and files for the path filter: `models/`, `models/staging/`, `models/staging/schema.yml`. */
  function pathOptions(list) {
    const out = new Set();
    for (const p of list) {
      const parts = p.path.split('/');
      for (let i = 1; i < parts.length; i++) out.add(`${parts.slice(0, i).join('/')}/`);
      out.add(p.path);
    }
    return [...out].sort();
  }

  function typeOptions(list) {
    return [...new Set(list.map((p) => p.type))].sort();
  }

  function money(usd) {
    if (usd === null || usd === undefined) return 'unknown';
    if (usd === 0) return '$0';
    return usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(2)}`;
  }

  function percent(n, total) {
    return total > 0 ? Math.round((1000 * n) / total) / 10 : 0;
  }

  global.ReviewModel = { STATUSES, STATUS_LABELS, CAN, shortNode, fieldLabel, haystack, compare, view, pathOptions, typeOptions, money, percent };
})(window);
