// The signed-in person's second factor (TOTP, S8): set up an authenticator app, confirm it with a first code
// (the ten recovery codes are shown once, then), and turn it off with a code. The provisioning URI and secret
// are shown as text only: drawing a QR code would need a QR encoder, which the console does not ship (no
// third-party origin, no inline script), so people paste the URI or type the secret into their app.
import {h, field, fill} from '../dom.js';
import {api} from '../api.js';
import {form, pageHeader, showSecretOnce, confirm, toast, problemBox} from '../ui.js';

export function page() {
  return [pageHeader('Second factor', 'A code from an authenticator app at every sign-in, besides your password.'),
    enrolCard(), disableCard()];
}

function codeInput() {
  return h('input', {name: 'code', type: 'text', autocomplete: 'one-time-code', required: true, maxlength: 32, spellcheck: 'false'});
}

function enrolCard() {
  const body = h('div', {});
  const start = h('button', {class: 'primary', onclick: async () => {
    start.disabled = true;
    try {
      showEnrolment(body, await api.post('auth/mfa/totp'));
    } catch (error) {
      fill(body, problemBox(error));
    } finally {
      start.disabled = false;
    }
  }}, 'Set up an authenticator app');
  return h('section', {class: 'card'}, h('h2', {}, 'Authenticator app'),
    h('p', {class: 'muted'}, 'Setting up again while a factor is on is refused: turn it off first.'), h('div', {class: 'actions'}, start), body);
}

/** The secret and URI stay on the page only until the first code confirms them; then they are removed. */
function showEnrolment(body, enrolment) {
  const uri = h('input', {type: 'text', readonly: true, class: 'secret', value: enrolment.provisioning_uri, spellcheck: 'false'});
  const secret = h('input', {type: 'text', readonly: true, class: 'secret', value: enrolment.secret, spellcheck: 'false'});
  fill(body, h('ol', {class: 'steps'},
    h('li', {}, 'Add this account to your authenticator app: paste the provisioning URI, or type the secret.',
      field('Provisioning URI', uri), field('Secret', secret)),
    h('li', {}, 'Enter the code the app shows to turn the second factor on.',
      form('Confirm second factor', [field('Code from the app', codeInput())], 'Turn on',
        (values) => api.post('auth/mfa/totp/confirm', {code: values.get('code').trim()}), (answer) => {
          fill(body, h('p', {class: 'success', role: 'status'}, 'The second factor is on. Your other sessions were ended.'));
          showSecretOnce('Your recovery codes', 'Each code signs you in once if you lose the app. Store them now: they are not shown again.',
            answer.recovery_codes.join('\n'));
        }))));
  uri.select();
}

function disableCard() {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Turn the second factor off'));
  details.append(form('Turn off second factor', [field('Current code or a recovery code', codeInput())], 'Turn off', async (values, element) => {
    if (!await confirm('Turn the second factor off?', 'Your password alone will sign you in.', 'Turn it off')) return null;
    await api.post('auth/mfa/totp/disable', {code: values.get('code').trim()});
    return element;
  }, (done) => {
    if (!done) return;
    done.reset();
    details.open = false;
    toast('The second factor is off.');
  }));
  return details;
}
