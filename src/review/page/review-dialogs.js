// The two modal questions of the page: "really act on N proposals?" (with an optional note) and
// "write this diff?". Native <dialog>, so focus and Esc behave as the browser's own.
'use strict';
(function (global) {
  const R = global.ReviewRender;

  /** Resolves to `{ ok, note }` once the reviewer answers. */
  function confirmAction({ title, text, okLabel, okClass, withNote }) {
    const dialog = document.getElementById('confirm-dialog');
    document.getElementById('confirm-title').textContent = title;
    document.getElementById('confirm-text').textContent = text;
    const note = document.getElementById('confirm-note');
    note.value = '';
    document.getElementById('confirm-note-label').hidden = !withNote;
    const ok = document.getElementById('confirm-ok');
    ok.textContent = okLabel;
    ok.className = okClass || 'primary';
    dialog.returnValue = '';
    dialog.showModal();
    (withNote ? note : ok).focus();
    // Enter in the note answers OK (the form's default button would be Cancel, the first one).
    const onKey = (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        dialog.close('ok');
      }
    };
    note.addEventListener('keydown', onKey);
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        note.removeEventListener('keydown', onKey);
        resolve({ ok: dialog.returnValue === 'ok', note: note.value.trim() });
      }, { once: true });
    });
  }

  /** Shows the dry run's diff; resolves true when the reviewer chooses to write it. */
  function confirmApply(preview) {
    const dialog = document.getElementById('apply-dialog');
    const files = preview.changedFiles.length;
    const stale = preview.stale.length ? ` ${preview.stale.length} would be marked stale: a person wrote that text meanwhile.` : '';
    document.getElementById('apply-summary').textContent = preview.applied.length
      ? `${preview.applied.length} approved proposal${preview.applied.length === 1 ? '' : 's'} → ${files} file${files === 1 ? '' : 's'}.${stale}`
      : `Nothing to write.${stale}`;
    R.drawDiff(document.getElementById('apply-diff'), preview.diff || '(no change)');
    const write = document.getElementById('apply-write');
    write.disabled = preview.applied.length === 0;
    dialog.returnValue = '';
    dialog.showModal();
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'write'), { once: true });
    });
  }

  global.ReviewDialogs = { confirmAction, confirmApply };
})(window);
