import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Role } from './roles';

/** One key for both decorators, so the handler's choice overrides the controller's either way. */
export const ACCESS_KEY = 'tc:access';

export type Access = { readonly public: true } | { readonly roles: readonly Role[] };

/** The roles allowed on a route (or on every route of a controller). A route with neither this nor @Public() is refused. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { roles } satisfies Access), ApiBearerAuth());

/** A route anyone may call without a token (/health, documentation). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, { public: true } satisfies Access);
