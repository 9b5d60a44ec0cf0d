import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vitest/config';

/** The NestJS example app: Nest's decorators and dependency injection need `experimentalDecorators` and decorator metadata. */
const NEST_EXAMPLE = fileURLToPath(new URL('./examples/nestjs/', import.meta.url));

/**
 * Compiles `*.tc39.test.ts` and `*.legacy.test.ts` with TypeScript itself, in the decorator mode the name
 * says, so decorator tests run exactly what `tsc` emits for users (vite's own transformer does not lower
 * TC39 decorators, nor emit the `design:` metadata Nest's injector reads); the NestJS example's files
 * too, in the `experimentalDecorators` mode of Nest's own template.
 */
function typescriptDecorators(): Plugin {
  return {
    name: 'typescript-decorators',
    enforce: 'pre',
    transform(code, id) {
      const legacy = id.endsWith('.legacy.test.ts') || (id.startsWith(NEST_EXAMPLE) && id.endsWith('.ts'));
      if (!legacy && !id.endsWith('.tc39.test.ts')) return undefined;
      const output = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          experimentalDecorators: legacy,
          emitDecoratorMetadata: legacy,
          useDefineForClassFields: true,
          sourceMap: true,
        },
      });
      return { code: output.outputText.replace(/\/\/# sourceMappingURL=.*$/m, ''), map: output.sourceMapText ?? null };
    },
  };
}

export default defineConfig({
  plugins: [typescriptDecorators()],
  resolve: {
    alias: {
      'field-dependency/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      'field-dependency/graphql': fileURLToPath(new URL('./src/graphql/index.ts', import.meta.url)),
      'field-dependency/opentelemetry': fileURLToPath(new URL('./src/opentelemetry/index.ts', import.meta.url)),
      'field-dependency': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
