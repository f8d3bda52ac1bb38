// The issue's deploys in the Forge issue context panel, drawn like the Connect panel
// (templates/jira/panel.html; the build adds its stylesheet, static/jira/panel.css). The backend reads the
// issue from the invocation token (context.extension.issue), so the request carries nothing.
import { router } from '@forge/bridge';
import { callSleuth, element, render, show } from '../../shared/remote.js';

const UNITS = [
  [31536000, 'year'], [2592000, 'month'], [604800, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute'],
];

/** `3 hours ago`, `just now`, `in 2 days`: the Connect panel's wording (app/web/jira_pages/panel.py). */
export function relativeTime(date, now = Date.now()) {
  const seconds = (now - date.getTime()) / 1000;
  for (const [size, unit] of UNITS) {
    const count = Math.floor(Math.abs(seconds) / size);
    if (count >= 1) {
      const phrase = `${count} ${unit}${count === 1 ? '' : 's'}`;
      return seconds > 0 ? `${phrase} ago` : `in ${phrase}`;
    }
  }
  return 'just now';
}

/** A link to Sleuth: Forge opens it in a new tab (a Custom UI frame cannot navigate away). */
function sleuthLink(text, url, className = '') {
  const link = element('a', text, className);
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener';
  link.addEventListener('click', (event) => {
    event.preventDefault();
    router.open(url);
  });
  return link;
}

// The lozenge names the deploy's environment, unless that name only repeats the group's heading above it.
function deployItem(deploy, heading) {
  const date = new Date(deploy.date);
  const repeats = deploy.environment_name.trim().toLowerCase() === heading.trim().toLowerCase();
  const lozenge = repeats ? null : element('span', deploy.environment_name, `lozenge ${deploy.environment_type}`);
  if (lozenge) lozenge.title = deploy.environment;
  const sha = sleuthLink(deploy.label || deploy.short_sha, deploy.url, 'sha');
  sha.title = deploy.sha;
  const time = element('time', relativeTime(date));
  time.dateTime = deploy.date;
  time.title = date.toLocaleString();
  const line = element('div', '', 'line');
  line.append(...(lozenge ? [lozenge, ' '] : []), sha, ' ', time);

  const meta = element('div', `${deploy.project_name} / ${deploy.code_deployment_name}`, 'meta');
  const author = deploy.author.name || deploy.author.email;
  if (author) {
    const who = element('span', author);
    who.title = deploy.author.email;
    meta.append(' · ', who);
  }
  const item = element('li');
  item.append(line, meta);
  if (deploy.tags.length) {
    const tags = element('div', '', 'tags');
    tags.append(...deploy.tags.map((tag) => element('span', tag, 'tag')));
    item.append(tags);
  }
  return item;
}

function group(environment, deploys) {
  const { shown, total } = environment;
  const count = element('span', shown < total ? `${shown} of ${total}` : String(total), 'count');
  const heading = element('h2', `${environment.label} `);
  heading.append(count);
  const list = element('ul');
  list.append(...deploys.map((deploy) => deployItem(deploy, environment.label)));
  const section = element('section', '', 'group');
  section.append(heading, list);
  if (environment.more.length) {
    const hidden = total - shown;
    const more = element('p', `${hidden} older ${hidden === 1 ? 'deploy' : 'deploys'}:`, 'more');
    environment.more.forEach((link, index) => {
      const label = environment.more.length > 1 ? `more in Sleuth (${link.project_name})` : 'more in Sleuth';
      more.append(index ? ', ' : ' ', sleuthLink(label, link.url));
    });
    section.append(more);
  }
  return section;
}

function emptyState(issueKey) {
  const key = issueKey || 'ACME-12';
  const example = element('code', `${key} fix login`);
  const how = element('p', 'Sleuth links a deploy to this issue when a commit message, pull request title', 'subtle');
  how.append(' or branch it carries mentions the key, for example ');
  how.append(example, ", and the project's issue tracker in Sleuth is this Jira site.");
  const title = element('p');
  title.append(element('strong', issueKey ? `No deploys of ${issueKey} yet.` : 'No issue to show deploys for.'));
  const section = element('section', '', 'empty');
  section.append(title, how);
  return section;
}

render(async () => {
  const { issue_key: issueKey, deploys = [], environments = [] } = await callSleuth('/forge/ui/deployments');
  const main = element('main');
  main.id = 'sleuth-deploys';
  if (!deploys.length) {
    main.append(emptyState(issueKey));
  } else {
    for (const environment of environments) {
      main.append(group(environment, deploys.filter((deploy) => deploy.environment_type === environment.type)));
    }
  }
  show(main);
});
