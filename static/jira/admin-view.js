// The Sleuth admin page inside Jira, drawn the same way on both platforms: the Connect page
// (static/jira/admin.js) and the Forge Custom UI page (forge/static/admin-page/src/index.js, which bundles
// this file). Each platform passes a `backend` whose calls reach the server with its own token:
//   link(apiKey), unlink(organization), choose(organization, project, useThisSite), consent(connection, approve)
// each resolving to the new state (the JSON of app/jira_sites/site_links.py SiteState) or rejecting with an Error
// whose message is the server's one sentence; and optionally drawn(), called after every redraw.
// Nothing from the server is ever parsed as HTML: every text goes in with textContent.

const PLATFORMS = { connect: 'Connect', forge: 'Forge' };
const CONSENT = {
  pending: 'Waiting for your answer: its deploys do not reach this site yet.',
  granted: 'Approved: its deploys show on this site and in its Deployments panel.',
  refused: 'Refused: its deploys never reach this site.',
};

function el(tag, text = '', attributes = {}) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function button(text, className, onClick) {
  const node = el('button', text, { type: 'button', class: `button ${className}`.trim() });
  node.addEventListener('click', onClick);
  return node;
}

function siteSection(state) {
  const facts = el('dl', '', { class: 'facts' });
  const add = (term, value) => facts.append(el('dt', term), el('dd', value));
  add('Base URL', state.base_url);
  if (state.display_url && state.display_url !== state.base_url) add('Custom domain', state.display_url);
  add('Installed through', state.platforms.map((name) => PLATFORMS[name] ?? name).join(' and ') || 'Connect');
  add('Status', `${state.installed ? 'Installed' : 'Not installed'}, ${state.enabled ? 'enabled' : 'disabled'}`);
  const section = el('section', '', { 'aria-labelledby': 'site-heading' });
  section.append(el('h2', 'This Jira site', { id: 'site-heading' }), facts);
  return section;
}

export function mountAdmin(root, backend, initialState) {
  let state = initialState;
  const status = el('p', '', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const organizations = el('div', '', { id: 'organizations' });
  const site = el('div');

  function say(text, kind = '') {
    status.textContent = text;
    status.className = `status ${kind}`.trim();
  }

  // Every change answers with the whole new state; while it runs, nothing else can be changed.
  async function change(work, success) {
    root.setAttribute('aria-busy', 'true');
    for (const control of root.querySelectorAll('button, input')) control.disabled = true;
    say('Saving…');
    try {
      state = await work();
      say(success, 'success');
      return true;
    } catch (error) {
      say(error instanceof Error ? error.message : String(error), 'error');
      return false;
    } finally {
      root.removeAttribute('aria-busy');
      draw();
    }
  }

  const keyInput = el('input', '', { id: 'sleuth-api-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: '' });
  const linkForm = el('form', '', { 'aria-labelledby': 'link-heading' });
  linkForm.append(
    el('h2', 'Link a Sleuth organization', { id: 'link-heading' }),
    el('label', 'Organization API key', { for: 'sleuth-api-key' }),
    keyInput,
    el('button', 'Link', { type: 'submit', class: 'button button-primary' }),
    el('p', "The organization's API key, or an access token with the 'all' scope. It is used once, to find the organization, and is not stored.", { class: 'hint' }),
  );
  linkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const apiKey = keyInput.value;
    if (await change(() => backend.link(apiKey), 'Linked. Choose below which projects use this Jira site.')) keyInput.value = '';
  });

  function projectItem(organization, project) {
    const id = `use-${organization.slug}-${project.slug}`;
    const box = el('input', '', { type: 'checkbox', id });
    box.checked = project.uses_this_site;
    box.addEventListener('change', () => {
      const verb = box.checked ? 'now uses' : 'no longer uses';
      change(() => backend.choose(organization.slug, project.slug, box.checked), `${project.name} ${verb} this Jira site.`);
    });
    const item = el('li');
    item.append(box, ' ', el('label', project.name, { for: id }));
    if (project.uses_another_tracker) item.append(' ', el('span', 'uses another issue tracker; ticking replaces it', { class: 'muted' }));
    return item;
  }

  function confirmation(organization, section, unlinkButton) {
    const losing = organization.projects.filter((project) => project.uses_this_site).map((project) => project.name);
    const box = el('div', '', { class: 'confirm', role: 'group', 'aria-labelledby': `confirm-${organization.slug}` });
    const question = losing.length
      ? `Unlink ${organization.name}? These projects will be left with no issue tracker: ${losing.join(', ')}.`
      : `Unlink ${organization.name}? No project uses this Jira site.`;
    box.append(
      el('p', question, { id: `confirm-${organization.slug}` }),
      button(`Unlink ${organization.name}`, 'button-danger', () => change(() => backend.unlink(organization.slug), `${organization.name} is no longer linked.`)),
      button('Cancel', 'button-subtle', () => {
        box.remove();
        unlinkButton.disabled = false;
        unlinkButton.focus();
      }),
    );
    section.append(box);
    box.querySelector('button').focus();
  }

  function organizationSection(organization) {
    const headingId = `org-${organization.slug}`;
    const section = el('section', '', { class: 'organization', 'aria-labelledby': headingId });
    const heading = el('h3', organization.name, { id: headingId });
    heading.append(' ', el('span', organization.slug, { class: 'muted' }));
    const unlinkButton = button('Unlink', '', () => {
      unlinkButton.disabled = true;
      confirmation(organization, section, unlinkButton);
    });
    unlinkButton.setAttribute('aria-label', `Unlink ${organization.name}`);
    section.append(heading, unlinkButton);
    if (!organization.projects.length) {
      section.append(el('p', 'This organization has no projects yet.', { class: 'muted' }));
      return section;
    }
    const fieldset = el('fieldset');
    const list = el('ul', '', { class: 'projects' });
    list.append(...organization.projects.map((project) => projectItem(organization, project)));
    fieldset.append(el('legend', 'Projects that use this Jira site as their issue tracker'), list);
    section.append(fieldset);
    return section;
  }

  function consentItem(request) {
    const item = el('li', '', { class: `consent consent-${request.consent}` });
    const name = el('strong', request.organization_name);
    item.append(name, ' ', el('span', request.organization_slug, { class: 'muted' }));
    if (request.label) item.append(' ', el('span', `(${request.label})`, { class: 'muted' }));
    const granted = request.consent_source === 'administer_permission' ? ' Its connection uses the token of a Jira administrator of this site.' : '';
    item.append(el('p', CONSENT[request.consent] + granted, { class: 'hint' }));
    if (request.consent !== 'granted') {
      const approve = button('Approve', 'button-primary', () =>
        change(() => backend.consent(request.connection, true), `${request.organization_name} may now send its deploys to this site.`));
      approve.setAttribute('aria-label', `Approve ${request.organization_name}`);
      item.append(approve);
    }
    if (request.consent !== 'refused') {
      const refuse = button('Refuse', 'button-danger', () =>
        change(() => backend.consent(request.connection, false), `${request.organization_name} is refused; what it sent is deleted from Jira.`));
      refuse.setAttribute('aria-label', `Refuse ${request.organization_name}`);
      item.append(' ', refuse);
    }
    return item;
  }

  function consentsSection() {
    const section = el('section', '', { 'aria-labelledby': 'consents-heading' });
    section.append(
      el('h2', 'Organizations asking to send deploys', { id: 'consents-heading' }),
      el('p', "Sleuth organizations that connected to this site with a user's API token. Their deploys show on this site only once you approve them.", { class: 'hint' }),
    );
    const list = el('ul', '', { class: 'consents' });
    list.append(...state.consent_requests.map(consentItem));
    section.append(list);
    return section;
  }

  function draw() {
    const focused = document.activeElement?.id;
    site.replaceChildren(siteSection(state));
    const heading = el('h2', 'Linked organizations', { id: 'organizations-heading' });
    const body = state.organizations.length
      ? state.organizations.map(organizationSection)
      : [el('p', 'This Jira site is not linked to a Sleuth organization yet.', { class: 'muted' })];
    organizations.replaceChildren(heading, ...body);
    if (state.projects_truncated) organizations.append(el('p', 'Only the first 1,000 projects are listed.', { class: 'muted' }));
    if (state.consent_requests?.length) organizations.append(consentsSection());
    for (const control of root.querySelectorAll('button, input')) control.disabled = false;
    if (focused) document.getElementById(focused)?.focus();
    backend.drawn?.();
  }

  root.replaceChildren(site, linkForm, status, organizations);
  draw();
}
