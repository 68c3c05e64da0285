// The signed-in person's own sessions: where and when, and revoke.
import {h, time} from '../dom.js';
import {api} from '../api.js';
import {confirm, pageHeader, into, table, badge, problemBox, empty} from '../ui.js';
import {navigate, session} from '../app.js';

export function page() {
  const region = h('div');
  const reload = () => into(region, async () => {
    const list = await api.get('auth/sessions');
    if (list.length === 0) return empty('No open session.');
    return table('Sessions', [
      ['Started', (s) => h('div', {}, time(s.created_at), s.current && badge('this browser', 'good'))],
      ['Last active', (s) => time(s.last_refreshed_at)],
      ['Expires', (s) => time(s.expires_at)],
      ['From', (s) => h('div', {}, s.client_ip || '—', h('div', {class: 'muted small'}, s.user_agent || ''))],
      ['', (s) => revoke(s, reload)],
    ], list);
  });
  reload();
  return [pageHeader('Sessions', 'Where you are signed in. Revoke any you do not recognise.'), region];
}

function revoke(entry, reload) {
  const out = h('div', {class: 'row-actions'});
  out.append(h('button', {class: 'danger quiet', onclick: async () => {
    const text = entry.current ? 'This signs you out here.' : 'That browser is signed out at its next request.';
    if (!await confirm('Revoke this session?', text, 'Revoke session')) return;
    try {
      await api.del(`auth/sessions/${entry.id}`);
      if (entry.current) {
        session.me = null;
        navigate('/sign-in');
      } else {
        reload();
      }
    } catch (error) {
      out.append(problemBox(error));
    }
  }}, 'Revoke'));
  return out;
}
