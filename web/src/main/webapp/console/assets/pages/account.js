// The signed-in person's account: who they are here, and a password change.
import {h, field} from '../dom.js';
import {api} from '../api.js';
import {form, pageHeader, toast} from '../ui.js';
import {session} from '../app.js';

/** The active tenant's name, from the tenants /auth/me lists. */
function organization(me) {
  const active = (me.tenants || []).find((t) => t.id === me.active_tenant_id);
  return active ? active.name : '—';
}

export function page() {
  const me = session.me;
  return [pageHeader('Account', null),
    h('section', {class: 'card'}, h('h2', {}, 'You'), h('dl', {class: 'facts'},
      h('dt', {}, 'Role'), h('dd', {}, me.role),
      h('dt', {}, 'Organization'), h('dd', {}, organization(me), h('div', {class: 'muted small mono'}, me.tenant_id)),
      h('dt', {}, 'E-mail confirmed'), h('dd', {}, me.verification_required ? 'not yet' : 'yes'))),
    h('section', {class: 'card'}, h('h2', {}, 'Change password'),
      h('p', {class: 'muted'}, 'Every other session of yours ends when it changes.'),
      form('Change password', [
        field('Current password', h('input', {name: 'current_password', type: 'password', autocomplete: 'current-password', required: true})),
        field('New password', h('input', {name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: 12, maxlength: 128}), '12 to 128 characters.'),
      ], 'Change password', (values) => api.post('auth/password', Object.fromEntries(values)), (result, element) => {
        element.reset();
        toast('Password changed.');
      }))];
}
