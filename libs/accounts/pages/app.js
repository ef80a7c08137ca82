/* global window, document, fetch, sessionStorage, FormData, CSS, URLSearchParams */
// The accounts pages' one script: each <form data-route> POSTs its fields as JSON to /api/accounts/<route> on the
// same origin, shows the answer in the form's status region, and ties each error to its field
// (aria-invalid, aria-describedby), as the API names the field. No framework, no CDN.
const SESSION_KEY = 'accounts.session';

/** The address and token a mailed link carries in its fragment (never sent to a server). */
function linkParameters() {
  return new URLSearchParams(window.location.hash.slice(1));
}

function clearErrors(form) {
  for (const input of form.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  for (const error of form.querySelectorAll('.field-error, .form-error')) error.textContent = '';
  form.querySelector('.status').textContent = '';
}

function showError(form, error) {
  const field = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]:not([type="hidden"])`);
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    document.getElementById(`${field.id}-error`).textContent = error.message;
    field.focus();
  } else {
    form.querySelector('.form-error').textContent = error.message;
    form.querySelector('.form-error').focus();
  }
}

async function submit(form) {
  clearErrors(form);
  const body = Object.fromEntries(new FormData(form).entries());
  const headers = { 'content-type': 'application/json' };
  if (form.dataset.session === 'required') {
    const session = sessionStorage.getItem(SESSION_KEY);
    if (session === null) {
      showError(form, { message: 'Log in first: your session has ended.' });
      return;
    }
    headers.authorization = `Bearer ${session}`;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const response = await fetch(`/api/accounts/${form.dataset.route}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const answer = await response
      .json()
      .catch(() => ({ error: { message: 'Unexpected answer; try again.' } }));
    if (!response.ok) {
      if (response.status === 401 && form.dataset.session === 'required')
        sessionStorage.removeItem(SESSION_KEY);
      showError(form, answer.error ?? { message: 'Something went wrong; try again.' });
      return;
    }
    if (answer.token) {
      sessionStorage.setItem(SESSION_KEY, answer.token);
      window.location.assign(form.dataset.next);
      return;
    }
    if (form.dataset.session === 'required') sessionStorage.removeItem(SESSION_KEY);
    form.querySelector('.status').textContent = answer.message;
    for (const input of form.querySelectorAll('input[type="password"]')) input.value = '';
  } catch {
    showError(form, { message: 'The service cannot be reached; check your connection and try again.' });
  } finally {
    button.disabled = false;
  }
}

for (const form of document.querySelectorAll('form[data-route]')) {
  const link = linkParameters();
  for (const name of ['email', 'token']) {
    const input = form.querySelector(`input[name="${name}"]`);
    if (input && link.has(name)) input.value = link.get(name);
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form);
  });
}

for (const button of document.querySelectorAll('[data-action="logout"]')) {
  button.addEventListener('click', () => {
    sessionStorage.removeItem(SESSION_KEY);
    window.location.assign('login.html');
  });
}
