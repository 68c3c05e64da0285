// The console's shell: who is signed in, the navigation, and the client-side router. Each page is a module
// under pages/ exporting functions that answer a node; the server answers the same app shell for every
// console route (ConsolePages), so a reload or a link from an e-mail opens the right page.
import {h, fill, field} from './dom.js';
import {api} from './api.js';
import {problemBox, form} from './ui.js';
import * as auth from './pages/auth.js';
import * as webhooks from './pages/webhooks.js';
import * as monitor from './pages/monitor.js';
import * as keys from './pages/keys.js';
import * as team from './pages/team.js';
import * as sessions from './pages/sessions.js';
import * as audit from './pages/audit.js';
import * as data from './pages/data.js';
import * as account from './pages/account.js';
import * as sso from './pages/sso.js';
import * as secondFactor from './pages/second-factor.js';
import * as plan from './pages/plan.js';
import * as privacy from './pages/privacy.js';

const RANK = {viewer: 1, member: 2, admin: 3, owner: 4};

/** The signed-in person: GET /auth/me, or null. Pages read role and verification state from it. */
export const session = {
  me: null,
  can(role) { return this.me !== null && RANK[this.me.role] >= RANK[role]; },
};

// Pages open to everyone; they work signed out (the links in e-mails land here).
const PUBLIC = {
  '/sign-in': auth.signIn, '/sign-up': auth.signUp, '/verify-email': auth.verifyEmail,
  '/forgot-password': auth.forgotPassword, '/reset-password': auth.resetPassword,
  '/accept-invitation': auth.acceptInvitation, '/unsubscribe': auth.unsubscribe,
};

// Signed-in pages, in navigation order, with the lowest role that may see them. Later issues add theirs
// here (SSO #11, analysis, privacy, plan, status).
const PAGES = [
  {path: '/monitor', label: 'Webhook Monitor', role: 'admin', page: monitor.page},
  {path: '/webhooks', label: 'Webhook endpoints', role: 'admin', page: webhooks.page},
  {path: '/engines', label: 'Engines', role: 'viewer', page: data.engines},
  {path: '/end-users', label: 'End users', role: 'viewer', page: data.endUsers},
  {path: '/api-keys', label: 'API keys', role: 'admin', page: keys.page},
  {path: '/team', label: 'Team', role: 'admin', page: team.page},
  {path: '/audit', label: 'Audit log', role: 'admin', page: audit.page},
  {path: '/sso', label: 'Single sign-on', role: 'owner', page: sso.page},
  {path: '/privacy', label: 'Privacy', role: 'admin', page: privacy.page},
  {path: '/plan', label: 'Plan', role: 'viewer', page: plan.page},
  {path: '/sessions', label: 'Sessions', role: 'viewer', page: sessions.page},
  {path: '/account', label: 'Account', role: 'viewer', page: account.page},
  {path: '/second-factor', label: 'Second factor', role: 'viewer', page: secondFactor.page},
];

export function navigate(path) {
  history.pushState(null, '', path);
  render();
}

async function loadMe() {
  try {
    session.me = await api.get('auth/me');
  } catch (signedOut) {
    session.me = null;
  }
}

function sidebar(current) {
  return h('nav', {class: 'sidebar', 'aria-label': 'Console'},
    h('a', {class: 'brand', href: '/'}, h('img', {src: '/assets/logo.svg', alt: '', width: 28, height: 28}), 'Humane'),
    tenantSwitcher(),
    h('ul', {}, PAGES.filter((p) => session.can(p.role)).map((p) =>
      h('li', {}, h('a', {href: p.path, 'aria-current': current === p.path ? 'page' : false}, p.label)))),
    h('div', {class: 'who'},
      h('span', {class: 'muted'}, `Signed in · ${session.me.role}`),
      h('button', {class: 'quiet', onclick: signOut}, 'Sign out')));
}

/**
 * The active organization. A person in several has a labelled choice and a Switch button (POST /auth/switch-tenant;
 * the tenant asks for the person's second factor when they have one, V27); then the whole view reloads as that
 * membership. A session an identity provider opened stays in its tenant: the choice is disabled, and says why.
 */
function tenantSwitcher() {
  const me = session.me;
  const tenants = me.tenants || [];
  const active = tenants.find((t) => t.id === me.active_tenant_id);
  if (tenants.length < 2) {
    return h('p', {class: 'tenant'}, h('span', {class: 'muted'}, 'Organization'), h('strong', {}, active ? active.name : me.tenant_id));
  }
  const choice = h('select', {name: 'tenant_id'}, tenants.map((t) =>
    h('option', {value: t.id, selected: t.id === me.active_tenant_id}, `${t.name} (${t.role})`)));
  if (me.sso_session) {
    choice.disabled = true;
    return h('div', {class: 'tenant'}, field('Organization', choice, 'You signed in through your organization\'s identity provider,'
      + ' so this session stays in it. To work in another organization, sign out and sign in there.'));
  }
  const code = h('div');
  return h('div', {class: 'tenant'}, form('Switch organization', [field('Organization', choice), code], 'Switch', async (values) => {
    const body = {tenant_id: values.get('tenant_id')};
    if (values.get('code')) body.code = values.get('code').trim();
    try {
      return await api.post('auth/switch-tenant', body);
    } catch (error) {
      if (error.status === 400 && error.errors.some((e) => e.field === 'code') && !code.firstChild) {
        const input = h('input', {name: 'code', type: 'text', autocomplete: 'one-time-code', maxlength: 32, spellcheck: 'false', autocapitalize: 'off'});
        fill(code, field('Second-factor code', input, 'That organization asks for your second factor: the six digits your app shows, or a recovery code.'));
        queueMicrotask(() => input.focus());
      }
      throw error;
    }
  }, async () => {
    await loadMe();
    navigate('/');
  }));
}

/**
 * The sign-in page is shown only once the server has ended the session (204) or had already (401). Any other answer
 * (a refused CSRF token, the rate limit, a server error, no network) leaves the person signed in and says so: the
 * sign-in page over a live session would tell someone at a shared computer they had left, while the next person
 * could still open the console as them.
 */
async function signOut(event) {
  const who = event.currentTarget.parentElement;
  who.querySelector('.problem')?.remove();
  try {
    await api.post('auth/logout');
  } catch (error) {
    if (error.status !== 401) {
      who.append(problemBox(error));
      return;
    }
  }
  session.me = null;
  navigate('/sign-in');
}

function banner() {
  if (!session.me.verification_required) return null;
  return h('div', {class: 'banner', role: 'note'},
    'Confirm your e-mail address: until you follow the link we sent, this account can only read.');
}

async function render() {
  const app = document.getElementById('app');
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const main = h('main', {id: 'main', class: 'main', tabindex: '-1'});
  if (PUBLIC[path]) {
    fill(app, h('div', {class: 'public'}, main));
    fill(main, await PUBLIC[path](new URLSearchParams(location.search)));
    return;
  }
  if (session.me === null) await loadMe();
  if (session.me === null) {
    navigate('/sign-in');
    return;
  }
  const first = PAGES.find((p) => session.can(p.role));
  const entry = PAGES.find((p) => path === p.path || path.startsWith(`${p.path}/`)) || (path === '/' ? first : null);
  if (path === '/' && entry) history.replaceState(null, '', entry.path);
  fill(app, sidebar(entry && entry.path), h('div', {class: 'content'}, banner(), main));
  if (!entry) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no console page at this address.'));
  } else if (!session.can(entry.role)) {
    fill(main, h('h1', {}, entry.label), problemBox({message: entry.role === 'owner'
      ? `This page is for owners; you are ${session.me.role}.`
      : `This page is for the ${entry.role} role and above; you are ${session.me.role}.`}));
  } else {
    fill(main, await entry.page(path.slice(entry.path.length).split('/').filter(Boolean), new URLSearchParams(location.search)));
  }
  document.title = `${entry ? entry.label : 'Not found'} · Humane console`;
  main.focus({preventScroll: true});
}

// Same-origin links are routed here, without a page load; modified clicks still open new tabs, and rel=external
// links (the API's sign-in routes, downloads) load for real.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="/"]');
  if (!link || link.hasAttribute('download') || link.rel === 'external' || event.defaultPrevented || event.button !== 0
      || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', render);
// A blocked load or script is a bug of ours (or an attack): say so where the tests and people look.
document.addEventListener('securitypolicyviolation', (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
});
window.addEventListener('humane:signed-out', () => {
  if (session.me !== null) {
    session.me = null;
    navigate('/sign-in');
  }
});

/** After sign-in: who am I, then the first page. */
export async function signedIn() {
  await loadMe();
  navigate('/');
}

render();
