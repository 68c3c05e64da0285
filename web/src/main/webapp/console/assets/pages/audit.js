// The audit log: filter, each event's before and after (as text), export JSONL or CSV, verify the chain.
import {h, fill, field, time} from '../dom.js';
import {api, query, download} from '../api.js';
import {pagedTable, pageHeader, badge, problemBox} from '../ui.js';

export function page(rest, search) {
  const filter = {action: search.get('action') || '', actor: search.get('actor') || '', since: '', until: ''};
  const results = h('div');
  const verdict = h('div', {'aria-live': 'polite'});
  const inputs = {
    action: h('input', {type: 'text', name: 'action', value: filter.action, placeholder: 'api_key.created', maxlength: 100}),
    actor: h('input', {type: 'text', name: 'actor', value: filter.actor, placeholder: 'actor id (UUID)'}),
    since: h('input', {type: 'datetime-local', name: 'since'}),
    until: h('input', {type: 'datetime-local', name: 'until'}),
  };
  const read = () => ({action: inputs.action.value.trim(), actor: inputs.actor.value.trim(),
    since: iso(inputs.since.value), until: iso(inputs.until.value)});
  const filters = h('form', {class: 'filters', 'aria-label': 'Filter the audit log'},
    field('Action', inputs.action), field('Actor', inputs.actor), field('From (your time)', inputs.since), field('Until (your time)', inputs.until),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Apply')));
  const show = () => fill(results, events(read()));
  filters.addEventListener('submit', (event) => { event.preventDefault(); show(); });
  show();
  const exportAs = (format) => async () => {
    try {
      await download(query('audit-events/export', {...read(), format}), `audit-log.${format}`);
    } catch (error) {
      fill(verdict, problemBox(error));
    }
  };
  const verify = async () => {
    try {
      const result = await api.get('audit-events/verify');
      fill(verdict, result.valid
        ? h('div', {class: 'banner good', role: 'status'}, `The chain is intact: ${result.events_checked} events checked.`)
        : h('div', {class: 'banner bad', role: 'alert'}, `The chain is broken at event ${result.first_bad_seq} (${result.events_checked} checked).`));
    } catch (error) {
      fill(verdict, problemBox(error));
    }
  };
  return [pageHeader('Audit log', 'Every change and every refused access, chained by hash.',
    h('button', {class: 'quiet', onclick: exportAs('jsonl')}, 'Export JSONL'),
    h('button', {class: 'quiet', onclick: exportAs('csv')}, 'Export CSV'),
    h('button', {onclick: verify}, 'Verify chain')), verdict, filters, results];
}

function iso(local) {
  return local ? new Date(local).toISOString() : '';
}

function events(filter) {
  return pagedTable('Audit events', [
    ['#', (e) => String(e.seq)],
    ['Time', (e) => time(e.created_at)],
    ['Action', (e) => badge(e.action)],
    ['Actor', (e) => h('span', {class: 'small'}, e.actor ? `${e.actor.type} ${e.actor.id || ''}` : '—')],
    ['Resource', (e) => h('span', {class: 'small'}, e.resource ? `${e.resource.type} ${e.resource.id || ''}` : '—')],
    ['Change', (e) => (e.before || e.after) && h('details', {}, h('summary', {}, 'before / after'),
      h('pre', {class: 'excerpt'}, `before: ${JSON.stringify(e.before, null, 2)}\nafter: ${JSON.stringify(e.after, null, 2)}`))],
    ['From', (e) => e.client_ip || '—'],
  ], (cursor) => api.get(query('audit-events', {...filter, cursor})), 'No events match.');
}
