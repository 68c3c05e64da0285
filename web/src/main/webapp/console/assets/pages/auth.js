// Pages open to everyone: sign-in, sign-up, and the pages the links in our e-mails open
// (/verify-email, /reset-password and /accept-invitation, each with ?token=).
import {h, field} from '../dom.js';
import {api} from '../api.js';
import {form, problemBox} from '../ui.js';
import {navigate, signedIn} from '../app.js';

/**
 * Other ways to sign in, drawn under the password form: issue #11 adds "Sign in with Google" and
 * "Continue with SSO" here, each as () => node.
 */
export const signInOptions = [];

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

export function signIn() {
  return card('Sign in', 'Welcome back.',
    form('Sign in', [
      field('E-mail', input('email', 'email', 'username')),
      field('Password', input('password', 'password', 'current-password')),
    ], 'Sign in', (values) => api.post('auth/login', {email: values.get('email'), password: values.get('password')}), signedIn),
    signInOptions.map((option) => option()),
    h('p', {class: 'links'}, h('a', {href: '/forgot-password'}, 'Forgot your password?'), ' · ',
      h('a', {href: '/sign-up'}, 'Create an organization')));
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
