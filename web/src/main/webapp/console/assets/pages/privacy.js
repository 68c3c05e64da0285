// Privacy jobs (L3; owner, admin): exports of the account or one end user (the archive's signed download link
// while it lasts), the erasure of an end user after a confirmation, and the account's deletion (owners: ask,
// see the date, cancel). The API has no list of past jobs, so the list shows the jobs started on this page,
// each followed until it ends.
import {h, field, fill, time} from '../dom.js';
import {api, query} from '../api.js';
import {form, pageHeader, table, badge, confirm, into, empty, dangerButton} from '../ui.js';
import {session} from '../app.js';

const TONE = {pending: 'warn', running: 'warn', succeeded: 'good', failed: 'bad'};
const POLL_MS = 1500;
const jobs = [];

export function page() {
  jobs.length = 0;
  const list = h('div', {class: 'jobs', 'aria-live': 'polite'});
  const redraw = () => fill(list, jobs.length === 0 ? empty('No job started from this page yet.')
    : table('Privacy jobs', [
      ['Job', (j) => h('div', {}, j.kind, h('div', {class: 'muted small mono'}, j.view.id))],
      ['Status', (j) => h('div', {}, badge(j.view.status, TONE[j.view.status]), j.view.error && h('div', {class: 'muted small'}, j.view.error))],
      ['Records', (j) => j.view.records ? Object.entries(j.view.records).map(([kind, n]) => h('div', {class: 'small'}, `${kind}: ${n}`)) : '—'],
      ['Started', (j) => time(j.view.created_at)],
      ['', (j) => j.view.download_url ? h('a', {class: 'button', href: j.view.download_url, download: '', rel: 'external'}, 'Download archive') : null],
    ], jobs));
  redraw();
  return [pageHeader('Privacy', 'Export data, erase an end user, or close the account.'),
    exportCard(redraw), erasureCard(redraw), h('h2', {}, 'Jobs'), list, session.can('owner') && accountDeletion()];
}

/** Follows a job until it ends; the signed download link is fetched fresh with the last view. */
async function follow(kind, path, view, redraw) {
  const job = {kind, view};
  jobs.unshift(job);
  redraw();
  try {
    while (job.view.status === 'pending' || job.view.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!jobs.includes(job)) return;
      job.view = await api.get(`${path}/${job.view.id}`);
      redraw();
    }
  } catch (error) {
    job.view = {...job.view, status: 'unknown', error: error.message};
    redraw();
  }
}

function endUserChoice(name) {
  const select = h('select', {name, required: true}, h('option', {value: ''}, 'Loading end users…'));
  api.get(query('end-users', {limit: 200})).then((page) => fill(select, h('option', {value: ''}, page.data.length ? 'Choose an end user' : 'No end users'),
    page.data.map((u) => h('option', {value: u.id}, u.external_id))), (error) => fill(select, h('option', {value: ''}, error.message)));
  return select;
}

function exportCard(redraw) {
  const scope = h('select', {name: 'scope'}, h('option', {value: 'account'}, 'the whole account'), h('option', {value: 'end_user'}, 'one end user'));
  const who = field('End user', endUserChoice('end_user_id'), 'Only for the export of one end user.');
  return h('section', {class: 'card'}, h('h2', {}, 'Export'),
    h('p', {class: 'muted'}, 'A ZIP of JSON Lines, kept 24 hours; its download link lasts 15 minutes.'),
    form('Start an export', [field('Export', scope), who], 'Start export', (values) => api.post('privacy/exports',
      values.get('scope') === 'end_user' ? {scope: 'end_user', end_user_id: values.get('end_user_id')} : {scope: 'account'}, {idempotent: true}),
    (view) => { follow('export', 'privacy/exports', view, redraw); }));
}

function erasureCard(redraw) {
  const select = endUserChoice('end_user_id');
  return h('section', {class: 'card'}, h('h2', {}, 'Erase an end user'),
    h('p', {class: 'muted'}, 'Deletes their messages, analyses, profile and experiment assignments, and redacts what else mentions them. It cannot be undone.'),
    form('Erase an end user', [field('End user to erase', select)], 'Erase…', async (values) => {
      const label = select.selectedOptions[0] ? select.selectedOptions[0].textContent : '';
      if (!await confirm('Erase this end user?', `Everything about "${label}" is deleted for good.`, 'Erase end user')) return null;
      return api.post('privacy/erasures', {end_user_id: values.get('end_user_id')}, {idempotent: true});
    }, (view) => { if (view) follow('erasure', 'privacy/erasures', view, redraw); }));
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
