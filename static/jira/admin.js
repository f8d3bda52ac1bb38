// The Connect admin page: draws the state the server rendered into the page, and sends each change to
// the JSON routes under data-api with a context token from AP.context.getToken() (qsh "context-qsh"),
// asked for anew before every call; the page's own token never leaves the page.
import { mountAdmin } from './admin-view.js';

const root = document.getElementById('sleuth-admin');
const api = root.dataset.api;

function contextToken() {
  return new Promise((resolve, reject) => {
    if (!window.AP?.context?.getToken) {
      reject(new Error("Jira's page script did not load; reload the page."));
      return;
    }
    window.AP.context.getToken(resolve);
  });
}

async function call(method, path, body) {
  const headers = { Authorization: `JWT ${await contextToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `Sleuth answered with status ${response.status}.`);
  return answer;
}

const segment = encodeURIComponent;

mountAdmin(
  root,
  {
    link: (apiKey) => call('POST', '/links', { api_key: apiKey }),
    unlink: (organization) => call('DELETE', `/links/${segment(organization)}`),
    choose: (organization, project, useThisSite) =>
      call('POST', `/projects/${segment(organization)}/${segment(project)}`, { use_this_site: useThisSite }),
    consent: (connection, approve) => call('POST', '/consents', { connection, approve }),
    drawn: () => window.AP?.resize?.(),
  },
  JSON.parse(document.getElementById('sleuth-admin-state').textContent),
);
