// The Webhook Monitor: deliveries by endpoint and status; each delivery's attempts (time, status code,
// latency, error, response excerpt) and a retry. Response excerpts are the receiver's words: text only.
import {h, fill, field, time} from '../dom.js';
import {api, query} from '../api.js';
import {pagedTable, pageHeader, badge, into, table, problemBox, empty} from '../ui.js';

const TONE = {succeeded: 'good', failed: 'bad', pending: 'warn', sending: 'warn', held: 'warn'};

export async function page(rest, search) {
  const endpoints = (await api.get('webhooks/endpoints?limit=200')).data;
  const filter = {endpoint_id: search.get('endpoint_id') || '', status: search.get('status') || ''};
  const results = h('div');
  const endpointSelect = h('select', {name: 'endpoint_id'}, h('option', {value: ''}, 'All endpoints'),
    endpoints.map((e) => h('option', {value: e.id, selected: e.id === filter.endpoint_id}, `${e.status === 'failing' ? '⚠ ' : ''}${e.url}`)));
  const statusSelect = h('select', {name: 'status'}, ['', 'pending', 'sending', 'succeeded', 'failed', 'held'].map((s) =>
    h('option', {value: s, selected: s === filter.status}, s || 'Any status')));
  const show = () => {
    filter.endpoint_id = endpointSelect.value;
    filter.status = statusSelect.value;
    history.replaceState(null, '', query('/monitor', filter));
    fill(results, deliveries(filter, endpoints));
  };
  endpointSelect.addEventListener('change', show);
  statusSelect.addEventListener('change', show);
  show();
  const failing = endpoints.filter((e) => e.status === 'failing');
  return [pageHeader('Webhook Monitor', 'Every delivery of every event, with each attempt.'),
    failing.length > 0 && h('div', {class: 'banner bad', role: 'note'}, `Failing: ${failing.map((e) => e.url).join(', ')}`),
    h('div', {class: 'filters'}, field('Endpoint', endpointSelect), field('Status', statusSelect)), results];
}

function deliveries(filter, endpoints) {
  const urls = new Map(endpoints.map((e) => [e.id, e]));
  return pagedTable('Deliveries', [
    ['Created', (d) => time(d.created_at)],
    ['Endpoint', (d) => {
      const endpoint = urls.get(d.endpoint_id);
      return h('span', {class: 'mono small'}, endpoint ? endpoint.url : d.endpoint_id, endpoint && endpoint.status === 'failing' && badge('failing', 'bad'));
    }],
    ['Status', (d) => badge(d.status, TONE[d.status])],
    ['Attempts', (d) => String(d.attempt_count)],
    ['Last code', (d) => d.last_status_code === null ? '—' : String(d.last_status_code)],
    ['Next attempt', (d) => time(d.next_attempt_at)],
    ['', (d) => h('button', {class: 'quiet', 'aria-expanded': 'false', onclick: (event) => toggle(event.currentTarget, d)}, 'Attempts')],
  ], (cursor) => api.get(query('webhooks/deliveries', {...filter, cursor})), 'No deliveries match.');
}

function toggle(button, delivery) {
  const row = button.closest('tr');
  if (row.nextElementSibling && row.nextElementSibling.classList.contains('detail')) {
    row.nextElementSibling.remove();
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  const cell = h('td', {colspan: row.children.length});
  row.after(h('tr', {class: 'detail'}, cell));
  button.setAttribute('aria-expanded', 'true');
  into(cell, () => detail(delivery.id, cell));
}

async function detail(id, cell) {
  const delivery = await api.get(`webhooks/deliveries/${id}`);
  const status = h('div', {'aria-live': 'polite'});
  const retry = h('button', {class: 'primary', onclick: async () => {
    retry.disabled = true;
    try {
      await api.post(`webhooks/deliveries/${id}/retry`);
      fill(status, 'Retry queued.');
      setTimeout(() => into(cell, () => detail(id, cell)), 1500);
    } catch (error) {
      fill(status, problemBox(error));
      retry.disabled = false;
    }
  }}, 'Retry now');
  return [h('div', {class: 'detail-head'}, h('span', {class: 'muted small'}, `Delivery ${delivery.id} · event ${delivery.event_id}`),
    delivery.status !== 'succeeded' && retry), status,
  delivery.attempts.length === 0 ? empty('No attempt yet.') : table('Attempts', [
    ['Time', (a) => time(a.attempted_at)],
    ['Status code', (a) => a.status_code === null ? '—' : badge(String(a.status_code), a.status_code < 300 ? 'good' : 'bad')],
    ['Latency', (a) => `${a.latency_ms} ms`],
    ['Error', (a) => a.error || '—'],
    ['Response excerpt', (a) => a.response_excerpt ? h('pre', {class: 'excerpt'}, a.response_excerpt) : '—'],
  ], delivery.attempts),
  delivery.event && h('details', {class: 'payload'}, h('summary', {}, `Event payload (${delivery.event.type || 'event'})`),
    h('pre', {class: 'excerpt'}, JSON.stringify(delivery.event, null, 2)))];
}
