// Test OpenID provider for the auth0-wizard tests: `oidc-provider` made to answer like Auth0
// (shared/reference/targets.md §5.1, §5.2). Loopback only, HTTPS with a throwaway CA.
//
// Started by the Rust harness (tests/src/idp.rs) as `node server.mjs`, configured through env:
//   IDP_CERT, IDP_KEY   paths of the PEM leaf certificate (chain) and its private key
//   IDP_CONFIG          JSON: { clients: { web, m2m, no_cc: { id, secret } }, user: { claims... },
//                       idToken: { claims... } } (idToken: a hostile mode, claims written over
//                       every ID token the token endpoint issues, re-signed with the same key)
// Prints exactly one line `READY https://127.0.0.1:PORT/` on stdout when it serves.
// Exits when its stdin closes (the test process went away).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createPrivateKey, sign as rsaSign, randomUUID } from 'node:crypto';
import * as querystring from 'node:querystring';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import Provider from 'oidc-provider';

const here = dirname(fileURLToPath(import.meta.url));
const config = JSON.parse(process.env.IDP_CONFIG ?? '{}');
const jwks = JSON.parse(readFileSync(join(here, 'jwks.json'), 'utf8'));
const signingJwk = jwks.keys[0];
const signingKey = createPrivateKey({ key: signingJwk, format: 'jwk' });

const clients = config.clients;
const user = config.user ?? {};
const idTokenOverrides = config.idToken ?? {};
const LOOPBACK_CALLBACK = 'http://127.0.0.1/callback';

// Close when the parent test process goes away.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

// The request handler is set once the port (and so the issuer) is known.
let handler = (_req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer(
  { cert: readFileSync(process.env.IDP_CERT), key: readFileSync(process.env.IDP_KEY) },
  (req, res) => handler(req, res),
);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `https://127.0.0.1:${port}/`;
  const provider = makeProvider(issuer);
  handler = provider.callback();
  process.stdout.write(`READY ${issuer}\n`);
});

function makeProvider(issuer) {
  // Claims beyond the standard ones (e.g. `https://example.com/groups`) are released with `openid`.
  const standard = new Set(['sub', 'email', 'email_verified', 'name']);
  const extraClaims = Object.keys(user).filter((k) => !standard.has(k));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clients.web.id,
        client_secret: clients.web.secret,
        application_type: 'native', // any loopback port is accepted (RFC 8252)
        redirect_uris: [LOOPBACK_CALLBACK],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: clients.m2m.id,
        client_secret: clients.m2m.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: clients.no_cc.id,
        client_secret: clients.no_cc.secret,
        application_type: 'native',
        redirect_uris: [LOOPBACK_CALLBACK],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks,
    routes: {
      authorization: '/authorize',
      token: '/oauth/token',
      jwks: '/.well-known/jwks.json',
      userinfo: '/userinfo',
      revocation: '/oauth/revoke',
      end_session: '/oidc/logout',
    },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
    },
    claims: {
      openid: ['sub', ...extraClaims],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Auth0 puts the profile claims into the ID token of a code flow.
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    cookies: { keys: ['auth0-wizard-test-idp-cookie-key'] },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          // A claim set to null in the config is left out.
          const claims = { sub };
          for (const [k, v] of Object.entries(user)) if (v !== null) claims[k] = v;
          return claims;
        },
      };
    },
  });

  provider.use(async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== '/oauth/token') {
      return next();
    }
    const raw = await readRaw(ctx.req);
    const params = querystring.parse(raw);
    // Auth0 accepts client_secret_basic and client_secret_post for every confidential client;
    // oidc-provider allows only the registered one, so Basic is turned into post parameters.
    const basic = /^Basic\s+(.+)$/i.exec(ctx.get('authorization') ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      const dec = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
      params.client_id = dec(decoded.slice(0, i));
      params.client_secret = dec(decoded.slice(i + 1));
      delete ctx.req.headers.authorization;
    }
    if (params.grant_type === 'client_credentials') {
      clientCredentials(ctx, params, issuer);
      return undefined;
    }
    ctx.req.body = querystring.stringify(params);
    ctx.req.headers['content-length'] = String(Buffer.byteLength(ctx.req.body));
    await next();
    rewriteTokenError(ctx, params);
    overrideIdToken(ctx);
    return undefined;
  });

  return provider;
}

async function readRaw(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function auth0Error(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = body;
}

const UNAUTHORIZED = { error: 'access_denied', error_description: 'Unauthorized' };

function grantNotAllowed(grantType) {
  return {
    error: 'unauthorized_client',
    error_description: `Grant type '${grantType}' not allowed for the client.`,
    error_uri: 'https://auth0.com/docs/clients/client-grant-types',
  };
}

// Auth0's answers to the token endpoint (targets.md §5.2) in place of oidc-provider's.
function rewriteTokenError(ctx, params) {
  const error = ctx.body?.error;
  if (ctx.status === 401 && error === 'invalid_client') {
    auth0Error(ctx, 401, UNAUTHORIZED);
  } else if (error === 'unauthorized_client') {
    auth0Error(ctx, 403, grantNotAllowed(params.grant_type));
  } else if (error === 'invalid_grant' && params.grant_type === 'authorization_code') {
    auth0Error(ctx, 403, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
  }
}

// The hostile mode: the ID token's claims as the test set them (nbf, iat, aud, azp...).
function overrideIdToken(ctx) {
  const token = ctx.status === 200 ? ctx.body?.id_token : undefined;
  if (!token || Object.keys(idTokenOverrides).length === 0) return;
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  // "=aud" stands for the audience the provider wrote (the client ID); null removes a claim.
  const aud = payload.aud;
  const value = (v) => (v === '=aud' ? aud : Array.isArray(v) ? v.map(value) : v);
  for (const [k, v] of Object.entries(idTokenOverrides)) {
    if (v === null) delete payload[k];
    else payload[k] = value(v);
  }
  ctx.body = { ...ctx.body, id_token: jwt(payload) };
}

// client_credentials as Auth0 does it: the only API served is the Management API.
function clientCredentials(ctx, params, issuer) {
  const all = [
    { ...clients.web, grants: ['authorization_code', 'refresh_token'] },
    { ...clients.m2m, grants: ['client_credentials'] },
    { ...clients.no_cc, grants: ['authorization_code'] },
  ];
  const client = all.find((c) => c.id === params.client_id);
  if (!client || client.secret !== params.client_secret) {
    return auth0Error(ctx, 401, UNAUTHORIZED);
  }
  if (!client.grants.includes('client_credentials')) {
    return auth0Error(ctx, 403, grantNotAllowed('client_credentials'));
  }
  const audience = params.audience;
  if (!audience) {
    return auth0Error(ctx, 403, {
      error: 'access_denied',
      error_description: 'No audience parameter was provided, and no default audience has been configured',
    });
  }
  if (audience !== `${issuer}api/v2/`) {
    return auth0Error(ctx, 403, { error: 'access_denied', error_description: `Service not found: ${audience}` });
  }
  const now = Math.floor(Date.now() / 1000);
  const scope = 'read:clients';
  const token = jwt({
    iss: issuer,
    sub: `${client.id}@clients`,
    aud: audience,
    iat: now,
    exp: now + 86400,
    scope,
    gty: 'client-credentials',
    azp: client.id,
    jti: randomUUID(),
  });
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.set('cache-control', 'no-store');
  ctx.body = { access_token: token, expires_in: 86400, scope, token_type: 'Bearer' };
  return undefined;
}

function jwt(payload) {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: signingJwk.kid })}.${b64(payload)}`;
  const sig = rsaSign('sha256', Buffer.from(input), signingKey).toString('base64url');
  return `${input}.${sig}`;
}
