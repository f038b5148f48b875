// A real OpenID provider for OidcSignInTest: the certified `oidc-provider` (panva), configured with
// one confidential client (code flow, PKCE required) and the test's accounts. The only thing it
// does not do as a production provider would is the login page: GET /interaction/<uid>?login=NAME
// signs in as NAME at once (no password, no consent screen), so a test can drive it over HTTP.
//
// usage: node provider.mjs <config.json>
//   { "port": 0, "clientId": "...", "clientSecret": "...", "redirectUri": "...",
//     "accounts": { "alice": { "preferred_username": "alice", "sentinel_role": "operator" } } }
// prints one line "LISTENING <issuer>" once it serves.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts;
const claimNames = [...new Set(Object.values(accounts).flatMap((a) => Object.keys(a)))];

const server = createServer();
server.listen(config.port ?? 0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: config.clientId,
        client_secret: config.clientSecret,
        redirect_uris: [config.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    // the account's claims in the ID token (what Sentinel reads), not only at the userinfo endpoint
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: claimNames.filter((c) => c !== 'sub') },
    cookies: { keys: ['sentinel-test-only-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, sub) =>
      accounts[sub] === undefined
        ? undefined
        : { accountId: sub, claims: async () => ({ sub, ...accounts[sub] }) },
    // a first-party client: no consent screen, the requested scopes are granted
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    const m = url.pathname.match(/^\/interaction\/([^/]+)$/);
    if (req.method === 'GET' && m) {
      try {
        const login = url.searchParams.get('login');
        if (accounts[login] === undefined) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(`no account '${login}'`);
          return;
        }
        await provider.interactionDetails(req, res);
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
      }
      return;
    }
    callback(req, res);
  });
  console.log(`LISTENING ${issuer}`);
});
