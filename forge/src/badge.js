// The badge of the "Sleuth deploys" issue context: the number of environments an issue's deploys reached
// on this site, which the backend keeps in an issue property after each push (app/delivery/badges.py).
// Pure: index.js does the one request. The property key is the one the Connect issue context read, so the
// badges a site had before it moved to Forge show unchanged.

export const DEFAULT_APP_KEY = 'io.sleuth.jira';

export function badgePropertyKey(appKey) {
  return `com.atlassian.jira.issue:${appKey || DEFAULT_APP_KEY}:sleuth-deploys:status`;
}

// Jira's answer to GET /rest/api/3/issue/{key}/properties/{property} ({key, value}), or null when there
// is none, as the dynamic properties Jira wants: {status: {type: 'badge', value: {label: '3'}}}, or {} for
// no badge. Anything else than a badge holding a count shows no badge rather than something odd.
export function dynamicProperties(property) {
  const status = property?.value;
  const label = status?.value?.label;
  if (status?.type !== 'badge' || typeof label !== 'string' || !/^[0-9]{1,4}$/.test(label)) {
    return {};
  }
  return { status: { type: 'badge', value: { label } } };
}
