import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@tc/kernel';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Access, ACCESS_KEY } from './auth.decorators';
import { InvalidTokenError, JwtVerifier } from './jwt';
import { Principal } from './roles';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard on every route that is not @Public(). */
    principal?: Principal;
  }
}

/**
 * Global guard, secure by default: 401 without a valid bearer token, 403 when the role is
 * not among the route's @Roles() or the route declares no access at all.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: JwtVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokens = new JwtVerifier(config.jwtSecret);
  }

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (access && 'public' in access) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Expiry uses real time on purpose: a manual (simulated) clock moves business dates
    // only, and must not make tokens valid again or expire them early.
    const principal = this.tokens.verify(bearerToken(request.headers.authorization), Math.floor(Date.now() / 1000));
    request.principal = principal;

    if (!access) throw new DomainError('FORBIDDEN', 'this route declares no allowed roles');
    if (!access.roles.includes(principal.role)) throw new DomainError('FORBIDDEN', `role ${principal.role} may not use this route`);
    return true;
  }
}

function bearerToken(header: string | undefined): string {
  if (header === undefined) throw new InvalidTokenError('missing (send Authorization: Bearer <token>)');
  const match = /^Bearer +(\S+)$/i.exec(header);
  if (!match) throw new InvalidTokenError('malformed Authorization header');
  return match[1];
}
