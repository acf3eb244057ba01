import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@tc/kernel';
import { isRole, Principal } from './roles';

/** Every reason a token is refused is a 401; the reason goes into `detail` to help client developers. */
export class InvalidTokenError extends DomainError {
  constructor(reason: string) {
    super('UNAUTHENTICATED', `invalid bearer token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Mints an HS256 token carrying the principal, `iat` and `exp`. */
export function signJwt(claims: Principal, secret: string, ttlSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): string {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive integer: ${ttlSeconds}`);
  const principal = principalOf({ ...claims });
  const payload = base64url(JSON.stringify({ ...principal, iat: nowSeconds, exp: nowSeconds + ttlSeconds }));
  return `${HEADER}.${payload}.${signature(`${HEADER}.${payload}`, secret).toString('base64url')}`;
}

/**
 * Verifies an HS256 token and returns its principal. Only `alg: HS256` is accepted, so a
 * token cannot choose a weaker algorithm (`none`) or another key type; the signature is
 * checked before the payload is read.
 */
export function verifyJwt(token: string, secret: string, nowSeconds: number): Principal {
  return verifiedClaims(token, secret, nowSeconds).principal;
}

interface Verified {
  readonly principal: Principal;
  readonly exp: number;
  readonly nbf?: number;
}

/**
 * verifyJwt with a memory of the tokens it accepted: a client sends the same token with every
 * request, and checking its signature and parsing it again cost more than the rest of the guard.
 * A token is recalled only by its exact text, under this verifier's one secret, so any other
 * token is verified in full; expiry and not-before are checked again on every use; refusals
 * are not remembered. Bounded: the oldest accepted token is forgotten first.
 */
export class JwtVerifier {
  private readonly accepted = new Map<string, Verified>();

  constructor(
    private readonly secret: string,
    private readonly capacity = 1_000,
  ) {}

  verify(token: string, nowSeconds: number): Principal {
    const known = this.accepted.get(token);
    if (known) {
      checkTimes(known.exp, known.nbf, nowSeconds);
      return { ...known.principal };
    }
    const verified = verifiedClaims(token, this.secret, nowSeconds);
    if (this.accepted.size >= this.capacity) this.accepted.delete(this.accepted.keys().next().value as string);
    this.accepted.set(token, verified);
    return { ...verified.principal };
  }
}

function verifiedClaims(token: string, secret: string, nowSeconds: number): Verified {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) throw new InvalidTokenError('malformed');
  const [header, payload, sig] = parts;

  const { alg, typ, crit } = decodeObject(header);
  if (alg !== 'HS256') throw new InvalidTokenError('alg must be HS256');
  if (typ !== undefined && typ !== 'JWT') throw new InvalidTokenError('typ must be JWT');
  if (crit !== undefined) throw new InvalidTokenError('critical header extensions are not supported');

  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sig, 'base64url');
  // The re-encoding check refuses alternative spellings of the same signature bytes.
  if (given.length !== expected.length || given.toString('base64url') !== sig || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad signature');
  }

  const claims = decodeObject(payload);
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw new InvalidTokenError('exp is required');
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;
  checkTimes(claims.exp, nbf, nowSeconds);
  return { principal: principalOf(claims), exp: claims.exp, ...(nbf !== undefined && { nbf }) };
}

function checkTimes(exp: number, nbf: number | undefined, nowSeconds: number): void {
  if (exp <= nowSeconds) throw new InvalidTokenError('expired');
  if (nbf !== undefined && nbf > nowSeconds) throw new InvalidTokenError('not valid yet');
}

function principalOf(claims: Record<string, unknown>): Principal {
  const { sub, role, policyId } = claims;
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidTokenError('sub is required');
  if (!isRole(role)) throw new InvalidTokenError('role must be one of the known roles');
  if (role !== 'integration') return { sub, role };
  if (typeof policyId !== 'string' || policyId.length === 0) throw new InvalidTokenError('an integration token must name its policyId');
  return { sub, role, policyId };
}

function decodeObject(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidTokenError('malformed');
  return value as Record<string, unknown>;
}

function signature(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
