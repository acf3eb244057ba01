export * from './command-pipeline';
export * from './command-pipeline.module';
export * from './command-response';
export * from './etag.interceptor';
export * from './keyed-mutex';
