// Single sign-on (owner, admin): the organization's verified domains (the TXT record to publish, Verify,
// requiring SSO), its OpenID Connect and SAML connections (create, list, delete; the SP metadata to give the
// identity provider). Names, issuers and certificate subjects are what people typed or an IdP sent: text only.
import {h, field, time} from '../dom.js';
import {api, query} from '../api.js';
import {pagedTable, form, pageHeader, badge, toast, dangerButton, actionButton} from '../ui.js';

const ROLES = ['member', 'viewer', 'admin'];

export function page() {
  return [pageHeader('Single sign-on', 'Let your people sign in with your identity provider. Domains prove which e-mail addresses are yours.'),
    domains(), oidc(), saml()];
}

function section(title, lead, ...body) {
  return h('section', {class: 'section'}, h('h2', {}, title), h('p', {class: 'muted'}, lead), body);
}

function domains() {
  const list = pagedTable('Domains', [
    ['Domain', (d) => h('span', {class: 'mono'}, d.domain)],
    ['Status', (d) => d.verified ? h('div', {}, badge('verified', 'good'), h('div', {class: 'muted small'}, time(d.verified_at)))
      : h('div', {}, badge('not verified', 'warn'), txtRecord(d))],
    ['SSO required', (d) => d.verified ? requireSso(d, () => list.reload()) : h('span', {class: 'muted'}, '—')],
    ['', (d) => h('div', {class: 'row-actions'},
      !d.verified && actionButton('Verify', async () => {
        await api.post(`sso/domains/${d.id}/verify`);
        toast(`${d.domain} is verified.`);
        await list.reload();
      }),
      dangerButton('Delete', 'Delete this domain?', `Sign-in through SSO stops for addresses at ${d.domain}.`, 'Delete domain',
        () => api.del(`sso/domains/${d.id}`), () => list.reload()))],
  ], (cursor) => api.get(query('sso/domains', {cursor})), 'No domains yet. Add the domain of your people\'s e-mail addresses.');
  const add = h('details', {class: 'card'}, h('summary', {}, 'Add a domain'));
  add.append(form('New domain', [field('Domain', h('input', {name: 'domain', type: 'text', required: true, maxlength: 253, placeholder: 'example.com'}))],
    'Add domain', (values) => api.post('sso/domains', {domain: values.get('domain').trim()}, {idempotent: true}), (created, element) => {
      element.reset();
      add.open = false;
      list.reload();
    }));
  return section('Domains', 'Publish the TXT record shown, then press Verify. A domain is verified for one organization.', add, list);
}

function txtRecord(domain) {
  return h('dl', {class: 'facts small txt'},
    h('dt', {}, 'TXT name'), h('dd', {class: 'mono'}, domain.txt_name),
    h('dt', {}, 'TXT value'), h('dd', {class: 'mono'}, domain.txt_value));
}

function requireSso(domain, reload) {
  const label = domain.require_sso ? 'Stop requiring' : 'Require SSO';
  return h('div', {}, domain.require_sso ? badge('required', 'good') : badge('optional'),
    dangerButton(label, domain.require_sso ? 'Stop requiring SSO?' : 'Require SSO?',
      domain.require_sso ? `People at ${domain.domain} may sign in with a password again.`
        : `People at ${domain.domain} must sign in through SSO; owners keep their password for emergencies.`,
      domain.require_sso ? 'Stop requiring it' : 'Require it', () => api.patch(`sso/domains/${domain.id}`, {require_sso: !domain.require_sso}), reload));
}

function roleSelect() {
  return h('select', {name: 'default_role'}, ROLES.map((r) => h('option', {value: r}, r)));
}

function oidc() {
  const list = pagedTable('OpenID Connect connections', [
    ['Name', (c) => h('div', {}, c.name, h('div', {class: 'muted small mono'}, c.issuer))],
    ['Client id', (c) => h('span', {class: 'mono'}, c.client_id)],
    ['Redirect URI', (c) => h('span', {class: 'mono small'}, `${location.origin}/api/v1/auth/oidc/${c.id}/callback`)],
    ['New people join as', (c) => c.default_role],
    ['Created', (c) => time(c.created_at)],
    ['', (c) => dangerButton('Delete', 'Delete this connection?', `Nobody signs in through "${c.name}" any more.`, 'Delete connection',
      () => api.del(`sso/oidc/connections/${c.id}`), () => list.reload())],
  ], (cursor) => api.get(query('sso/oidc/connections', {cursor})), 'No OpenID Connect connection.');
  const add = h('details', {class: 'card'}, h('summary', {}, 'Add an OpenID Connect connection'));
  add.append(form('New OpenID Connect connection', [
    field('Name of the OIDC connection', h('input', {name: 'name', type: 'text', required: true, maxlength: 200})),
    field('Issuer', h('input', {name: 'issuer', type: 'url', required: true, placeholder: 'https://login.example.com/realms/acme'}), 'Its discovery document is read from <issuer>/.well-known/openid-configuration.'),
    field('Client id', h('input', {name: 'client_id', type: 'text', required: true, maxlength: 500, autocomplete: 'off'})),
    field('Client secret', h('input', {name: 'client_secret', type: 'password', required: true, maxlength: 1000, autocomplete: 'off'}), 'Stored sealed; never shown again.'),
    field('New OIDC users join as', roleSelect()),
  ], 'Add OIDC connection', (values) => api.post('sso/oidc/connections', Object.fromEntries(values), {idempotent: true}), (created, element) => {
    element.reset();
    add.open = false;
    toast(`Connection "${created.name}" added.`);
    list.reload();
  }));
  return section('OpenID Connect', 'Register each connection\'s redirect URI (in the list) at your provider.', add, list);
}

function saml() {
  const list = pagedTable('SAML connections', [
    ['Name', (c) => h('div', {}, c.name, h('div', {class: 'muted small mono'}, c.idp_entity_id))],
    ['Service provider', (c) => h('dl', {class: 'facts small'},
      h('dt', {}, 'Entity id'), h('dd', {class: 'mono'}, c.sp_entity_id),
      h('dt', {}, 'ACS URL'), h('dd', {class: 'mono'}, c.acs_url))],
    ['Certificates', (c) => c.certificates.map((cert) => h('div', {class: 'small'}, cert.subject, h('div', {class: 'muted'}, 'expires ', time(cert.not_after))))],
    ['Status', (c) => h('div', {}, c.enabled ? badge('enabled', 'good') : badge('disabled'), c.metadata_error && h('div', {class: 'muted small'}, c.metadata_error))],
    ['', (c) => h('div', {class: 'row-actions'},
      h('a', {class: 'button quiet', href: `/api/v1/auth/saml/${c.id}/metadata`, download: `humane-sp-${c.id}.xml`}, 'SP metadata'),
      dangerButton('Delete', 'Delete this connection?', `Nobody signs in through "${c.name}" any more.`, 'Delete connection',
        () => api.del(`sso/saml/connections/${c.id}`), () => list.reload()))],
  ], (cursor) => api.get(query('sso/saml/connections', {cursor})), 'No SAML connection.');
  const add = h('details', {class: 'card'}, h('summary', {}, 'Add a SAML connection'));
  add.append(form('New SAML connection', [
    field('Name of the SAML connection', h('input', {name: 'name', type: 'text', required: true, maxlength: 100})),
    field('IdP metadata URL', h('input', {name: 'idp_metadata_url', type: 'url', maxlength: 2048}), 'Or paste the metadata below: one of the two.'),
    field('IdP metadata XML', h('textarea', {name: 'idp_metadata_xml', rows: 4, spellcheck: 'false'})),
    field('New SAML users join as', roleSelect()),
  ], 'Add SAML connection', (values) => {
    const body = {name: values.get('name'), default_role: values.get('default_role')};
    if (values.get('idp_metadata_url').trim()) body.idp_metadata_url = values.get('idp_metadata_url').trim();
    if (values.get('idp_metadata_xml').trim()) body.idp_metadata_xml = values.get('idp_metadata_xml');
    return api.post('sso/saml/connections', body, {idempotent: true});
  }, (created, element) => {
    element.reset();
    add.open = false;
    list.reload();
  }));
  return section('SAML 2.0', 'Give your identity provider our SP metadata (entity id and ACS URL) after adding its own.', add, list);
}
