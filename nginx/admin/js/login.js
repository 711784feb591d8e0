// The login page: POST /admin/api/login, then on to the page asked for.
import { api, showError } from './common.js';

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
const submit = document.getElementById('login-submit');

// Only a page of this site, never an address elsewhere.
function nextPage() {
  const next = new URLSearchParams(location.search).get('next') || '';
  return /^[a-z]+\.html(\?[^#]*)?$/.test(next) ? next : 'index.html';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  submit.disabled = true;
  try {
    await api('login', {
      method: 'POST',
      body: { username: form.username.value.trim(), password: form.password.value },
    });
    location.assign(nextPage());
  } catch (e) {
    showError(error, e);
    form.password.value = '';
    form.password.focus();
  } finally {
    submit.disabled = false;
  }
});
