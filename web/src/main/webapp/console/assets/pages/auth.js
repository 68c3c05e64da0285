// Pages open to everyone: sign-in, sign-up, and the pages the links in our e-mails open
// (/verify-email, /reset-password, /accept-invitation and /unsubscribe, each with ?token=).
import {h, field, fill} from '../dom.js';
import {api, Problem} from '../api.js';
import {form, problemBox} from '../ui.js';
import {navigate, signedIn} from '../app.js';

function card(title, lead, ...body) {
  return h('section', {class: 'card narrow'},
    h('div', {class: 'brand-row'}, h('img', {src: '/assets/logo.svg', alt: '', width: 32, height: 32}), h('span', {}, 'Humane')),
    h('h1', {}, title), lead && h('p', {class: 'muted'}, lead), body);
}

function input(name, type, autocomplete, extra = {}) {
  return h('input', {name, type, autocomplete, required: true, ...extra});
}

/** The token arrives in the link; it is read once and taken out of the address bar and history. */
function takeToken(query) {
  const token = query.get('token') || '';
  history.replaceState(null, '', location.pathname);
  return token;
}

const PASSWORD_HINT = '12 to 128 characters.';

/**
 * Why a single sign-on did not complete, by the problem type's slug the server's redirect carries
 * (RefusedSignInPage): fixed words per slug, never text from the address.
 */
const SSO_REFUSALS = {
  'sso-flow-invalid': 'This sign-in was not started in this browser, took too long, or was already used. Start again.',
  'sso-answer-invalid': 'Your identity provider\'s answer could not be verified. Try again; if it keeps happening, ask your administrator to check the connection.',
  'sso-provider-error': 'Your identity provider did not sign you in: it refused, or the sign-in was cancelled.',
  'sso-email-unverified': 'Your e-mail address must be verified both at your identity provider and here before they can be linked.',
  'sso-no-account': 'There is no account for your e-mail address here. Ask an owner of your organization for an invitation.',
  'sso-domain-not-verified': 'Your organization\'s identity provider may sign in only addresses of its verified domains, and yours is not one of them.',
  'sso-provider-unreachable': 'Your identity provider could not be reached. Try again in a few minutes.',
  'sso-required': 'Your organization requires single sign-on for your e-mail\'s domain: use Continue with SSO.',
  'sso-not-configured': 'This sign-in method is not available here.',
  'saml-response-refused': 'Your identity provider\'s SAML answer was refused. Ask your administrator to check the SAML connection.',
};

/** The note for `?sso_error=`, read once and taken out of the address bar. */
function ssoRefusal(query) {
  if (!query || !query.has('sso_error')) return null;
  const slug = query.get('sso_error');
  history.replaceState(null, '', location.pathname);
  const text = Object.hasOwn(SSO_REFUSALS, slug) ? SSO_REFUSALS[slug] : 'Single sign-on did not complete. Try again.';
  return h('div', {class: 'problem', role: 'alert'}, h('strong', {}, 'Single sign-on did not sign you in.'), ' ', text);
}

/**
 * The challenge an SSO sign-in sends when the member has a second factor (`/sign-in#mfa=…`) or when an IdP-initiated
 * sign-in is to be confirmed (`/sign-in#sso-confirm=…`): a fragment, which no server sees, read once and taken out of
 * the address bar and the tab's history.
 */
function ssoChallenge() {
  const match = /^#(mfa|sso-confirm)=([0-9a-f-]{36}\.[A-Za-z0-9_-]{1,160})$/.exec(location.hash);
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return match ? {kind: match[1], challenge: match[2]} : null;
}

/**
 * An IdP-initiated SAML sign-in (`#sso-confirm=`) is confirmed here first: any page could have posted it, so the
 * person is shown which organization and address it signs them in as, and only their click (a same-origin JSON post)
 * opens the session. What the server answers is shown as text, never as markup.
 */
function ssoConfirmation(challenge) {
  const slot = h('div', {class: 'sso-confirmation'}, h('p', {class: 'state', role: 'status'}, 'Checking the sign-in…'));
  api.post('auth/sso/pending', {challenge}).then((pending) => {
    fill(slot,
      h('p', {}, 'An identity provider asks to sign this browser in to the organization ',
        h('strong', {}, pending.organization), ' as ', h('strong', {}, pending.email), '.'),
      h('p', {class: 'muted'}, 'Continue only if that is your address and you just chose this sign-in at your'
        + ' identity provider; a page elsewhere could have sent you here.'),
      armedAfterAPause(form('Confirm sign-in', [], 'Continue', () => api.post('auth/sso/confirm', {challenge}),
        signedIn, {secondary: h('a', {class: 'button', href: '/sign-in'}, 'Cancel')})));
  }, (error) => fill(slot, problemBox(error), h('p', {class: 'links'}, h('a', {href: '/sign-in'}, 'Sign in again'))));
  return slot;
}

/**
 * The form's submit button is enabled only once the page has been in front for a second, and disabled again whenever
 * the window loses focus or the page is hidden: a page elsewhere that opens this one under the person's pointer (the
 * second click of a double-click it asked for) cannot have that click land on it. Its listeners go with the button.
 */
function armedAfterAPause(element, pause = 1000) {
  const button = element.querySelector('button[type=submit]');
  let timer;
  const disarm = () => {
    clearTimeout(timer);
    button.disabled = true;
  };
  const arm = () => {
    disarm();
    if (document.visibilityState === 'visible') timer = setTimeout(() => { button.disabled = false; }, pause);
  };
  const listeners = [[window, 'blur', disarm], [window, 'focus', arm], [document, 'visibilitychange', arm]];
  const gone = new AbortController();
  for (const [target, type, listener] of listeners) {
    target.addEventListener(type, () => (button.isConnected ? listener() : gone.abort()), {signal: gone.signal});
  }
  arm();
  return element;
}

/**
 * Password sign-in (or an SSO sign-in's challenge), then the second factor when the account has one (401 `mfa-required` with a challenge in
 * Humane-MFA-Challenge); "Continue with SSO" by e-mail; "Sign in with Google" when the server has it.
 */
export function signIn(query) {
  const body = h('div', {});
  const sso = ssoChallenge();
  if (sso && sso.kind === 'mfa') {
    fill(body, secondFactor(sso.challenge));
    return card('Sign in', 'Your identity provider signed you in; your second factor is asked next.', body);
  }
  if (sso) {
    fill(body, ssoConfirmation(sso.challenge));
    return card('Sign in', 'Confirm where your identity provider signs you in.', body);
  }
  const password = form('Sign in', [
    field('E-mail', input('email', 'email', 'username')),
    field('Password', input('password', 'password', 'current-password')),
  ], 'Sign in', passwordStep, (answer) => answer && answer.challenge ? fill(body, secondFactor(answer.challenge)) : signedIn());
  fill(body, password, h('div', {class: 'divider', role: 'separator'}, h('span', {}, 'or')), ssoForm(), googleOption(),
    h('p', {class: 'links'}, h('a', {href: '/forgot-password'}, 'Forgot your password?'), ' · ',
      h('a', {href: '/sign-up'}, 'Create an organization')));
  return card('Sign in', 'Welcome back.', ssoRefusal(query), body);
}

async function passwordStep(values) {
  try {
    return await api.post('auth/login', {email: values.get('email'), password: values.get('password')});
  } catch (error) {
    const challenge = error instanceof Problem && error.status === 401
      && String(error.body.type || '').endsWith('/mfa-required') && error.headers.get('Humane-MFA-Challenge');
    if (challenge) return {challenge};
    throw error;
  }
}

/** The second step: the authenticator's six digits or an unused recovery code, answered once per challenge. */
function secondFactor(challenge) {
  const code = input('code', 'text', 'one-time-code', {maxlength: 32, spellcheck: 'false', autocapitalize: 'off'});
  const step = h('div', {class: 'second-factor'}, h('h2', {}, 'Second factor'),
    form('Second factor', [field('Code', code, 'The six digits your authenticator app shows now, or one of your recovery codes.')],
      'Verify', (values) => api.post('auth/mfa', {challenge, code: values.get('code').trim()}), signedIn),
    h('p', {class: 'links'}, h('a', {href: '/sign-in'}, 'Start over')));
  queueMicrotask(() => code.focus());
  return step;
}

/**
 * "Continue with SSO": the routing endpoint finds the organization's connection by the e-mail's verified domain.
 * It is asked first without following its 303, so that a 404 or 400 shows its detail here; when it redirects,
 * the browser goes there itself and on to the identity provider.
 */
function ssoForm() {
  return form('Single sign-on', [field('Work e-mail', input('email', 'email', 'username'), 'Your organization\'s identity provider signs you in.')],
    'Continue with SSO', async (values) => {
      const url = `/api/v1/auth/sso?${new URLSearchParams({email: values.get('email')})}`;
      let answer;
      try {
        answer = await fetch(url, {redirect: 'manual', credentials: 'same-origin', cache: 'no-store', headers: {Accept: 'application/json'}});
      } catch (offline) {
        throw new Problem(0, {detail: 'The server could not be reached. Check your connection and try again.'});
      }
      if (answer.type !== 'opaqueredirect') throw new Problem(answer.status, await answer.json().catch(() => null));
      location.assign(url);
    });
}

/** Shown only when GET /public/sign-in-options says Google is configured; nothing when it cannot be asked. */
function googleOption() {
  const slot = h('div', {class: 'google'});
  api.get('public/sign-in-options').then((options) => {
    if (options.google) fill(slot, h('a', {class: 'button wide', href: '/api/v1/auth/oidc/google/login', rel: 'external'}, 'Sign in with Google'));
  }, () => fill(slot));
  return slot;
}

export function signUp() {
  const body = form('Sign up', [
    field('Your name', input('name', 'text', 'name', {maxlength: 200})),
    field('Organization', input('organization', 'text', 'organization', {maxlength: 200})),
    field('E-mail', input('email', 'email', 'email')),
    field('Password', input('password', 'password', 'new-password', {minlength: 12, maxlength: 128}), PASSWORD_HINT),
  ], 'Create organization', (values) => api.post('auth/signup', Object.fromEntries(values)), (answer) => {
    body.replaceWith(h('div', {class: 'success', role: 'status'}, h('p', {}, `We sent a link to ${answer.email}.`),
      h('p', {}, 'Open it to confirm your address, then sign in.'), h('a', {href: '/sign-in', class: 'button'}, 'Go to sign-in')));
  });
  return card('Create your organization', 'You become its owner.', body,
    h('p', {class: 'links'}, 'Have an account? ', h('a', {href: '/sign-in'}, 'Sign in')));
}

export async function verifyEmail(query) {
  const token = takeToken(query);
  try {
    await api.post('auth/verify-email', {token});
    return card('E-mail confirmed', null, h('p', {role: 'status'}, 'Your address is confirmed. Your account may now make changes.'),
      h('a', {href: '/', class: 'button primary'}, 'Open the console'));
  } catch (error) {
    return card('E-mail not confirmed', null, problemBox(error),
      h('p', {}, 'Links work once and for 24 hours. Sign in to ask for a new one.'));
  }
}

export function forgotPassword() {
  const body = form('Reset password', [field('E-mail', input('email', 'email', 'username'))], 'Send the link',
    (values) => api.post('auth/password-reset', {email: values.get('email')}), () => {
      body.replaceWith(h('p', {class: 'success', role: 'status'}, 'If an account has this address, a link to reset its password is on its way.'));
    });
  return card('Forgot your password?', 'We send a link to your address.', body,
    h('p', {class: 'links'}, h('a', {href: '/sign-in'}, 'Back to sign-in')));
}

export function resetPassword(query) {
  const token = takeToken(query);
  return card('Choose a new password', 'Every session of yours ends when it is set.',
    form('New password', [field('New password', input('new_password', 'password', 'new-password', {minlength: 12, maxlength: 128}), PASSWORD_HINT)],
      'Set password', (values) => api.post('auth/password-reset/confirm', {token, new_password: values.get('new_password')}),
      () => navigate('/sign-in')));
}

export function acceptInvitation(query) {
  const token = takeToken(query);
  return card('Join your team', 'Choose your name and password.',
    form('Accept invitation', [
      field('Your name', input('name', 'text', 'name', {maxlength: 200})),
      field('Password', input('password', 'password', 'new-password', {minlength: 12, maxlength: 128}), PASSWORD_HINT),
    ], 'Join', (values) => api.post('auth/invitations/accept', {token, name: values.get('name'), password: values.get('password')}),
    () => navigate('/sign-in')));
}

/**
 * The unsubscribe link of notification e-mails (K4): says what it stops, and stops it only when the button is
 * pressed (POST). Opening the page changes nothing, so a mail scanner that follows the link opts nobody out.
 */
export async function unsubscribe(query) {
  const path = `email/unsubscribe?token=${encodeURIComponent(takeToken(query))}`;
  const stopped = () => h('p', {class: 'success', role: 'status'},
    'You no longer receive notification e-mails such as a failing webhook endpoint. Security e-mails (sign-in, password and invitations) are always sent.');
  let link;
  try {
    link = await api.get(path);
  } catch (error) {
    return card('Link not valid', null, problemBox(error),
      h('p', {}, 'Unsubscribe links work for 30 days; the next notification e-mail carries a new one.'));
  }
  if (link.unsubscribed) return card('Unsubscribed', null, stopped());
  const body = form('Unsubscribe', [], 'Unsubscribe', () => api.post(path), () => body.replaceWith(stopped()));
  return card('Stop notification e-mails?', 'Security e-mails (sign-in, password and invitations) are always sent.', body);
}
