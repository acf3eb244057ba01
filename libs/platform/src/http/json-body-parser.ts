import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@tc/kernel';

type CallbackParser = (request: FastifyRequest, body: string, done: (error: Error | null, value?: unknown) => void) => void;

/**
 * Fastify rejects a bad JSON body before any Nest code runs, and Nest turns that error into
 * a bare HttpException(400), losing the reason. This parser (Fastify's own, with
 * prototype-poisoning protection) raises MALFORMED_JSON instead, which the filter maps.
 * Only JSON is accepted; any other content type is a 415 from Fastify. Dropping Fastify's
 * text/plain parser also closes the one body type a browser form can post cross-site
 * without a CORS preflight.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  // Fastify's default parser is the callback form of FastifyBodyParser.
  const parse = fastify.getDefaultJsonParser('error', 'error') as CallbackParser;
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (error) done(new DomainError('MALFORMED_JSON', body === '' ? 'the request body is empty' : 'the request body is not valid JSON'), undefined);
      else done(null, value);
    });
  });
}
