/** The NestJS example with `@nestjs/mercurius` (Mercurius 16) on `@nestjs/platform-fastify`. */
import { describeNestApp } from './support/describeNestApp.js';

describeNestApp('mercurius');
