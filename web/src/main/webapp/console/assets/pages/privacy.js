// Privacy jobs (L3; owner, admin): exports of the account or one end user (the archive's signed download link
// while it lasts), the erasure of an end user after a confirmation, and the account's deletion (owners: ask,
// see the date, cancel). The tenant's exports and erasures are listed from the API (GET /privacy/exports,
// GET /privacy/erasures), newest first; a job started here is followed until it ends.
import {h, field, fill, time} from '../dom.js';
import {api, query} from '../api.js';
import {form, pageHeader, pagedTable, badge, confirm, into, dangerButton} from '../ui.js';
import {session} from '../app.js';

const TONE = {pending: 'warn', running: 'warn', succeeded: 'good', failed: 'bad'};
const POLL_MS = 1500;

const JOB = [
  ['Job', (j) => h('div', {}, j.scope || 'end_user', h('div', {class: 'muted small mono'}, j.id))],
  ['Status', (j) => h('div', {}, badge(j.status, TONE[j.status]), j.error && h('div', {class: 'muted small'}, j.error))],
  ['Records', (j) => j.records ? Object.entries(j.records).map(([kind, n]) => h('div', {class: 'small'}, `${kind}: ${n}`)) : '—'],
  ['Started', (j) => time(j.created_at)],
  ['Finished', (j) => time(j.finished_at)],
];

export function page() {
  const exports = pagedTable('Exports', [...JOB,
    ['', (j) => j.download_url ? h('a', {class: 'button', href: j.download_url, download: '', rel: 'external'}, 'Download archive') : null]],
  (cursor) => api.get(query('privacy/exports', {cursor})), 'No export yet.');
  const erasures = pagedTable('Erasures', JOB, (cursor) => api.get(query('privacy/erasures', {cursor})), 'No erasure yet.');
  return [pageHeader('Privacy', 'Export data, erase an end user, or close the account.'),
    exportCard(exports), erasureCard(erasures),
    h('h2', {}, 'Exports'), h('div', {'aria-live': 'polite'}, exports),
    h('h2', {}, 'Erasures'), h('div', {'aria-live': 'polite'}, erasures),
    session.can('owner') && accountDeletion()];
}

/** Shows a job just started, and again once it ended (the download link comes with the last reload). */
async function follow(path, view, list) {
  list.reload();
  let job = view;
  try {
    while (job.status === 'pending' || job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!list.isConnected) return;
      job = await api.get(`${path}/${job.id}`);
    }
  } catch (gone) {
    // the reload below shows the job as the list has it, or the list's own problem
  } finally {
    if (list.isConnected) list.reload();
  }
}

function endUserChoice(name) {
  const select = h('select', {name, required: true}, h('option', {value: ''}, 'Loading end users…'));
  api.get(query('end-users', {limit: 200})).then((page) => fill(select, h('option', {value: ''}, page.data.length ? 'Choose an end user' : 'No end users'),
    page.data.map((u) => h('option', {value: u.id}, u.external_id))), (error) => fill(select, h('option', {value: ''}, error.message)));
  return select;
}

function exportCard(list) {
  const scope = h('select', {name: 'scope'}, h('option', {value: 'account'}, 'the whole account'), h('option', {value: 'end_user'}, 'one end user'));
  const who = field('End user', endUserChoice('end_user_id'), 'Only for the export of one end user.');
  return h('section', {class: 'card'}, h('h2', {}, 'Export'),
    h('p', {class: 'muted'}, 'A ZIP of JSON Lines, kept 24 hours; its download link lasts 15 minutes.'),
    form('Start an export', [field('Export', scope), who], 'Start export', (values) => api.post('privacy/exports',
      values.get('scope') === 'end_user' ? {scope: 'end_user', end_user_id: values.get('end_user_id')} : {scope: 'account'}, {idempotent: true}),
    (view) => { follow('privacy/exports', view, list); }));
}

function erasureCard(list) {
  const select = endUserChoice('end_user_id');
  return h('section', {class: 'card'}, h('h2', {}, 'Erase an end user'),
    h('p', {class: 'muted'}, 'Deletes their messages, analyses, profile and experiment assignments, and redacts what else mentions them. It cannot be undone.'),
    form('Erase an end user', [field('End user to erase', select)], 'Erase…', async (values) => {
      const label = select.selectedOptions[0] ? select.selectedOptions[0].textContent : '';
      if (!await confirm('Erase this end user?', `Everything about "${label}" is deleted for good.`, 'Erase end user')) return null;
      return api.post('privacy/erasures', {end_user_id: values.get('end_user_id')}, {idempotent: true});
    }, (view) => { if (view) follow('privacy/erasures', view, list); }));
}

function accountDeletion() {
  const region = h('div');
  const reload = () => into(region, async () => {
    let pending = null;
    try {
      pending = await api.get('privacy/account-deletion');
    } catch (error) {
      if (error.status !== 404) throw error;
    }
    return pending ? [h('p', {class: 'banner bad', role: 'status'}, 'This account is deleted after ', time(pending.purge_after), '.'),
      dangerButton('Cancel the deletion', 'Cancel the account deletion?', 'The account stays.', 'Cancel deletion', () => api.del('privacy/account-deletion'), reload)]
      : [h('p', {class: 'muted'}, 'Closing the account deletes everything after a grace period; every owner is e-mailed and may cancel until then.'),
        dangerButton('Delete the account…', 'Delete the whole account?', 'Every owner is e-mailed; the data is purged after the grace period unless an owner cancels.',
          'Request deletion', () => api.post('privacy/account-deletion'), reload)];
  });
  reload();
  return h('section', {class: 'card danger-zone'}, h('h2', {}, 'Account deletion'), region);
}
