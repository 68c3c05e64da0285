// Team: invite, change roles, remove. The last owner cannot be demoted or removed (the API refuses; the page
// does not offer it); only owners grant or take owner and admin.
import {h, field, fill, time} from '../dom.js';
import {api} from '../api.js';
import {form, confirm, pageHeader, into, table, badge, problemBox, toast} from '../ui.js';
import {session} from '../app.js';

const ROLES = ['viewer', 'member', 'admin', 'owner'];

export function page() {
  const region = h('div');
  const reload = () => into(region, () => members(reload));
  reload();
  return [pageHeader('Team', 'The people of your organization and their roles.'), invite(), region];
}

function grantable() {
  return session.can('owner') ? ROLES : ['viewer', 'member'];
}

function invite() {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Invite someone'));
  details.append(form('Invite', [
    field('E-mail', h('input', {name: 'email', type: 'email', required: true})),
    field('Role', h('select', {name: 'role'}, grantable().map((r) => h('option', {value: r, selected: r === 'member'}, r)))),
  ], 'Send invitation', (values) => api.post('team/invitations', {email: values.get('email'), role: values.get('role')}, {idempotent: true}),
  (invitation, element) => {
    element.reset();
    toast(`Invitation sent to ${invitation.email}.`);
  }));
  return details;
}

async function members(reload) {
  const list = await api.get('team/members');
  const owners = list.filter((m) => m.role === 'owner').length;
  return table('Members', [
    ['Name', (m) => h('div', {}, m.name, h('div', {class: 'muted small'}, m.email))],
    ['Role', (m) => roleControl(m, owners, reload)],
    ['E-mail confirmed', (m) => m.email_verified ? badge('yes', 'good') : badge('not yet', 'warn')],
    ['Joined', (m) => time(m.created_at)],
    ['', (m) => remove(m, owners, reload)],
  ], list);
}

function lastOwner(member, owners) {
  return member.role === 'owner' && owners === 1;
}

function mayChange(member) {
  return session.can('owner') || (member.role !== 'owner' && member.role !== 'admin');
}

function roleControl(member, owners, reload) {
  if (lastOwner(member, owners) || !mayChange(member)) {
    return h('span', {title: lastOwner(member, owners) ? 'The last owner keeps the role' : 'Only owners change this role'}, member.role);
  }
  const select = h('select', {'aria-label': `Role of ${member.email}`}, grantable().map((r) => h('option', {value: r, selected: r === member.role}, r)));
  const out = h('div', {}, select);
  select.addEventListener('change', async () => {
    if (!await confirm('Change this role?', `${member.email} becomes ${select.value} from their next request.`, 'Change role')) {
      select.value = member.role;
      return;
    }
    try {
      await api.patch(`team/members/${member.id}`, {role: select.value});
      reload();
    } catch (error) {
      select.value = member.role;
      fill(out, select, problemBox(error));
    }
  });
  return out;
}

function remove(member, owners, reload) {
  if (lastOwner(member, owners) || !mayChange(member)) return null;
  const out = h('div', {class: 'row-actions'});
  out.append(h('button', {class: 'danger quiet', onclick: async () => {
    if (!await confirm('Remove this person?', `${member.email} loses access at once: their sessions and API keys end.`, 'Remove')) return;
    try {
      await api.del(`team/members/${member.id}`);
      reload();
    } catch (error) {
      out.append(problemBox(error));
    }
  }}, 'Remove'));
  return out;
}
