// Behavioural data: engines, end users and their messages. Viewers read; members and above write.
// Names, traits and message content are the tenant's and end users' words: always text.
import {h, field, time} from '../dom.js';
import {api, query, Problem} from '../api.js';
import {pagedTable, form, confirm, pageHeader, badge, problemBox} from '../ui.js';
import {session} from '../app.js';

export function engines() {
  const list = pagedTable('Engines', [
    ['Name', (e) => e.name],
    ['Kind', (e) => badge(e.kind)],
    ['Provider', (e) => e.provider_url ? h('span', {class: 'mono small'}, e.provider_url) : '—'],
    ['Created', (e) => time(e.created_at)],
    ['', (e) => session.can('member') && deleteButton(`engine "${e.name}"`, `engines/${e.id}`, () => list.reload())],
  ], (cursor) => api.get(query('engines', {cursor})), 'No engines yet.');
  return [pageHeader('Engines', 'What analyses your end users\' messages.'), session.can('member') && engineForm(() => list.reload()), list];
}

function engineForm(reload) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Add an engine'));
  const kind = h('select', {name: 'kind'}, h('option', {value: 'lexicon'}, 'lexicon (built in)'), h('option', {value: 'llm'}, 'llm (your provider)'));
  const llmOnly = h('div', {hidden: true},
    field('Provider URL', h('input', {name: 'provider_url', type: 'url', placeholder: 'https://api.example.com/v1/chat/completions'})),
    field('Provider API key', h('input', {name: 'provider_api_key', type: 'password', autocomplete: 'off'}), 'Sealed before it is stored; never shown again.'),
    field('Model', h('input', {name: 'model', type: 'text', placeholder: 'gpt-4o-mini'})));
  kind.addEventListener('change', () => { llmOnly.hidden = kind.value !== 'llm'; });
  details.append(form('New engine', [field('Name', h('input', {name: 'name', type: 'text', required: true, maxlength: 200})), field('Kind', kind), llmOnly],
    'Add engine', (values) => {
      const body = {name: values.get('name'), kind: values.get('kind')};
      if (body.kind === 'llm') {
        body.provider_url = values.get('provider_url');
        if (values.get('provider_api_key')) body.provider_api_key = values.get('provider_api_key');
        if (values.get('model')) body.config = {model: values.get('model')};
      }
      return api.post('engines', body, {idempotent: true});
    }, (created, element) => { element.reset(); llmOnly.hidden = true; reload(); }));
  return details;
}

function deleteButton(what, path, reload) {
  const out = h('div', {class: 'row-actions'});
  out.append(h('button', {class: 'danger quiet', onclick: async () => {
    if (!await confirm(`Delete ${what}?`, 'This cannot be undone.', 'Delete')) return;
    try {
      await api.del(path);
      reload();
    } catch (error) {
      out.append(problemBox(error));
    }
  }}, 'Delete'));
  return out;
}

export function endUsers(rest) {
  if (rest.length > 0) return endUser(rest[0]);
  const list = pagedTable('End users', [
    ['External id', (u) => h('a', {href: `/end-users/${u.id}`}, u.external_id)],
    ['Traits', (u) => h('code', {class: 'small'}, JSON.stringify(u.traits))],
    ['Created', (u) => time(u.created_at)],
    ['', (u) => session.can('member') && deleteButton(`end user "${u.external_id}"`, `end-users/${u.id}`, () => list.reload())],
  ], (cursor) => api.get(query('end-users', {cursor})), 'No end users yet.');
  return [pageHeader('End users', 'The people your product talks to, by your own id.'), session.can('member') && endUserForm(() => list.reload()), list];
}

function parseTraits(text) {
  if (!text.trim()) return {};
  try {
    const traits = JSON.parse(text);
    if (traits && typeof traits === 'object' && !Array.isArray(traits)) return traits;
  } catch (ignored) { /* reported below */ }
  throw new Problem(400, {title: 'Traits', detail: 'Traits must be a JSON object, such as {"plan": "gold"}.'});
}

function endUserForm(reload) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Add an end user'));
  details.append(form('New end user', [
    field('External id', h('input', {name: 'external_id', type: 'text', required: true, maxlength: 255})),
    field('Traits (JSON object)', h('textarea', {name: 'traits', rows: 3, placeholder: '{"plan": "gold"}'})),
  ], 'Add end user', (values) => api.post('end-users', {external_id: values.get('external_id'), traits: parseTraits(values.get('traits'))}, {idempotent: true}),
  (created, element) => { element.reset(); reload(); }));
  return details;
}

async function endUser(id) {
  const user = await api.get(`end-users/${id}`);
  const engineList = (await api.get('engines?limit=200')).data;
  const messages = pagedTable('Messages', [
    ['Time', (m) => time(m.created_at)],
    ['Role', (m) => m.role],
    ['Message', (m) => h('p', {class: 'message'}, m.content)],
    ['Analysis', (m) => analysis(m.analysis)],
  ], (cursor) => api.get(query(`end-users/${id}/messages`, {cursor})), 'No messages yet.');
  return [pageHeader(user.external_id, null, h('a', {href: '/end-users', class: 'button quiet'}, '← All end users')),
    h('section', {class: 'card'}, h('h2', {}, 'Traits'), h('pre', {class: 'excerpt'}, JSON.stringify(user.traits, null, 2))),
    session.can('member') && engineList.length > 0 && messageForm(id, engineList, () => messages.reload()),
    h('h2', {}, 'Messages'), messages];
}

function analysis(result) {
  if (!result) return '—';
  return h('div', {class: 'small'}, badge(result.status), result.sentiment && ` ${result.sentiment.label} (${result.sentiment.score.toFixed(2)})`,
    result.flags && result.flags.length > 0 && h('div', {}, result.flags.map((f) => badge(f, 'warn'))));
}

function messageForm(id, engineList, reload) {
  const details = h('details', {class: 'card'}, h('summary', {}, 'Send a message'));
  details.append(form('New message', [
    field('Engine', h('select', {name: 'engine_id'}, engineList.map((e) => h('option', {value: e.id}, e.name)))),
    field('Role', h('select', {name: 'role'}, ['user', 'assistant', 'system'].map((r) => h('option', {value: r}, r)))),
    field('Content', h('textarea', {name: 'content', rows: 3, required: true})),
  ], 'Send', (values) => api.post(`end-users/${id}/messages`, Object.fromEntries(values), {idempotent: true}),
  (created, element) => { element.reset(); reload(); }));
  return details;
}

