export const ROLES = ['underwriter', 'claims', 'auditor', 'analyst', 'integration', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Who sent a request, from a verified token. `policyId` is set for `integration` only: the one policy it may touch. */
export interface Principal {
  readonly sub: string;
  readonly role: Role;
  readonly policyId?: string;
}
