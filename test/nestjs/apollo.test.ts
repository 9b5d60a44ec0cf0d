/** The NestJS example with `@nestjs/apollo` (Apollo Server 5) on `@nestjs/platform-express`. */
import { describeNestApp } from './support/describeNestApp.js';

describeNestApp('apollo');
