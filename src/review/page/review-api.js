// Calls to the review server. The token comes from the page's meta tag and goes in a header,
// never in an API URL; every state change is a POST with a JSON body.
'use strict';
(function (global) {
  const token = document.querySelector('meta[name="review-token"]').content;

  async function call(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body === undefined ? { 'X-Review-Token': token } : { 'X-Review-Token': token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const data = await res.json().catch(() => ({ error: { message: `${res.status} ${res.statusText}` } }));
    // 409 is an answer (another tab was first), not a failure: the caller shows the current state.
    if (!res.ok && res.status !== 409) throw new Error((data.error && data.error.message) || `${method} ${path}: ${res.status}`);
    return { status: res.status, data };
  }

  global.ReviewApi = {
    list: () => call('GET', '/api/proposals').then((r) => r.data),
    proposal: (id) => call('GET', `/api/proposal?id=${encodeURIComponent(id)}`).then((r) => r.data),
    dashboard: () => call('GET', '/api/dashboard').then((r) => r.data),
    act: (body) => call('POST', '/api/act', body).then((r) => r.data),
    apply: (body) => call('POST', '/api/apply', body).then((r) => r.data),
    rollback: (body) => call('POST', '/api/rollback', body).then((r) => r.data),
  };
})(window);
