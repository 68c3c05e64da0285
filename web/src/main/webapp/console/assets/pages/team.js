// Team: invite, withdraw a pending invitation, change roles, remove. The last owner cannot be demoted or removed
// (the API refuses; the page does not offer it); only owners grant or take owner and admin, and withdraw an owner or
// admin invitation.
import {h, field, fill, time} from '../dom.js';
import {api, query} from '../api.js';
import {form, confirm, pageHeader, into, table, pagedTable, badge, problemBox, toast, dangerButton} from '../ui.js';
import {session} from '../app.js';

const ROLES = ['viewer', 'member', 'admin', 'owner'];

export function page() {
  const region = h('div');
  const pending = h('div');
  const reload = () => {
    into(pending, () => invitations(reload));
    into(region, () => members(reload));
  };
  reload();
  return [pageHeader('Team', 'The people of your organization and their roles.'), invite(reload), pending, region];
}

function grantable() {
  return session.can('owner') ? ROLES : ['viewer', 'member'];
}

function invite(reload) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Invite someone'));
  details.append(form('Invite', [
    field('E-mail', h('input', {name: 'email', type: 'email', required: true})),
    field('Role', h('select', {name: 'role'}, grantable().map((r) => h('option', {value: r, selected: r === 'member'}, r)))),
  ], 'Send invitation', (values) => api.post('team/invitations', {email: values.get('email'), role: values.get('role')}, {idempotent: true}),
  (invitation, element) => {
    element.reset();
    toast(`Invitation sent to ${invitation.email}.`);
    reload();
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

/** The invitations not yet accepted, a page at a time (newest first); withdrawing one stops its link at once. */
function invitations(reload) {
  return h('section', {class: 'card'}, h('h2', {}, 'Pending invitations'), pagedTable('Pending invitations', [
    ['E-mail', (i) => i.email],
    ['Role', (i) => i.role],
    ['Sent', (i) => time(i.created_at)],
    ['Expires', (i) => time(i.expires_at)],
    ['', (i) => mayChange(i) ? dangerButton('Withdraw', 'Withdraw this invitation?',
      `The link sent to ${i.email} stops working at once.`, 'Withdraw invitation', () => api.del(`team/invitations/${i.id}`), reload) : null],
  ], (cursor) => api.get(query('team/invitations', {cursor})), 'No pending invitations.'));
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
