// The console's only way to the server: the public JSON API, with the session cookie (sent by the browser,
// HttpOnly) and, on writes, X-CSRF-Token copied from the humane_csrf cookie. No credential is ever kept in
// storage or put in a URL.

const BASE = '/api/v1/';
// A 401 from these is an answer to the person signing in (wrong password, a second factor needed, a used or expired
// confirmation), not a session that ended.
const SIGN_IN = ['auth/login', 'auth/mfa', 'auth/me', 'auth/sso/pending', 'auth/sso/confirm'];

/** A problem+json answer (RFC 9457); `detail` is what people read. */
export class Problem extends Error {
  constructor(status, body, headers) {
    super((body && (body.detail || body.title)) || `The server answered ${status}`);
    this.status = status;
    this.headers = headers || new Headers();
    this.body = body || {};
    this.errors = (body && body.errors) || [];
  }
}

function csrfToken() {
  const pair = document.cookie.split('; ').find((c) => c.startsWith('humane_csrf='));
  return pair ? decodeURIComponent(pair.slice('humane_csrf='.length)) : '';
}

async function call(method, path, body, {idempotent = false} = {}) {
  const headers = {Accept: 'application/json'};
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
    if (idempotent) headers['Idempotency-Key'] = crypto.randomUUID();
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let answer;
  try {
    answer = await fetch(BASE + path, {method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (offline) {
    throw new Problem(0, {detail: 'The server could not be reached. Check your connection and try again.'});
  }
  if (answer.status === 204) return null;
  const type = answer.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await answer.json().catch(() => null) : await answer.text();
  if (!answer.ok) {
    if (answer.status === 401 && !SIGN_IN.includes(path)) window.dispatchEvent(new Event('humane:signed-out'));
    throw new Problem(answer.status, typeof parsed === 'object' ? parsed : null, answer.headers);
  }
  return parsed;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body, options) => call('POST', path, body, options),
  patch: (path, body) => call('PATCH', path, body),
  put: (path, body) => call('PUT', path, body),
  del: (path) => call('DELETE', path),
};

/** Query string from the non-empty entries. */
export function query(path, parameters) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) if (value !== '' && value !== null && value !== undefined) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** A file from the API (the audit export), saved through an object URL: the cookie authenticates the fetch. */
export async function download(path, filename) {
  const answer = await fetch(BASE + path, {credentials: 'same-origin', cache: 'no-store'});
  if (!answer.ok) throw new Problem(answer.status, await answer.json().catch(() => null));
  const url = URL.createObjectURL(await answer.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
