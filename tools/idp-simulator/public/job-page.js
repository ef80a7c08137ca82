/* global document, fetch, setTimeout, FormData, HTMLInputElement */
// The IDP's waiting page: submit a job, poll for its result, then show the outcome, or a timeout with a retry
// button once the result window has passed. Everything is rendered with textContent: results are data, not markup.

const POLL_INTERVAL_MS = 500;
const VIEWS = ['form', 'waiting', 'result', 'timeout', 'error'];

const byId = (id) => document.getElementById(id);

// The views every job page shares, after its form. Static markup: results are filled in with textContent.
const SHARED_VIEWS = `
  <section id="waiting-view" hidden aria-live="polite">
    <h2>Verifying…</h2>
    <p class="spinner" aria-hidden="true"></p>
    <p>Waiting for the result: <span id="waiting-remaining"></span> s left.</p>
    <p class="muted">Trace id <code id="waiting-trace"></code></p>
  </section>
  <section id="result-view" hidden aria-live="polite">
    <h2 id="result-headline"></h2>
    <p id="result-exception"></p>
    <ul id="result-errors"></ul>
    <details open><summary>Callback body</summary><pre id="result-json"></pre></details>
    <p>
      <button type="button" id="result-retry" data-retry>Try again</button>
      <button type="button" data-back>Back to the form</button>
    </p>
  </section>
  <section id="timeout-view" hidden aria-live="polite">
    <h2>We could not get a result in time</h2>
    <p>No result arrived within the waiting window. The check may still be running; you can try again.</p>
    <p>
      <button type="button" id="timeout-retry" data-retry>Try again</button>
      <button type="button" data-back>Back to the form</button>
    </p>
  </section>
  <section id="error-view" hidden aria-live="assertive">
    <h2>Something went wrong</h2>
    <p id="error-message"></p>
    <p>
      <button type="button" data-retry>Try again</button>
      <button type="button" data-back>Back to the form</button>
    </p>
  </section>`;

function show(name) {
  for (const view of VIEWS) byId(`${view}-view`).hidden = view !== name;
}

/** POSTs JSON to the simulator; an error answer becomes an Error with the server's message. */
export async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const field = json.error?.field ? ` (${json.error.field})` : '';
    throw new Error(`${json.error?.message ?? `HTTP ${response.status}`}${field}`);
  }
  return json;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** passed | failed | exception | vendor-timeout, from a callback body such as `{ address_result: {...} }`. */
function outcomeOf(result) {
  if (result.timed_out === true) return 'vendor-timeout';
  if (typeof result.exception === 'string' && result.exception.length > 0) return 'exception';
  return result.success === true ? 'passed' : 'failed';
}

const HEADLINES = {
  passed: 'Verified',
  failed: 'Not verified',
  exception: 'The check could not be completed',
  'vendor-timeout': 'The vendor timed out',
};

function renderResult(kind, body) {
  const result = body[`${kind}_result`] ?? {};
  const outcome = outcomeOf(result);
  byId('result-view').dataset.outcome = outcome;
  byId('result-headline').textContent = HEADLINES[outcome];
  byId('result-exception').textContent = outcome === 'exception' ? result.exception : '';
  const list = byId('result-errors');
  list.replaceChildren();
  for (const [attribute, messages] of Object.entries(result.errors ?? {})) {
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = `${attribute}: ${message}`;
      list.append(item);
    }
  }
  byId('result-json').textContent = JSON.stringify(body, null, 2);
  // A failure the user can do something about offers another try, as the IDP does.
  byId('result-retry').hidden = outcome === 'passed' || outcome === 'failed';
  show('result');
}

async function waitForResult(kind, job) {
  byId('waiting-trace').textContent = job.trace_id;
  const remaining = byId('waiting-remaining');
  for (;;) {
    const response = await fetch(job.status_url, { cache: 'no-store' });
    if (response.status === 404) throw new Error('The result has expired. Please start again.');
    if (!response.ok) throw new Error(`Could not read the result (HTTP ${response.status})`);
    const state = await response.json();
    if (state.status === 'received') return renderResult(kind, state.result);
    if (state.status === 'timed_out') return show('timeout');
    remaining.textContent = String(Math.ceil(state.remaining_ms / 1000));
    await sleep(POLL_INTERVAL_MS);
  }
}

/** Fills a field of the form from a preset button: `data-set="phone=202-555-0999"`. */
function applyPreset(form, preset) {
  for (const assignment of preset.split(';')) {
    const at = assignment.indexOf('=');
    const field = form.elements.namedItem(assignment.slice(0, at));
    if (field instanceof HTMLInputElement) field.value = assignment.slice(at + 1);
  }
}

/** The fields marked `data-pii` as `applicant_pii`, the checkboxes marked `data-flag` as booleans. */
export function formPayload(form) {
  const data = new FormData(form);
  const applicant_pii = {};
  for (const input of form.querySelectorAll('[data-pii]')) {
    const value = String(data.get(input.name) ?? '').trim();
    // An empty optional field is left out, as the IDP leaves out a blank address2.
    if (value !== '' || input.required) applicant_pii[input.name] = value;
  }
  const payload = { applicant_pii };
  for (const input of form.querySelectorAll('[data-flag]')) payload[input.name] = input.checked;
  const traceId = String(data.get('trace_id') ?? '').trim();
  if (traceId !== '') payload.trace_id = traceId;
  return payload;
}

/**
 * Wires a job page: `submit()` starts the job and resolves to the simulator's answer (`result_id`, `status_url`,
 * `trace_id`); a retry calls it again, which invokes a new job with a new result id.
 */
export function setUpJobPage({ kind, submit }) {
  const form = byId('job-form');
  byId('form-view').insertAdjacentHTML('afterend', SHARED_VIEWS);
  const run = async () => {
    byId('waiting-remaining').textContent = '';
    byId('waiting-trace').textContent = '';
    show('waiting');
    try {
      await waitForResult(kind, await submit(form));
    } catch (error) {
      byId('error-message').textContent = error instanceof Error ? error.message : String(error);
      show('error');
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  for (const button of document.querySelectorAll('[data-retry]'))
    button.addEventListener('click', () => void run());
  for (const button of document.querySelectorAll('[data-back]'))
    button.addEventListener('click', () => show('form'));
  for (const button of document.querySelectorAll('[data-set]')) {
    button.addEventListener('click', () => applyPreset(form, button.dataset.set));
  }
  show('form');
}
