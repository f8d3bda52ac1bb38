// The Sleuth admin page inside Jira (Forge): the same view as the Connect admin page
// (static/jira/admin-view.js, bundled in), its calls sent through Forge to the backend's /forge/ui/admin
// routes. The backend takes the site and the user from the invocation token and checks with Jira that
// the user is an administrator; the bodies here only say which organization or project.
import { callSleuth, render } from '../../shared/remote.js';
import { mountAdmin } from '../../../../static/jira/admin-view.js';

render(async () => {
  const state = await callSleuth('/forge/ui/admin/state');
  mountAdmin(
    document.getElementById('root'),
    {
      link: (apiKey) => callSleuth('/forge/ui/admin/link', { api_key: apiKey }),
      unlink: (organization) => callSleuth('/forge/ui/admin/unlink', { organization }),
      choose: (organization, project, useThisSite) =>
        callSleuth('/forge/ui/admin/projects', { organization, project, use_this_site: useThisSite }),
      consent: (connection, approve) => callSleuth('/forge/ui/admin/consent', { connection, approve }),
    },
    state,
  );
});
