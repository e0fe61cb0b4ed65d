// OAuth2 token issuing and bearer checks of the emulator (README, Authentication): client credentials and CXone's access-key grant.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseBasicAuth } from './server-io.ts';

export interface AuthOptions {
  credentials?: { clientId: string; clientSecret: string };
  accessKeys?: { accessKeyId: string; accessKeySecret: string }[];
  tokenLifetimeSeconds?: number;
  scopes?: string;
  clock: () => number;
}

export interface AuthAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
export const DEFAULT_SCOPES = 'flow:debug flow:read';

interface Grant {
  expiresAt: number;
  scopes: Set<string>;
}

/** Constant time, so a wrong secret takes as long as a right one. */
function sameText(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function splitScopes(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function oauthError(status: number, error: string, description: string): AuthAnswer {
  return { status, body: { error, error_description: description }, headers: { 'Cache-Control': 'no-store' } };
}

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * CXone's token endpoints take a form-encoded body (RFC 6749 4.4.2), as the tutorial's client
 * sends it. A JSON body would parse as a form with no grant_type: it is told what to send instead. A body
 * with no Content-Type at all is read as a form, as curl -d sends it.
 */
export function checkTokenEncoding(contentType: string | undefined, body: Buffer): AuthAnswer | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const looksJson = body.toString('utf8', 0, 64).trimStart().startsWith('{');
  if (type === FORM_TYPE || (type === '' && !looksJson)) return undefined;
  const got = type === '' ? 'a JSON body with no Content-Type' : `Content-Type '${type.slice(0, 80)}'`;
  return oauthError(
    400,
    'invalid_request',
    `the token request must be form-encoded (Content-Type: ${FORM_TYPE}, e.g. grant_type=client_credentials&client_id=…&client_secret=…), as CXone's token endpoint expects; got ${got}`,
  );
}

export interface TokenStore {
  /** Answers a POST to the token endpoint. */
  issue(form: URLSearchParams, authorization: string | undefined): AuthAnswer;
  /** undefined when the bearer token is valid and carries `scope`; otherwise the 401 to answer. */
  check(authorization: string | undefined, scope: string): AuthAnswer | undefined;
}

/** Whether a client, and an access key, are the emulator's: any non-empty one when none were configured. */
interface KnownCredentials {
  client(id: string | null | undefined, secret: string | null | undefined): boolean;
  accessKey(id: string | null, secret: string | null): boolean;
}

function knownCredentials(options: AuthOptions): KnownCredentials {
  return {
    client: (id, secret) => {
      if (!id || !secret) return false;
      const c = options.credentials;
      return !c || (sameText(id, c.clientId) && sameText(secret, c.clientSecret));
    },
    accessKey: (id, secret) => {
      if (!id || !secret) return false;
      const keys = options.accessKeys;
      return !keys || keys.some((k) => sameText(id, k.accessKeyId) && sameText(secret, k.accessKeySecret));
    },
  };
}

/** A token request's grant checked against `known`; `mint` issues the token for the scope asked. */
function answerTokenRequest(
  form: URLSearchParams,
  authorization: string | undefined,
  known: KnownCredentials,
  mint: (scope: string | null) => AuthAnswer,
): AuthAnswer {
  const basic = parseBasicAuth(authorization);
  const grantType = form.get('grant_type');
  if (grantType === 'client_credentials') {
    const id = basic?.id ?? form.get('client_id');
    const secret = basic?.secret ?? form.get('client_secret');
    if (!known.client(id, secret)) return oauthError(401, 'invalid_client', 'client authentication failed');
    return mint(form.get('scope'));
  }
  if (grantType === 'password') {
    if (!basic || !known.client(basic.id, basic.secret))
      return oauthError(401, 'invalid_client', 'client authentication failed (Basic client id and secret)');
    if (!known.accessKey(form.get('username'), form.get('password')))
      return oauthError(400, 'invalid_grant', 'access key id or secret is not valid');
    return mint(form.get('scope'));
  }
  if (!grantType) return oauthError(400, 'invalid_request', "'grant_type' is missing");
  return oauthError(400, 'unsupported_grant_type', `grant_type '${grantType}' is not supported; expected client_credentials or password`);
}

function denyBearer(error: string, description: string): AuthAnswer {
  return {
    status: 401,
    body: { error, error_description: description },
    headers: { 'WWW-Authenticate': `Bearer error="${error}", error_description="${description}"` },
  };
}

export function createTokenStore(options: AuthOptions): TokenStore {
  const grants = new Map<string, Grant>();
  const lifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const offered = splitScopes(options.scopes ?? DEFAULT_SCOPES);
  const known = knownCredentials(options);
  const mint = (requested: string | null): AuthAnswer => {
    // RFC 6749 3.3: grant what was asked for and is on offer; nothing asked for means everything on offer.
    const asked = requested ? splitScopes(requested) : offered;
    const scopes = asked.filter((s) => offered.includes(s));
    const token = randomBytes(32).toString('base64url');
    grants.set(token, { expiresAt: options.clock() + lifetime * 1000, scopes: new Set(scopes) });
    const body = { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: scopes.join(' ') };
    return { status: 200, body, headers: { 'Cache-Control': 'no-store' } };
  };
  return {
    issue: (form, authorization) => answerTokenRequest(form, authorization, known, mint),
    check(authorization, scope) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match?.[1]) return denyBearer('invalid_token', 'a bearer token is required');
      const grant = grants.get(match[1]);
      if (!grant) return denyBearer('invalid_token', 'the token is not valid');
      if (options.clock() >= grant.expiresAt) {
        grants.delete(match[1]);
        return denyBearer('invalid_token', 'the token has expired');
      }
      // CXone answers a missing scope with 401, not 403 (README, Troubleshooting).
      if (!grant.scopes.has(scope)) return denyBearer('insufficient_scope', `the token lacks the '${scope}' scope`);
      return undefined;
    },
  };
}
