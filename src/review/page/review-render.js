// Drawing: the virtual list (only the rows in view exist in the DOM), the proposal panel and the
// dashboard. Text from proposals always goes through textContent, never innerHTML: it is model
// output and must not become markup.
'use strict';
(function (global) {
  const M = global.ReviewModel;
  const NODE_H = 36;
  const ITEM_H = 58;
  const OVERSCAN = 8;

  /** `el('div', {class: 'x'}, 'text', child)`: an element with attributes and children. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  function badge(status) {
    return el('span', { class: `badge s-${status}`, text: M.STATUS_LABELS[status] || status });
  }

  /** A list that keeps only the visible rows in the DOM; rows have fixed heights, so positions are sums. */
  function createVirtualList(container, spacer, onPick) {
    const pane = el('div', { class: 'rows' });
    container.append(pane);
    let rows = [];
    let tops = [0];
    let selected = null;
    let pending = false;

    function draw() {
      pending = false;
      const top = container.scrollTop;
      const bottom = top + container.clientHeight;
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tops[mid + 1] <= top) lo = mid + 1;
        else hi = mid;
      }
      const start = Math.max(0, lo - OVERSCAN);
      const frag = document.createDocumentFragment();
      let i = start;
      for (; i < rows.length && tops[i] < bottom + OVERSCAN * ITEM_H; i++) frag.append(drawRow(rows[i]));
      pane.style.transform = `translateY(${tops[start] || 0}px)`;
      pane.replaceChildren(frag);
    }

    function drawRow(row) {
      if (row.kind === 'node') {
        return el('div', { class: 'row node-row', title: row.node },
          el('span', { class: 'node-name', text: M.shortNode(row.node) }),
          el('span', { class: 'tag', text: row.type }),
          el('span', { class: 'node-path', text: row.path }),
          el('span', { class: 'node-count', text: String(row.count) }));
      }
      const p = row.p;
      const inherit = p.inherited ? el('span', { class: 'inherit', title: 'columns that inherit this text', text: `+${p.inherited}` }) : null;
      return el('div', { class: `row item-row${p.id === selected ? ' selected' : ''}`, 'data-id': p.id, role: 'option', 'aria-selected': p.id === selected ? 'true' : 'false' },
        el('div', { class: 'item-head' }, badge(p.status), el('span', { class: 'field-name', text: M.fieldLabel(p.field) }), inherit, p.edited ? el('span', { class: 'edited', text: 'edited' }) : null),
        el('div', { class: 'excerpt', text: p.current }));
    }

    container.addEventListener('scroll', () => {
      if (!pending) {
        pending = true;
        requestAnimationFrame(draw);
      }
    });
    pane.addEventListener('click', (event) => {
      const row = event.target.closest('.item-row');
      if (row) onPick(row.dataset.id);
    });

    return {
      setRows(next, selectedId) {
        rows = next;
        selected = selectedId;
        tops = new Array(rows.length + 1);
        tops[0] = 0;
        for (let i = 0; i < rows.length; i++) tops[i + 1] = tops[i] + (rows[i].kind === 'node' ? NODE_H : ITEM_H);
        spacer.style.height = `${tops[rows.length]}px`;
        draw();
      },
      select(id) {
        selected = id;
        const index = rows.findIndex((r) => r.kind === 'item' && r.p.id === id);
        if (index >= 0) {
          // Keep the node header in view above the first item of a node.
          const top = index > 0 && rows[index - 1].kind === 'node' ? tops[index - 1] : tops[index];
          if (top < container.scrollTop) container.scrollTop = top;
          else if (tops[index + 1] > container.scrollTop + container.clientHeight) container.scrollTop = tops[index + 1] - container.clientHeight;
        }
        draw();
      },
    };
  }

  function section(title, ...body) {
    return el('section', { class: 'ctx' }, el('h3', { text: title }), ...body);
  }

  function textBlock(text, cls) {
    return text === null || text === undefined || text === '' ? el('p', { class: 'muted', text: '(none)' }) : el('p', { class: `text ${cls || ''}`, text });
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  /** The panel of one proposal: the text, the actions, then everything the model was shown (`p` is a summary while `ui.loading`). */
  function drawDetail(root, p, ui) {
    if (!p) {
      root.replaceChildren(el('div', { class: 'empty', text: 'Pick a proposal (j / k).' }));
      return;
    }
    const g = p.generation || {};
    const ctx = p.context || {};
    const head = el('header', { class: 'detail-head' },
      el('div', { class: 'detail-title' }, el('h2', { text: M.fieldLabel(p.field) }), badge(p.status)),
      el('div', { class: 'muted mono', text: `${p.node} · ${p.path}` }));

    let body;
    if (ui.editing) {
      const area = el('textarea', { id: 'edit-text', rows: 6, 'aria-label': 'Text to approve' });
      area.value = p.current;
      body = el('div', { class: 'edit' }, area,
        el('div', { class: 'actions' },
          el('button', { id: 'edit-save', class: 'approve', onclick: () => ui.onSaveEdit(area.value) }, 'Save and approve ', el('kbd', {}, 'Ctrl+Enter')),
          el('button', { id: 'edit-cancel', class: 'secondary', onclick: ui.onCancelEdit }, 'Cancel ', el('kbd', {}, 'Esc'))));
    } else {
      const can = (a) => M.CAN[a].has(p.status);
      body = el('div', {},
        el('div', { class: 'label', text: (ui.loading ? p.edited : p.current !== p.proposed) ? 'Text to apply (edited)' : 'Text to apply' }),
        textBlock(p.current, 'current'),
        el('div', { class: 'actions' },
          el('button', { id: 'act-approve', class: 'approve', disabled: !can('approve'), onclick: ui.onApprove }, 'Approve ', el('kbd', {}, 'a')),
          el('button', { id: 'act-edit', class: 'secondary', disabled: !can('edit'), onclick: ui.onEdit }, 'Edit ', el('kbd', {}, 'e')),
          el('button', { id: 'act-reject', class: 'reject', disabled: !can('reject'), onclick: ui.onReject }, 'Reject ', el('kbd', {}, 'r')),
          can('rollback') ? el('button', { id: 'act-rollback', class: 'secondary', onclick: ui.onRollback }, 'Roll back') : null));
    }

    const review = p.reviewedBy ? el('p', { class: 'muted', text: `${p.status === 'rejected' ? 'Rejected' : 'Reviewed'} by ${p.reviewedBy}, ${when(p.reviewedAt)}${p.appliedAt ? ` · applied ${when(p.appliedAt)}` : ''}` }) : null;
    const note = p.note ? el('p', { class: 'note', text: `Note: ${p.note}` }) : null;
    const parts = [head, body, review, note];

    if (ui.loading) {
      parts.push(el('p', { class: 'muted loading', text: 'Loading the context…' }));
      root.replaceChildren(...parts.filter(Boolean));
      return;
    }
    if (p.current !== p.proposed) parts.push(section("The model's text", textBlock(p.proposed)));
    parts.push(section('Before', textBlock(p.original)));
    if (p.inheritedBy && p.inheritedBy.length) {
      parts.push(section(`Inherited by ${p.inheritedBy.length} column${p.inheritedBy.length === 1 ? '' : 's'}`,
        el('ul', { class: 'inherited' }, p.inheritedBy.map((t) => el('li', { class: 'mono', text: `${M.shortNode(t.node)}.${t.column}` })))));
    }
    if (p.field.startsWith('columns.') || ctx.dataType) parts.push(section('Catalog type', el('p', { class: 'mono', text: ctx.dataType || '(not in the catalog)' })));
    if (ctx.sqlExcerpt) parts.push(section('SQL excerpt', el('pre', { class: 'sql', text: ctx.sqlExcerpt })));
    parts.push(section('Upstream docs used', ctx.upstreamDocs && ctx.upstreamDocs.length
      ? el('ul', { class: 'upstream' }, ctx.upstreamDocs.map((u) => el('li', {}, el('span', { class: 'mono', text: `${M.shortNode(u.node)}${u.column ? `.${u.column}` : ''}` }), el('span', { text: u.text }))))
      : el('p', { class: 'muted', text: '(none)' })));
    if (ctx.sampleRows && ctx.sampleRows.length) {
      parts.push(section('Sample rows', el('table', { class: 'samples' }, ctx.sampleRows.map((r) => el('tr', {}, r.map((c) => el('td', { text: c })))))));
    }
    parts.push(section('Generation', el('dl', { class: 'gen' },
      el('dt', { text: 'Provider' }), el('dd', { text: g.provider }),
      el('dt', { text: 'Model' }), el('dd', { text: g.model }),
      el('dt', { text: 'Tokens' }), el('dd', { text: `${g.inputTokens} in · ${g.outputTokens} out` }),
      el('dt', { text: 'Cost' }), el('dd', { text: `${M.money(g.costUsd)}${g.cached ? ' (cached answer)' : ''}` }),
      el('dt', { text: 'Prompt' }), el('dd', { class: 'mono', text: String(g.promptSha256 || '').slice(0, 16) }))));
    if (p.history && p.history.length) {
      parts.push(section('History', el('ol', { class: 'history' }, p.history.map((h) => el('li', {},
        el('b', { text: h.action }), ` by ${h.actor}, ${when(h.at)}`, h.note ? el('span', { class: 'muted', text: ` — ${h.note}` }) : null)))));
    }
    root.replaceChildren(...parts.filter(Boolean));
  }

  /** Widths go through the CSSOM: the CSP forbids style attributes. */
  function fill(cls, pct) {
    const node = el('div', { class: `bar-fill ${cls}` });
    node.style.width = `${pct}%`;
    return node;
  }

  function drawDashboard(dash) {
    const d = dash.documented;
    const bar = (label, n, cls) => el('div', { class: 'bar-row' },
      el('span', { class: 'bar-label', text: label }),
      el('div', { class: 'bar' }, fill(cls, M.percent(n, d.total))),
      el('span', { class: 'bar-value', text: `${M.percent(n, d.total)}%` }),
      el('span', { class: 'muted', text: `${n} of ${d.total}` }));
    document.getElementById('dash-bars').replaceChildren(
      bar('Before review', d.before, 'before'), bar('After applied', d.afterApplied, 'after'), bar('With pending', d.withPending, 'pending'));
    document.getElementById('dash-total').textContent = `${d.total} descriptions in the project (models, sources, seeds and their columns).`;
    document.getElementById('dash-counts').replaceChildren(...M.STATUSES.map((s) => el('div', { class: 'count' }, el('b', { text: String(dash.counts[s] || 0) }), badge(s))));
    const rows = dash.byModel;
    document.getElementById('dash-spend').replaceChildren(
      el('div', { class: 'spend-total', text: M.money(dash.spendUsd) }),
      el('table', { class: 'spend-table' },
        el('tr', {}, ['Provider · model', 'Proposals', 'Tokens in', 'Tokens out', 'Cost'].map((h) => el('th', { text: h }))),
        rows.map((r) => el('tr', {}, el('td', { text: `${r.provider} · ${r.model}` }), el('td', { text: String(r.proposals) }), el('td', { text: r.inputTokens.toLocaleString() }),
          el('td', { text: r.outputTokens.toLocaleString() }), el('td', { text: `${M.money(r.costUsd)}${r.unpriced ? ` (+${r.unpriced} unpriced)` : ''}` })))));
  }

  /** A unified diff with added/removed lines coloured. */
  function drawDiff(pre, diff) {
    pre.replaceChildren(...diff.split('\n').map((line) => {
      const cls = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
      return el('span', { class: cls, text: line });
    }));
  }

  global.ReviewRender = { el, createVirtualList, drawDetail, drawDashboard, drawDiff };
})(window);
