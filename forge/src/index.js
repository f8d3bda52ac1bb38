// The app's only Forge function: `dynamicProperties` of the jira:issueContext module (manifest.yml), which
// Jira calls when the issue view shows the "Sleuth deploys" context. One read of an issue property with
// the app's own token: nothing reaches the backend, so an issue view costs it nothing.
import api, { route } from '@forge/api';
import { badgePropertyKey, dynamicProperties } from './badge.js';

export async function deploysBadge(payload) {
  const issueKey = payload?.extension?.issue?.key;
  if (typeof issueKey !== 'string' || !issueKey) {
    return {};
  }
  const propertyKey = badgePropertyKey(process.env.SLEUTH_APP_KEY);
  const response = await api.asApp().requestJira(route`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`);
  return dynamicProperties(response.ok ? await response.json() : null);
}
