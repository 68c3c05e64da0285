// Webhook endpoints: create (the signing secret shown once), rotate the secret with an overlap, send a test
// event, delete. Failing endpoints are marked; the Monitor shows what was delivered.
import {h, field, time} from '../dom.js';
import {api, query} from '../api.js';
import {pagedTable, form, confirm, showSecretOnce, pageHeader, badge, toast, problemBox} from '../ui.js';
import {session} from '../app.js';

const TONE = {enabled: 'good', failing: 'bad', disabled: 'muted'};

export function page() {
  const list = pagedTable('Webhook endpoints', [
    ['Endpoint', (e) => h('div', {}, h('div', {class: 'mono'}, e.url), e.description && h('div', {class: 'muted small'}, e.description))],
    ['Events', (e) => e.events.join(', ')],
    ['Status', (e) => h('div', {}, badge(e.status, TONE[e.status]), e.disabled_reason && h('div', {class: 'muted small'}, e.disabled_reason))],
    ['Created', (e) => time(e.created_at)],
    ['', (e) => actions(e, () => list.reload())],
  ], (cursor) => api.get(query('webhooks/endpoints', {cursor})), 'No endpoints yet. Add one to receive signed events.');
  return [pageHeader('Webhook endpoints', 'Where we send signed events. Secrets are shown once.'),
    session.can('admin') && createForm(() => list.reload()), list];
}

function createForm(reload) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Add an endpoint'));
  details.append(form('New webhook endpoint', [
    field('URL', h('input', {name: 'url', type: 'url', required: true, placeholder: 'https://example.com/webhooks/humane'}), 'A public HTTPS address.'),
    field('Description', h('input', {name: 'description', type: 'text', maxlength: 500})),
    field('Events', h('input', {name: 'events', type: 'text', value: '*'}), 'Comma-separated event types, or * for all.'),
  ], 'Add endpoint', (values) => api.post('webhooks/endpoints', {
    url: values.get('url'), description: values.get('description'),
    events: values.get('events').split(',').map((e) => e.trim()).filter(Boolean),
  }, {idempotent: true}), (created, element) => {
    element.reset();
    details.open = false;
    showSecretOnce('Signing secret', 'Store this secret in your receiver now: it verifies our signatures and is not shown again.', created.secret);
    reload();
  }));
  return details;
}

function actions(endpoint, reload) {
  if (!session.can('admin')) return null;
  const out = h('div', {class: 'row-actions'});
  const run = async (work) => {
    try {
      await work();
    } catch (error) {
      out.append(problemBox(error));
    }
  };
  out.append(
    h('a', {href: `/monitor?endpoint_id=${endpoint.id}`, class: 'button quiet'}, 'Deliveries'),
    h('button', {class: 'quiet', onclick: () => run(async () => {
      await api.post(`webhooks/endpoints/${endpoint.id}/test`);
      toast('Test event queued. Watch it in the Webhook Monitor.');
    })}, 'Send test'),
    h('button', {class: 'quiet', onclick: () => run(async () => {
      const overlap = h('input', {type: 'number', min: 0, max: 720, step: 1, value: 24, required: true});
      if (!await confirm('Rotate the signing secret?', 'A new secret signs from now on. The old one keeps signing beside it for the overlap, so your receiver can switch over.',
        'Rotate', field('Overlap (hours, 0–720)', overlap))) return;
      const rotated = await api.post(`webhooks/endpoints/${endpoint.id}/rotate-secret`, {overlap_hours: overlap.value === '' ? undefined : Number(overlap.value)}, {idempotent: true});
      showSecretOnce('New signing secret', `Store this one now. The previous secret keeps signing until ${rotated.previous_secret_expires_at ? new Date(rotated.previous_secret_expires_at).toLocaleString() : 'now'}.`, rotated.secret);
    })}, 'Rotate secret'),
    h('button', {class: 'danger quiet', onclick: () => run(async () => {
      if (!await confirm('Delete this endpoint?', `Nothing more is sent to ${endpoint.url}.`, 'Delete endpoint')) return;
      await api.del(`webhooks/endpoints/${endpoint.id}`);
      reload();
    })}, 'Delete'));
  return out;
}
