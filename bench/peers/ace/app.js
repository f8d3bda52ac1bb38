// The benchmark peer: atlassian-connect-express with one panel route behind addon.authenticate().
// ACE looks the tenant up in its store (sequelize on PostgreSQL or SQLite), verifies the JWT and qsh,
// and the route renders a small HTML page. Runs offline: NODE_ENV=production, never addon.register().
const express = require('express');
const ace = require('atlassian-connect-express');

// The tenant store: ACE's sequelize store on PostgreSQL (ACE_DATABASE_URL) or on a SQLite file
// (ACE_SQLITE_FILE), the same engines the Python app is measured on.
const store = process.env.ACE_SQLITE_FILE
  ? { adapter: 'sequelize', dialect: 'sqlite', storage: process.env.ACE_SQLITE_FILE, logging: false }
  : { adapter: 'sequelize', url: process.env.ACE_DATABASE_URL, logging: false };

const app = express();
app.use(express.json()); // ACE's lifecycle handlers read req.body
const addon = ace(app, { config: { production: { store } } });
app.use(addon.middleware());

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

app.get('/hello', (req, res) => res.send('hello'));
app.get('/jira/panel', addon.authenticate(), (req, res) => {
  res.type('html').send(
    `<!doctype html><html><head><meta charset="utf-8"><title>Deploys</title></head>` +
    `<body><p>Deploys of ${escape(req.query.issueKey || '')} for ${escape(req.context.clientKey)}</p></body></html>`);
});
app.post('/uninstalled', addon.authenticateInstall(), async (req, res) => {
  await addon.settings.del('clientInfo', req.body.clientKey);
  res.status(204).end();
});

app.listen(addon.config.port(), '127.0.0.1', () => console.log(`ace peer on ${addon.config.localBaseUrl()}`));
