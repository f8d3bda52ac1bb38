// The Sleuth admin page inside Jira: which Sleuth organizations this Jira site is linked to.
import { callSleuth, element, render, show } from '../../shared/remote.js';

render(async () => {
  const { organizations = [] } = await callSleuth('/forge/ui/admin/state');
  if (!organizations.length) {
    show(element('p', 'This Jira site is not linked to a Sleuth organization yet.', 'muted'));
    return;
  }
  const list = element('ul');
  list.append(...organizations.map((organization) => element('li', organization.name)));
  show(element('p', 'This Jira site shows the deploys of these Sleuth organizations:'), list);
});
