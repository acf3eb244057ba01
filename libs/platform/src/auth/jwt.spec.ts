import { createHmac } from 'node:crypto';
import { InvalidTokenError, JwtVerifier, signJwt, verifyJwt } from './jwt';
import { assertPolicyAccess } from './policy-access';

const SECRET = 'a-test-secret-of-at-least-32-chars!!';
const NOW = 1_750_000_000;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Builds a token by hand, so tests can craft what signJwt would never produce. */
function craft(header: unknown, payload: unknown, secret = SECRET): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const HS256 = { alg: 'HS256', typ: 'JWT' };
const valid = { sub: 'ann', role: 'underwriter', exp: NOW + 60 };

function reasonOf(token: string, secret = SECRET): string {
  try {
    verifyJwt(token, secret, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).code).toBe('UNAUTHENTICATED');
    return (error as Error).message.replace('invalid bearer token: ', '');
  }
  throw new Error('token was accepted');
}

describe('signJwt / verifyJwt', () => {
  it('round-trips a principal', () => {
    const token = signJwt({ sub: 'ann', role: 'underwriter' }, SECRET, 3600, NOW);
    expect(verifyJwt(token, SECRET, NOW + 3599)).toEqual({ sub: 'ann', role: 'underwriter' });
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload).toEqual({ sub: 'ann', role: 'underwriter', iat: NOW, exp: NOW + 3600 });
  });

  it('keeps the policy of an integration token and drops it for other roles', () => {
    expect(verifyJwt(signJwt({ sub: 'erp', role: 'integration', policyId: 'p-1' }, SECRET, 60, NOW), SECRET, NOW)).toEqual({
      sub: 'erp',
      role: 'integration',
      policyId: 'p-1',
    });
    expect(verifyJwt(craft(HS256, { ...valid, policyId: 'p-1' }), SECRET, NOW)).toEqual({ sub: 'ann', role: 'underwriter' });
  });

  it('refuses an expired token, at exp itself too', () => {
    const token = signJwt({ sub: 'ann', role: 'admin' }, SECRET, 60, NOW - 60);
    expect(reasonOf(token)).toBe('expired');
  });

  it('refuses a token without exp', () => {
    expect(reasonOf(craft(HS256, { sub: 'ann', role: 'admin' }))).toBe('exp is required');
    expect(reasonOf(craft(HS256, { sub: 'ann', role: 'admin', exp: 'tomorrow' }))).toBe('exp is required');
  });

  it('refuses a token that is not valid yet', () => {
    expect(reasonOf(craft(HS256, { ...valid, nbf: NOW + 10 }))).toBe('not valid yet');
  });

  it('refuses a token signed with another secret', () => {
    expect(reasonOf(craft(HS256, valid, 'another-secret-of-at-least-32-chars'))).toBe('bad signature');
  });

  it('refuses a tampered payload', () => {
    const [header, , sig] = signJwt({ sub: 'ann', role: 'analyst' }, SECRET, 60, NOW).split('.');
    const forged = `${header}.${encode({ sub: 'ann', role: 'admin', exp: NOW + 60 })}.${sig}`;
    expect(reasonOf(forged)).toBe('bad signature');
  });

  it('refuses alg none, HS512 and a missing alg', () => {
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(valid)}.`;
    expect(reasonOf(unsigned)).toBe('malformed');
    expect(reasonOf(`${encode({ alg: 'none' })}.${encode(valid)}.AAAA`)).toBe('alg must be HS256');
    const hs512Input = `${encode({ alg: 'HS512' })}.${encode(valid)}`;
    expect(reasonOf(`${hs512Input}.${createHmac('sha512', SECRET).update(hs512Input).digest('base64url')}`)).toBe('alg must be HS256');
    expect(reasonOf(craft({ typ: 'JWT' }, valid))).toBe('alg must be HS256');
    expect(reasonOf(craft({ alg: 'hs256' }, valid))).toBe('alg must be HS256');
  });

  it('refuses critical header extensions and a foreign typ', () => {
    expect(reasonOf(craft({ alg: 'HS256', crit: ['b64'] }, valid))).toBe('critical header extensions are not supported');
    expect(reasonOf(craft({ alg: 'HS256', typ: 'at+jwt' }, valid))).toBe('typ must be JWT');
  });

  it.each([
    ['not.a.token!', 'malformed'],
    ['onlytwo.parts', 'malformed'],
    ['', 'malformed'],
    [`${encode(HS256)}.${encode(valid)}.sig.extra`, 'malformed'],
    [`${Buffer.from('{nope').toString('base64url')}.${encode(valid)}.AAAA`, 'malformed'],
    [`${encode(['HS256'])}.${encode(valid)}.AAAA`, 'malformed'],
  ])('refuses the malformed token %j', (token, reason) => {
    expect(reasonOf(token)).toBe(reason);
  });

  it('refuses a payload that is not an object', () => {
    expect(reasonOf(craft(HS256, 'ann'))).toBe('malformed');
  });

  it('refuses alternative spellings of the signature', () => {
    const token = signJwt({ sub: 'ann', role: 'analyst' }, SECRET, 60, NOW);
    const last = token.at(-1)!;
    // The last of 43 characters carries 2 unused bits, always 0 when encoded: setting one keeps the bytes.
    expect('AEIMQUYcgkosw048').toContain(last);
    const sibling = token.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect(Buffer.from(sibling.split('.')[2], 'base64url')).toEqual(Buffer.from(token.split('.')[2], 'base64url'));
    expect(reasonOf(sibling)).toBe('bad signature');
    expect(reasonOf(`${token}A`)).toBe('bad signature');
  });

  it.each([
    [{ role: 'underwriter', exp: NOW + 60 }, 'sub is required'],
    [{ sub: '', role: 'underwriter', exp: NOW + 60 }, 'sub is required'],
    [{ sub: 'ann', exp: NOW + 60 }, 'role must be one of the known roles'],
    [{ sub: 'ann', role: 'root', exp: NOW + 60 }, 'role must be one of the known roles'],
    [{ sub: 'erp', role: 'integration', exp: NOW + 60 }, 'an integration token must name its policyId'],
    [{ sub: 'erp', role: 'integration', policyId: 7, exp: NOW + 60 }, 'an integration token must name its policyId'],
  ])('refuses the claims %j', (claims, reason) => {
    expect(reasonOf(craft(HS256, claims))).toBe(reason);
  });

  it('refuses to sign claims it would not accept', () => {
    expect(() => signJwt({ sub: 'erp', role: 'integration' }, SECRET, 60)).toThrow('must name its policyId');
    expect(() => signJwt({ sub: 'ann', role: 'admin' }, SECRET, 0)).toThrow(RangeError);
  });
});

describe('JwtVerifier', () => {
  const refusal = (verify: () => unknown) => {
    try {
      verify();
    } catch (error) {
      return (error as Error).message.replace('invalid bearer token: ', '');
    }
    throw new Error('token was accepted');
  };

  it('accepts a token again, and checks its expiry and not-before on every use', () => {
    const verifier = new JwtVerifier(SECRET);
    const early = craft(HS256, { ...valid, nbf: NOW + 10 });
    expect(refusal(() => verifier.verify(early, NOW))).toBe('not valid yet');
    expect(verifier.verify(early, NOW + 10)).toEqual({ sub: 'ann', role: 'underwriter' });
    expect(refusal(() => verifier.verify(early, NOW + 5))).toBe('not valid yet');
    expect(verifier.verify(early, NOW + 59)).toEqual({ sub: 'ann', role: 'underwriter' });
    expect(refusal(() => verifier.verify(early, NOW + 60))).toBe('expired');
  });

  it('verifies in full whatever differs from an accepted token, and remembers no refusal', () => {
    const verifier = new JwtVerifier(SECRET);
    const token = signJwt({ sub: 'ann', role: 'analyst' }, SECRET, 60, NOW);
    verifier.verify(token, NOW);
    const [header, , sig] = token.split('.');
    expect(refusal(() => verifier.verify(`${header}.${encode({ sub: 'ann', role: 'admin', exp: NOW + 60 })}.${sig}`, NOW))).toBe('bad signature');
    expect(refusal(() => verifier.verify(`${token}x`, NOW))).toBe('bad signature');
    expect(refusal(() => new JwtVerifier('another-secret-of-at-least-32-chars!').verify(token, NOW))).toBe('bad signature');
    const forged = craft(HS256, valid, 'another-secret-of-at-least-32-chars!');
    expect(refusal(() => verifier.verify(forged, NOW))).toBe('bad signature');
    expect(refusal(() => verifier.verify(forged, NOW))).toBe('bad signature');
  });

  it('hands out a copy of the principal, and forgets the oldest token beyond its capacity', () => {
    const verifier = new JwtVerifier(SECRET, 2);
    const tokens = ['a', 'b', 'c'].map((sub) => signJwt({ sub, role: 'claims' }, SECRET, 60, NOW));
    const first = verifier.verify(tokens[0], NOW) as { sub: string };
    first.sub = 'mallory';
    expect(verifier.verify(tokens[0], NOW)).toEqual({ sub: 'a', role: 'claims' });
    tokens.forEach((token) => verifier.verify(token, NOW));
    expect((verifier as unknown as { accepted: Map<string, unknown> }).accepted.size).toBe(2);
    expect(verifier.verify(tokens[0], NOW)).toEqual({ sub: 'a', role: 'claims' });
  });
});

describe('assertPolicyAccess', () => {
  it('binds an integration token to its own policy only', () => {
    expect(() => assertPolicyAccess({ sub: 'erp', role: 'integration', policyId: 'p-1' }, 'p-1')).not.toThrow();
    expect(() => assertPolicyAccess({ sub: 'erp', role: 'integration', policyId: 'p-1' }, 'p-2')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => assertPolicyAccess({ sub: 'ann', role: 'underwriter' }, 'p-2')).not.toThrow();
  });
});
