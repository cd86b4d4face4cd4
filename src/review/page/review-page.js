// The page's state and events: load the proposals once, filter in memory, and send every action
// to the server, showing it as done only once the store has it. A 409 means another tab (or the
// terminal) was first: its state is shown, and nothing is overwritten.
'use strict';
(function (global) {
  const M = global.ReviewModel;
  const R = global.ReviewRender;
  const api = global.ReviewApi;
  const dialogs = global.ReviewDialogs;
  const $ = (id) => document.getElementById(id);

  const state = {
    all: [],
    position: new Map(),
    filter: { status: '', type: '', path: '', search: '' },
    view: { items: [], rows: [], counts: {}, total: 0, nodes: 0 },
    selectedId: null,
    editing: false,
    busy: false,
    /** Full proposals by id, as last fetched; a newer revision in the list makes one outdated. */
    details: new Map(),
    loading: new Set(),
  };
  const list = R.createVirtualList($('list'), $('list-spacer'), (id) => select(id));

  function banner(text, kind) {
    $('banner').hidden = false;
    $('banner').className = `banner ${kind}`;
    $('banner-text').textContent = text;
  }

  function load(proposals) {
    state.all = proposals.sort(M.compare);
    state.position = new Map(state.all.map((p, i) => [p.id, i]));
    fillOptions($('type-filter'), 'All types', M.typeOptions(state.all));
    fillOptions($('path-filter'), 'All paths', M.pathOptions(state.all));
  }

  function fillOptions(select, allLabel, values) {
    const keep = select.value;
    select.replaceChildren(R.el('option', { value: '', text: allLabel }), ...values.map((v) => R.el('option', { value: v, text: v })));
    select.value = values.includes(keep) ? keep : '';
  }

  function upsert(p) {
    const i = state.position.get(p.id);
    if (i === undefined) return;
    state.all[i] = p;
  }

  function selected() {
    const i = state.position.get(state.selectedId);
    return i === undefined ? null : state.all[i];
  }

  /** Re-filters and redraws; the selection stays when it still matches, else moves to the first match. */
  function render() {
    const before = state.view.items.findIndex((p) => p.id === state.selectedId);
    state.view = M.view(state.all, state.filter);
    const { items, counts, total, nodes } = state.view;
    if (!items.some((p) => p.id === state.selectedId)) {
      // The next proposal takes the place of one the filter now hides (say, approved under "pending").
      state.selectedId = items.length ? items[Math.min(Math.max(before, 0), items.length - 1)].id : null;
      state.editing = false;
    }
    $('match-count').textContent = items.length.toLocaleString();
    $('node-count').textContent = nodes.toLocaleString();
    $('list-empty').hidden = items.length > 0;
    $('bulk-approve').textContent = `Approve ${bulkTargets('approve').length.toLocaleString()} matching`;
    $('bulk-reject').textContent = `Reject ${bulkTargets('reject').length.toLocaleString()} matching`;
    const chip = (status, label, n) => R.el('button', { class: `chip${state.filter.status === status ? ' on' : ''}`, 'data-status': status, 'aria-pressed': String(state.filter.status === status) },
      label, R.el('span', { class: 'chip-count', text: n.toLocaleString() }));
    $('status-filter').replaceChildren(chip('', 'all', total), ...M.STATUSES.map((s) => chip(s, M.STATUS_LABELS[s], counts[s] || 0)));
    const approved = state.all.filter((p) => p.status === 'approved').length;
    $('apply-count').textContent = approved.toLocaleString();
    $('apply-open').disabled = approved === 0;
    list.setRows(state.view.rows, state.selectedId);
    drawDetail();
  }

  /** The selected proposal in full (context, history), fetched on selection: the list leaves those out. */
  function full(p) {
    const known = state.details.get(p.id);
    if (known && known.revision === p.revision) return known;
    if (!state.loading.has(p.id)) {
      state.loading.add(p.id);
      api.proposal(p.id).then(
        (detail) => {
          state.details.set(detail.id, detail);
          const shown = selected();
          // Newer than the list (another tab acted): the list takes it too. Older cannot redraw,
          // or it would ask again forever; the next action meets the conflict instead.
          if (shown && shown.id === detail.id && detail.revision > shown.revision) {
            // Stale list entry: reload the list, which holds it summarized.
            busy(reload);
          } else if (shown && shown.id === detail.id && detail.revision === shown.revision) drawDetail();
        },
        (error) => banner(error.message, 'error'),
      ).finally(() => state.loading.delete(p.id));
    }
    return null;
  }

  let drawn = '';

  function drawDetail() {
    const p = selected();
    const detail = p && full(p);
    // A filter change that keeps the same proposal selected leaves its panel as it is.
    const key = p ? `${p.id}:${p.revision}:${state.editing}:${Boolean(detail)}` : '';
    if (key === drawn && key !== '') return;
    drawn = key;
    R.drawDetail($('detail'), detail || p, {
      loading: Boolean(p) && !detail,
      editing: state.editing,
      onApprove: () => approve(),
      onEdit: () => startEdit(),
      onReject: () => reject(),
      onRollback: () => rollback(),
      onSaveEdit: (text) => saveEdit(text),
      onCancelEdit: () => { state.editing = false; drawDetail(); },
    });
  }

  function select(id) {
    state.selectedId = id;
    state.editing = false;
    list.select(id);
    drawDetail();
  }

  function move(step) {
    const items = state.view.items;
    if (!items.length) return;
    const i = items.findIndex((p) => p.id === state.selectedId);
    const next = items[Math.min(items.length - 1, Math.max(0, i < 0 ? 0 : i + step))];
    select(next.id);
  }

  /** Runs one server call at a time, so a double key press cannot send two actions. */
  async function busy(fn) {
    if (state.busy) return;
    state.busy = true;
    document.body.classList.add('busy');
    try {
      await fn();
    } catch (error) {
      banner(error.message, 'error');
    } finally {
      state.busy = false;
      document.body.classList.remove('busy');
    }
  }

  const PAST = { approve: 'Approved', reject: 'Rejected', edit: 'Edited and approved' };

  async function act(action, targets, extra) {
    const result = await api.act({ action, items: targets.map((p) => ({ id: p.id, revision: p.revision })), ...extra });
    for (const p of result.updated) upsert(p);
    for (const c of result.conflicts) upsert(c.current);
    const unknown = result.unknown || [];
    if (result.conflicts.length) {
      const first = result.conflicts[0];
      const p = first.current;
      const who = p.reviewedBy ? ` by ${p.reviewedBy}` : '';
      // A stale revision means someone else was first; a reason means the status forbids the action.
      const why = first.reason && first.current.revision === (targets.find((t) => t.id === first.id) || {}).revision
        ? first.reason
        : `changed elsewhere first (${M.fieldLabel(p.field)} on ${M.shortNode(p.node)} is now ${M.STATUS_LABELS[p.status]}${who})`;
      banner(`${result.conflicts.length} not changed: ${why}. The page shows the current state; act again if you still want to.${result.updated.length ? ` ${PAST[action]} ${result.updated.length}.` : ''}`, 'warn');
    } else if (unknown.length) {
      banner(`${unknown.length} proposal(s) are no longer in the store (compacted or rewritten meanwhile): reload the page.`, 'warn');
    } else {
      banner(`${PAST[action]} ${result.updated.length === 1 ? M.fieldLabel(result.updated[0].field) + ' on ' + M.shortNode(result.updated[0].node) : `${result.updated.length} proposals`}.`, 'ok');
    }
    state.editing = false;
    render();
  }

  function approve() {
    const p = selected();
    if (p && M.CAN.approve.has(p.status)) busy(() => act('approve', [p]));
  }

  function startEdit() {
    const p = selected();
    if (!p || !M.CAN.edit.has(p.status)) return;
    state.editing = true;
    drawDetail();
    const area = $('edit-text');
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }

  function saveEdit(text) {
    const p = selected();
    if (!p) return;
    if (!text.trim()) {
      banner('An edit needs some text; reject the proposal to leave the field empty.', 'error');
      return;
    }
    busy(() => act('edit', [p], { text }));
  }

  function reject() {
    const p = selected();
    if (!p || !M.CAN.reject.has(p.status)) return;
    busy(async () => {
      const answer = await dialogs.confirmAction({ title: `Reject ${M.fieldLabel(p.field)} on ${M.shortNode(p.node)}?`, text: 'The field stays as it is. A note tells the team why.', okLabel: 'Reject', okClass: 'reject', withNote: true });
      if (answer.ok) await act('reject', [p], answer.note ? { note: answer.note } : {});
    });
  }

  function bulkTargets(action) {
    return state.view.items.filter((p) => M.CAN[action].has(p.status));
  }

  function bulk(action) {
    const targets = bulkTargets(action);
    if (!targets.length) {
      banner(`No matching proposal can be ${action === 'approve' ? 'approved' : 'rejected'}.`, 'warn');
      return;
    }
    const f = state.filter;
    const described = [f.status && `status ${M.STATUS_LABELS[f.status]}`, f.type && `type ${f.type}`, f.path && `path ${f.path}`, f.search && `search "${f.search}"`].filter(Boolean).join(', ') || 'no filter';
    busy(async () => {
      const verb = action === 'approve' ? 'Approve' : 'Reject';
      const answer = await dialogs.confirmAction({
        title: `${verb} ${targets.length.toLocaleString()} proposal${targets.length === 1 ? '' : 's'}?`,
        text: `Every proposal matching the filter (${described}) that can be ${action === 'approve' ? 'approved' : 'rejected'}, in ${new Set(targets.map((p) => p.node)).size} nodes.`,
        okLabel: `${verb} ${targets.length.toLocaleString()}`, okClass: action, withNote: true,
      });
      if (answer.ok) await act(action, targets, answer.note ? { note: answer.note } : {});
    });
  }

  async function reload() {
    performance.mark('review-list-request');
    const data = await api.list();
    performance.mark('review-list-received');
    $('reviewer').textContent = data.reviewer;
    load(data.proposals);
    performance.mark('review-list-indexed');
    render();
    if (data.diagnostics.length) banner(`The store has ${data.diagnostics.length} unreadable line(s), skipped: ${data.diagnostics.slice(0, 3).map((d) => `${d.file || 'proposals.jsonl'}:${d.line} ${d.message}`).join('; ')}`, 'warn');
  }

  function applyApproved() {
    busy(async () => {
      const preview = await api.apply({ dryRun: true });
      if (!(await dialogs.confirmApply(preview))) return;
      const done = await api.apply({ dryRun: false, ids: preview.applied });
      await reload();
      banner(`Applied ${done.applied.length} proposal(s) to ${done.changedFiles.join(', ') || 'no file'}.${done.stale.length ? ` ${done.stale.length} marked stale.` : ''}`, done.stale.length ? 'warn' : 'ok');
    });
  }

  function rollback() {
    const p = selected();
    if (!p) return;
    busy(async () => {
      const answer = await dialogs.confirmAction({ title: `Roll back ${M.fieldLabel(p.field)} on ${M.shortNode(p.node)}?`, text: 'Puts the text from before back, where the YAML still holds exactly what was applied.', okLabel: 'Roll back', okClass: 'primary', withNote: false });
      if (!answer.ok) return;
      const result = await api.rollback({ ids: [p.id] });
      await reload();
      if (result.conflicts.length) banner(`Not rolled back: ${result.conflicts.map((c) => c.reason).join('; ')}`, 'warn');
      else banner(`Rolled back ${result.rolledBack.length} proposal(s).`, 'ok');
    });
  }

  function showTab(name) {
    $('view-list').hidden = name !== 'list';
    $('view-dashboard').hidden = name !== 'dashboard';
    $('tab-list').setAttribute('aria-selected', String(name === 'list'));
    $('tab-dashboard').setAttribute('aria-selected', String(name === 'dashboard'));
    if (name === 'dashboard') busy(async () => R.drawDashboard(await api.dashboard()));
  }

  function typing(target) {
    return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
  }

  document.addEventListener('keydown', (event) => {
    if (document.querySelector('dialog[open]')) return;
    if (event.target.id === 'edit-text') {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) saveEdit(event.target.value);
      else if (event.key === 'Escape') { state.editing = false; drawDetail(); }
      return;
    }
    if (typing(event.target)) {
      if (event.key === 'Escape' || event.key === 'Enter') event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || $('view-list').hidden) return;
    const keys = { j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1), a: approve, e: startEdit, r: reject, '/': () => $('search').focus() };
    const fn = keys[event.key];
    if (fn) {
      event.preventDefault();
      fn();
    }
  });

  // Filtering 5,000 summaries takes a few milliseconds: done on every keystroke, not deferred.
  $('search').addEventListener('input', () => {
    state.filter.search = $('search').value;
    render();
  });
  $('type-filter').addEventListener('change', () => { state.filter.type = $('type-filter').value; render(); });
  $('path-filter').addEventListener('change', () => { state.filter.path = $('path-filter').value; render(); });
  $('status-filter').addEventListener('click', (event) => {
    const chip = event.target.closest('.chip');
    if (!chip) return;
    state.filter.status = chip.dataset.status;
    render();
  });
  $('bulk-approve').addEventListener('click', () => bulk('approve'));
  $('bulk-reject').addEventListener('click', () => bulk('reject'));
  $('apply-open').addEventListener('click', applyApproved);
  $('tab-list').addEventListener('click', () => showTab('list'));
  $('tab-dashboard').addEventListener('click', () => showTab('dashboard'));
  $('banner-close').addEventListener('click', () => { $('banner').hidden = true; });

  busy(async () => {
    await reload();
    document.body.dataset.ready = 'true';
    // "Usable" for bench/review-page.bench.mjs: the list and the first proposal are drawn.
    performance.mark('review-ready');
    // The search text of every proposal, built once the page is idle so the first search is fast.
    requestIdleCallback(() => state.all.forEach(M.haystack));
  });
})(window);
