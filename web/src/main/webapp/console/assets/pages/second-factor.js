// The signed-in person's second factor (TOTP, S8): set up an authenticator app, confirm it with a first code
// (the ten recovery codes are shown once, then), make new recovery codes, and turn it off with a code. Setting up,
// new codes and turning off ask a member who has a password for it again (GET /auth/me's `has_password`); one who
// signs in through SSO only is asked by the server for a sign-in of the last 5 minutes instead. The
// provisioning URI is drawn as a QR code by qrcode-generator 2.0.4 (vendor/, MIT, pinned by VendoredAssetsTest)
// into SVG elements: no image
// service, no data: URL, no inline style. The URI and the secret are shown as text too.
import {h, field, fill} from '../dom.js';
import {api} from '../api.js';
import {form, pageHeader, showSecretOnce, confirm, toast, problemBox} from '../ui.js';
import {session} from '../app.js';
import qrcode from '../vendor/qrcode-generator.js';

/**
 * Whether a factor is on comes from GET /auth/me (`second_factor_enabled`) and is said at the top; set-up is
 * offered while it is off, turning it off while it is on.
 */
export function page() {
  const status = h('p', {role: 'status'});
  const region = h('div');
  const show = (on, message) => {
    session.me.second_factor_enabled = on;
    status.className = on ? 'banner good' : 'banner';
    fill(status, message || (on ? 'The second factor is on: every sign-in asks for a code from your authenticator app.'
      : 'The second factor is off: your password alone signs you in.'));
    fill(region, on ? [recoveryCard(), disableCard(show)] : enrolCard(show));
  };
  show(session.me.second_factor_enabled);
  return [pageHeader('Second factor', 'A code from an authenticator app at every sign-in, besides your password.'), status, region];
}

function codeInput() {
  return h('input', {name: 'code', type: 'text', autocomplete: 'one-time-code', required: true, maxlength: 32, spellcheck: 'false'});
}

/**
 * The current password, for a member who has one: a stolen session alone must not change the factor. Without one,
 * a hint says what the server asks instead.
 */
function passwordFields() {
  return session.me.has_password
    ? [field('Current password', h('input', {name: 'current_password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 1024}))]
    : [h('p', {class: 'hint'}, 'You sign in through your organization\'s identity provider: this needs a sign-in of the last 5 minutes.')];
}

/** The request's body: `fields` and, when the form asked for it, the current password. */
function withPassword(values, fields) {
  const password = values.get('current_password');
  return password === null ? fields : {...fields, current_password: password};
}

function enrolCard(show) {
  const body = h('div', {});
  const start = form('Set up second factor', passwordFields(), 'Set up an authenticator app', async (values, element) => {
    const enrolment = await api.post('auth/mfa/totp', withPassword(values, {}));
    element.reset();
    return enrolment;
  }, (enrolment) => showEnrolment(body, enrolment, show));
  return h('section', {class: 'card'}, h('h2', {}, 'Authenticator app'), start, body);
}

/** The secret and URI stay on the page only until the first code confirms them; then they are removed. */
function showEnrolment(body, enrolment, show) {
  const uri = h('input', {type: 'text', readonly: true, class: 'secret', value: enrolment.provisioning_uri, spellcheck: 'false'});
  const secret = h('input', {type: 'text', readonly: true, class: 'secret', value: enrolment.secret, spellcheck: 'false'});
  fill(body, h('ol', {class: 'steps'},
    h('li', {}, 'Add this account to your authenticator app: scan the code, paste the provisioning URI, or type the secret.',
      qrSvg(enrolment.provisioning_uri), field('Provisioning URI', uri), field('Secret', secret)),
    h('li', {}, 'Enter the code the app shows to turn the second factor on.',
      form('Confirm second factor', [field('Code from the app', codeInput())], 'Turn on',
        (values) => api.post('auth/mfa/totp/confirm', {code: values.get('code').trim()}), (answer) => {
          show(true, 'The second factor is on. Your other sessions were ended.');
          showSecretOnce('Your recovery codes', 'Each code signs you in once if you lose the app. Store them now: they are not shown again.',
            answer.recovery_codes.join('\n'));
        }))));
  uri.select();
}

const SVG = 'http://www.w3.org/2000/svg';
const QUIET = 4;

/** The QR code of the text as one SVG path of its dark modules, with the standard quiet zone of four. */
function qrSvg(text) {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const count = qr.getModuleCount();
  const size = count + 2 * QUIET;
  let d = '';
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      if (qr.isDark(row, column)) d += `M${column + QUIET},${row + QUIET}h1v1h-1z`;
    }
  }
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code of the provisioning URI');
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', size);
  background.setAttribute('height', size);
  background.setAttribute('class', 'qr-light');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('class', 'qr-dark');
  svg.append(background, path);
  return svg;
}

/**
 * Ten new recovery codes for the app's current code and the password, shown once; the old ones stop working. Without
 * a password the server asks for a sign-in of the last 5 minutes: later, its problem says to sign in again.
 */
function recoveryCard() {
  const details = h('details', {class: 'card'}, h('summary', {}, 'New recovery codes'));
  details.append(h('p', {class: 'hint'}, 'For when you have used or lost yours: the codes you have now stop working.'),
    form('New recovery codes', [...passwordFields(), field('Code from the app', codeInput())], 'Make new codes', (values, element) =>
      api.post('auth/mfa/totp/recovery-codes', withPassword(values, {code: values.get('code').trim()})).then((answer) => {
        element.reset();
        return answer;
      }), (answer) => {
      showSecretOnce('Your new recovery codes', 'Each code signs you in once if you lose the app. Store them now: they are not shown again, and your old codes no longer work.',
        answer.recovery_codes.join('\n'));
    }));
  return details;
}

function disableCard(show) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Turn the second factor off'));
  details.append(form('Turn off second factor', [...passwordFields(), field('Current code or a recovery code', codeInput())], 'Turn off', async (values, element) => {
    if (!await confirm('Turn the second factor off?', 'Your password alone will sign you in.', 'Turn it off')) return null;
    await api.post('auth/mfa/totp/disable', withPassword(values, {code: values.get('code').trim()}));
    return element;
  }, (done) => {
    if (!done) return;
    show(false);
    toast('The second factor is off.');
  }));
  return details;
}
