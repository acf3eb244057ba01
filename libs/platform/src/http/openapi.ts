import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs and the document at /openapi.json, built on first request so boot stays fast. */
export function setupOpenApi(app: INestApplication): void {
  const base = new DocumentBuilder()
    .setTitle('trade-credit')
    .setDescription('Back office for trade credit insurance. Errors are application/problem+json (RFC 9457) with a stable `code`.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, base), { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
}
