/**
 * The NestJS example: a code-first `@nestjs/graphql` app whose fields are served through field
 * dependencies, under the Apollo driver (Express) or the Mercurius driver (Fastify):
 * `startNestApp({ driver: 'apollo' | 'mercurius', upstreamUrl })`. Compiled with `experimentalDecorators`
 * and `emitDecoratorMetadata`, as Nest's own template.
 *
 * @module
 */
export { startNestApp } from './startNestApp.js';
export type { NestApp, NestAppOptions } from './startNestApp.js';
export { AppModule } from './AppModule.js';
export type { GraphQLDriverName } from './AppModule.js';
export type { UserContext, ContextLoaders } from './contextLoaders.js';
