// API keys: create (the key shown once), scopes, revoke.
import {h, field, time} from '../dom.js';
import {api, query} from '../api.js';
import {pagedTable, form, confirm, showSecretOnce, pageHeader, badge, problemBox} from '../ui.js';

export function page() {
  const list = pagedTable('API keys', [
    ['Name', (k) => k.name],
    ['Key', (k) => h('span', {class: 'mono'}, `${k.prefix}…`)],
    ['Scopes', (k) => k.scopes.map((s) => badge(s))],
    ['Role', (k) => k.role],
    ['Created', (k) => time(k.created_at)],
    ['', (k) => k.revoked_at ? h('span', {class: 'muted'}, 'Revoked ', time(k.revoked_at)) : revoke(k, () => list.reload())],
  ], (cursor) => api.get(query('api-keys', {cursor})), 'No API keys yet.');
  return [pageHeader('API keys', 'Keys let your servers call the API. A key is shown once, when it is made.'), createForm(() => list.reload()), list];
}

function createForm(reload) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Create a key'));
  const write = h('input', {type: 'checkbox', name: 'write', value: 'yes'});
  details.append(form('New API key', [
    field('Name', h('input', {name: 'name', type: 'text', required: true, maxlength: 200, placeholder: 'billing sync'})),
    h('fieldset', {class: 'checks'}, h('legend', {}, 'Scopes'),
      h('label', {}, h('input', {type: 'checkbox', checked: true, disabled: true}), ' read'),
      h('label', {}, write, ' write')),
  ], 'Create key', (values) => api.post('api-keys', {name: values.get('name'),
    scopes: values.get('write') ? ['read', 'write'] : ['read']}, {idempotent: true}), (issued, element) => {
    element.reset();
    details.open = false;
    showSecretOnce('Your new API key', 'Copy it into your server\'s secret store now: we keep only its hash and cannot show it again.', issued.key);
    reload();
  }));
  return details;
}

function revoke(key, reload) {
  const out = h('div', {class: 'row-actions'});
  out.append(h('button', {class: 'danger quiet', onclick: async () => {
    if (!await confirm('Revoke this key?', `Requests with "${key.name}" (${key.prefix}…) are refused from now on, with the access tokens issued from it.`, 'Revoke key')) return;
    try {
      await api.del(`api-keys/${key.id}`);
      reload();
    } catch (error) {
      out.append(problemBox(error));
    }
  }}, 'Revoke'));
  return out;
}
