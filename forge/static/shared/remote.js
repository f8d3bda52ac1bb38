// What both Custom UI pages share: one call to the Sleuth backend through Forge, and plain DOM helpers.
// Forge adds the invocation token to every call; the backend trusts only the token's signed claims
// (the issue, the site, the user), never the path or body chosen here.
import { invokeRemote } from '@forge/bridge';

/** POSTs `body` to `path` on the backend and returns its JSON answer; a refusal becomes an Error whose
 * message is the backend's own sentence (every error it sends is `{"error": sentence}`). */
export async function callSleuth(path, body = {}) {
  const response = await invokeRemote({ path, method: 'POST', body });
  if (response.status < 200 || response.status >= 300) {
    throw new Error(response.body?.error ?? `Sleuth answered with status ${response.status}.`);
  }
  return response.body ?? {};
}

/** An element with text content only: nothing from the backend is ever parsed as HTML. */
export function element(tag, text = '', className = '') {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Replaces the page's content with `nodes`. */
export function show(...nodes) {
  document.getElementById('root').replaceChildren(...nodes);
}

/** Runs `load` and shows its failure as one sentence instead of an empty panel. */
export async function render(load) {
  try {
    await load();
  } catch (error) {
    show(element('p', error instanceof Error ? error.message : String(error), 'error'));
  }
}
