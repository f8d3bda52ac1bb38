// The deploys, for the Forge issue context panel. The backend reads the issue from the
// invocation token (context.extension.issue), so the request carries nothing.
import { callSleuth, element, render, show } from '../../shared/remote.js';

function deployItem(deploy) {
  const item = element('li');
  item.append(element('strong', deploy.environment), ' ', element('code', String(deploy.sha).slice(0, 7)));
  if (deploy.date) item.append(' ', element('span', new Date(deploy.date).toLocaleString(), 'muted'));
  return item;
}

render(async () => {
  const { deploys = [] } = await callSleuth('/forge/ui/deployments');
  const list = element('ul');
  list.append(...deploys.map(deployItem));
  show(deploys.length ? list : element('p', 'No deploy has carried this issue yet.', 'muted'));
});
