// Plans: the public pricing table for everyone; the organization's plan, subscription and payment method for
// owners, who alone change the plan (the API refuses everyone else: PUT /billing/plan is owner only).
import {h} from '../dom.js';
import {api} from '../api.js';
import {pageHeader, into, table, badge, confirm, problemBox, toast, empty} from '../ui.js';
import {session} from '../app.js';

export function page() {
  const region = h('div');
  const reload = () => into(region, () => plans(reload));
  reload();
  return [pageHeader('Plan', 'What each plan allows. The ceilings are the ones the rate limiters enforce.'), region];
}

async function plans(reload) {
  const [pricing, billing] = await Promise.all([api.get('public/pricing'), session.can('owner') ? api.get('billing') : null]);
  if (pricing.data.length === 0) return empty('No plans are offered.');
  const current = billing && billing.plan;
  return [billing ? subscription(billing) : h('p', {class: 'muted'}, 'Only owners see and change the organization\'s plan.'),
    table('Plans', [
      ['Plan', (p) => h('div', {}, p.plan, p.plan === current && badge('current', 'good'))],
      ['Requests a minute', (p) => p.requests_per_minute.toLocaleString()],
      ['Mails an hour', (p) => p.mails_per_hour.toLocaleString()],
      ['Webhook tests an hour', (p) => p.webhook_tests_per_hour.toLocaleString()],
      ['BAA (HIPAA)', (p) => p.baa_available ? badge('available', 'good') : h('span', {class: 'muted'}, '—')],
      ['', (p) => billing && p.plan !== current ? change(p.plan, current, reload) : null],
    ], pricing.data)];
}

function subscription(billing) {
  const card = billing.payment_method;
  return h('section', {class: 'card'}, h('h2', {}, 'Your organization'), h('dl', {class: 'facts'},
    h('dt', {}, 'Plan'), h('dd', {}, billing.plan),
    h('dt', {}, 'Subscription'), h('dd', {}, billing.subscription_status),
    h('dt', {}, 'Payment method'), h('dd', {}, card ? `${card.brand} ending ${card.last4}` : 'none'),
    h('dt', {}, 'BAA'), h('dd', {}, billing.baa_accepted_at ? 'accepted' : 'not accepted')));
}

function change(plan, current, reload) {
  const out = h('div', {class: 'row-actions'});
  out.append(h('button', {class: 'quiet', onclick: async () => {
    if (!await confirm(`Change to ${plan}?`, `The ${plan} plan's ceilings replace the ${current} plan's from the next request.`, `Switch to ${plan}`)) return;
    try {
      await api.put('billing/plan', {plan});
      toast(`The plan is now ${plan}.`);
      reload();
    } catch (error) {
      out.append(problemBox(error));
    }
  }}, `Change to ${plan}`));
  return out;
}
