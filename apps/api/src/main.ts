import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@tc/platform';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const app = await createApi(config, logger);
  await app.listen(config.port, config.host);

  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const mode = config.eventStoreUrl ? 'EventStoreDB' : `embedded SQLite in ${config.dataDir}`;
  // Plain lines for the person who ran `npm start`; the structured log goes on beside them.
  process.stdout.write(
    [
      '',
      `trade-credit API listening on ${url} (event store: ${mode}; clock: ${config.clock})`,
      `  API docs:   ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
      `  health:     ${url}/health`,
      `  get a token: npm run cli -- token --role underwriter   (roles: underwriter claims auditor analyst integration admin)`,
      config.jwtSecretGenerated ? `  a new JWT secret was generated into ${config.jwtSecretFile} (mode 600)` : '',
      '',
    ]
      .filter((line, i, all) => line !== '' || i === 0 || i === all.length - 1)
      .join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
